"""The emulator on a background thread, serving PTB's own run_polling loop."""

from __future__ import annotations

import datetime as dtm

from telegram import Update
from telegram.ext import ContextTypes, MessageHandler, filters

from tests.telegram_emulator import EmulatorServer, application_builder, make_bot, make_user


def test_run_polling_against_a_threaded_emulator() -> None:
    user = make_user("Sok", "km")
    with EmulatorServer().in_thread() as emu:

        async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            assert update.message is not None
            await update.message.reply_text(f"echo: {update.message.text}")
            context.application.stop_running()

        app = application_builder(emu).build()
        app.add_handler(MessageHandler(filters.TEXT, echo))
        emu.push_text(user, "សួស្តី")
        app.run_polling(timeout=dtm.timedelta(seconds=0.2), stop_signals=None, close_loop=False)
        reply = emu.wait_for_sync("sendMessage")
        assert reply.params["text"] == "echo: សួស្តី"
        assert emu.pending_updates() == 0


async def test_a_threaded_emulator_serves_a_bot_on_another_loop() -> None:
    user = make_user("Nok", "lo")
    with EmulatorServer().in_thread() as emu:
        async with make_bot(emu) as bot:
            emu.push_text(user, "ສະບາຍດີ")
            (update,) = await bot.get_updates(timeout=dtm.timedelta(seconds=1))
            assert update.message is not None
            await update.message.reply_text("ok")
            found = await emu.wait_for("sendMessage")
            assert found.params["chat_id"] == user.id
