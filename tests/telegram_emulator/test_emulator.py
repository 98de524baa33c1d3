"""The emulator driven by python-telegram-bot's real Bot and Application."""

from __future__ import annotations

import asyncio
import datetime as dtm
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.error import BadRequest, Conflict, Forbidden, RetryAfter
from telegram.ext import Application, BaseHandler, CallbackQueryHandler, TypeHandler

from tests.telegram_emulator import (
    EmulatorServer,
    TgUser,
    application_builder,
    free_port,
    make_bot,
    make_user,
)

SHORT_POLL = dtm.timedelta(seconds=0.2)
Collected = list[Update]


@pytest.fixture
def user(tg_user: Callable[..., TgUser]) -> TgUser:
    return tg_user("Mai", "th")


def collector(seen: Collected) -> TypeHandler[Update, Any, Any]:
    async def collect(update: Update, _: Any) -> None:
        seen.append(update)

    return TypeHandler(Update, collect)


@asynccontextmanager
async def polling_app(
    emu: EmulatorServer, *handlers: BaseHandler[Any, Any, Any]
) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
    app = application_builder(emu).build()
    for handler in handlers:
        app.add_handler(handler)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(timeout=SHORT_POLL)
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()


async def until(condition: Callable[[], bool], timeout: float = 3.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)


async def test_get_me_describes_the_bot(telegram_emulator: EmulatorServer, bot: Bot) -> None:
    me = await bot.get_me()
    assert me.is_bot and me.username == "safepassage_test_bot"
    assert me.id == int(telegram_emulator.token.split(":")[0])
    assert telegram_emulator.calls("getMe")[0].ok


async def test_polling_delivers_every_update_kind(
    telegram_emulator: EmulatorServer, user: TgUser
) -> None:
    seen: Collected = []
    emu = telegram_emulator
    async with polling_app(emu, collector(seen)) as app:
        text = emu.push_text(user, "สวัสดี")
        emu.push_command(user, "/start", "ref42")
        sent = await app.bot.send_message(user.id, "choose", reply_markup=_keyboard("lang:th"))
        emu.push_callback(user, "lang:th", sent.message_id)
        emu.push_location(user, 13.75, 100.5, live_period=900)
        emu.push_contact(user, "+66812345678")
        emu.push_photo(user, caption="offer")
        emu.push_document(user, file_name="offer.pdf")
        emu.push_voice(user, duration=7)
        emu.push_sticker(user, emoji="🙏")
        assert text.message_id is not None
        emu.push_edited_text(user, text.message_id, "hello")
        emu.push_raw({"future_kind": {"x": 1}})
        await until(lambda: len(seen) == 11)
    message_of = [u.effective_message for u in seen]
    assert message_of[0] and message_of[0].text == "สวัสดี"
    assert message_of[0].from_user and message_of[0].from_user.language_code == "th"
    assert message_of[1] and message_of[1].text == "/start ref42"
    assert seen[2].callback_query and seen[2].callback_query.data == "lang:th"
    assert message_of[3] and message_of[3].location
    assert message_of[3].location.to_dict()["live_period"] == 900
    assert message_of[4] and message_of[4].contact and message_of[4].contact.user_id == user.id
    assert message_of[5] and message_of[5].photo and message_of[5].caption == "offer"
    assert message_of[6] and message_of[6].document
    assert message_of[6].document.file_name == "offer.pdf"
    assert message_of[7] and message_of[7].voice
    assert message_of[7].voice.to_dict()["duration"] == 7
    assert message_of[8] and message_of[8].sticker and message_of[8].sticker.emoji == "🙏"
    assert seen[9].edited_message and seen[9].edited_message.text == "hello"
    assert seen[10].api_kwargs == {"future_kind": {"x": 1}}
    ids = [u.update_id for u in seen]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert emu.pending_updates() == 0


async def test_message_ids_grow_per_chat_across_user_and_bot(
    telegram_emulator: EmulatorServer, bot: Bot, user: TgUser
) -> None:
    other = make_user("Ken", "vi")
    first = telegram_emulator.push_text(user, "hi")
    reply = await bot.send_message(user.id, "hello")
    second = telegram_emulator.push_text(user, "again")
    elsewhere = telegram_emulator.push_text(other, "xin chào")
    assert (first.message_id, reply.message_id, second.message_id) == (1, 2, 3)
    assert elsewhere.message_id == 1


async def test_long_poll_waits_for_timeout_or_an_update(
    telegram_emulator: EmulatorServer, bot: Bot, user: TgUser
) -> None:
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert await bot.get_updates(timeout=SHORT_POLL) == ()
    assert loop.time() - started >= 0.18
    poll = asyncio.create_task(bot.get_updates(timeout=dtm.timedelta(seconds=2)))
    await asyncio.sleep(0.05)
    started = loop.time()
    telegram_emulator.push_text(user, "now")
    updates = await poll
    assert loop.time() - started < 1.0
    assert [u.message.text for u in updates if u.message] == ["now"]


async def test_offset_confirms_updates_and_limit_caps_batches(
    telegram_emulator: EmulatorServer, bot: Bot, user: TgUser
) -> None:
    pushed = [telegram_emulator.push_text(user, str(n)) for n in range(3)]
    assert len(await bot.get_updates(limit=2)) == 2
    again = await bot.get_updates()
    assert [u.update_id for u in again] == [p.update_id for p in pushed]
    rest = await bot.get_updates(offset=pushed[1].update_id + 1)
    assert [u.update_id for u in rest] == [pushed[2].update_id]
    assert telegram_emulator.pending_updates() == 1


async def test_allowed_updates_filters_kinds(
    telegram_emulator: EmulatorServer, bot: Bot, user: TgUser
) -> None:
    telegram_emulator.push_text(user, "text")
    sent = await bot.send_message(user.id, "pick", reply_markup=_keyboard("a"))
    telegram_emulator.push_callback(user, "a", sent.message_id)
    updates = await bot.get_updates(allowed_updates=["callback_query"])
    assert [u.callback_query.data for u in updates if u.callback_query] == ["a"]
    assert len(updates) == 1


async def test_a_newer_poll_terminates_the_older_with_conflict(
    telegram_emulator: EmulatorServer, bot: Bot
) -> None:
    older = asyncio.create_task(bot.get_updates(timeout=dtm.timedelta(seconds=2)))
    await asyncio.sleep(0.05)
    async with make_bot(telegram_emulator) as second_instance:
        await second_instance.get_updates()
    with pytest.raises(Conflict, match="terminated by other getUpdates"):
        await older


async def test_send_message_with_inline_keyboard_and_protect_content(
    telegram_emulator: EmulatorServer, bot: Bot, user: TgUser
) -> None:
    telegram_emulator.register_user(user)
    markup = _keyboard("lang:th", "lang:en")
    message = await bot.send_message(
        user.id, "<b>เลือกภาษา</b>", parse_mode="HTML", reply_markup=markup, protect_content=True
    )
    assert message.has_protected_content and message.text == "เลือกภาษา"
    assert message.reply_markup == markup
    sent = telegram_emulator.last_sent(user)
    assert sent.protect_content and sent.parse_mode == "HTML"
    assert sent.text == "<b>เลือกภาษา</b>"
    assert sent.callback_data == ["lang:th", "lang:en"]
    assert sent.buttons == [["lang:th", "lang:en"]]


async def test_callback_answer_and_edit_through_application(
    telegram_emulator: EmulatorServer, user: TgUser
) -> None:
    emu = telegram_emulator

    async def on_press(update: Update, _: Any) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer("saved")
        await query.edit_message_text(f"language: {query.data}")

    emu.register_user(user)
    async with polling_app(emu, CallbackQueryHandler(on_press)) as app:
        sent = await app.bot.send_message(user.id, "pick", reply_markup=_keyboard("lang:th"))
        pressed = emu.push_callback(user, "lang:th", sent.message_id)
        await emu.wait_for("editMessageText")
    assert pressed.callback_query_id is not None
    answer = emu.callback_answer(pressed.callback_query_id)
    assert answer is not None and answer["text"] == "saved"
    edited = emu.last_sent(user)
    assert edited.text == "language: lang:th" and edited.edits == 1
    assert edited.reply_markup is None


async def test_a_callback_query_can_be_answered_once(
    telegram_emulator: EmulatorServer, bot: Bot, user: TgUser
) -> None:
    telegram_emulator.register_user(user)
    sent = await bot.send_message(user.id, "pick", reply_markup=_keyboard("a"))
    pressed = telegram_emulator.push_callback(user, "a", sent.message_id)
    assert pressed.callback_query_id is not None
    assert await bot.answer_callback_query(pressed.callback_query_id)
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(pressed.callback_query_id)


async def test_delete_messages_and_the_48_hour_rule(
    telegram_emulator: EmulatorServer, bot: Bot, user: TgUser
) -> None:
    emu = telegram_emulator
    old = emu.push_text(user, "sensitive", date=emu.state.now() - 49 * 3600)
    fresh = emu.push_text(user, "also sensitive")
    reply = await bot.send_message(user.id, "noted")
    assert old.message_id is not None and fresh.message_id is not None
    with pytest.raises(BadRequest, match="Message can't be deleted"):
        await bot.delete_message(user.id, old.message_id)
    ids = [old.message_id, fresh.message_id, reply.message_id, 999]
    assert await bot.delete_messages(user.id, ids)
    assert {d.message_id for d in emu.deletions(user)} == {fresh.message_id, reply.message_id}
    assert emu.sent_messages(user) == []
    assert emu.sent_messages(user, include_deleted=True)[0].deleted
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(user.id, reply.message_id)


async def test_age_message_makes_the_bots_own_message_undeletable(
    telegram_emulator: EmulatorServer, bot: Bot, user: TgUser
) -> None:
    telegram_emulator.register_user(user)
    sent = await bot.send_message(user.id, "alert")
    telegram_emulator.age_message(user, sent.message_id, 48 * 3600 + 1)
    with pytest.raises(BadRequest, match="Message can't be deleted"):
        await bot.delete_message(user.id, sent.message_id)


async def test_set_my_commands_per_language_and_scope(
    telegram_emulator: EmulatorServer, bot: Bot, user: TgUser
) -> None:
    emu = telegram_emulator
    await bot.set_my_commands([BotCommand("start", "Start"), BotCommand("help", "Help")])
    await bot.set_my_commands([BotCommand("start", "เริ่ม")], language_code="th")
    await bot.set_my_commands(
        [BotCommand("report", "Report")], scope=BotCommandScopeChat(make_user().id)
    )
    thai = await bot.get_my_commands(language_code="th")
    assert [c.description for c in thai] == ["เริ่ม"]
    assert [c["command"] for c in emu.commands()] == ["start", "help"]
    assert emu.commands_for(user)[0]["description"] == "เริ่ม"
    assert emu.commands_for(make_user(language_code="zh-hans"))[0]["description"] == "Start"
    await bot.delete_my_commands(language_code="th")
    assert emu.commands_for(user)[0]["description"] == "Start"
    with pytest.raises(BadRequest):
        await bot.set_my_commands([BotCommand("start", "Simula")], language_code="fil")
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Start", "Start")])


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_429_surfaces_as_retry_after(
    telegram_emulator: EmulatorServer, bot: Bot, user: TgUser
) -> None:
    telegram_emulator.register_user(user)
    telegram_emulator.fail_next("sendMessage", 429, retry_after=3)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(user.id, "hi")
    assert "Retry in 3 seconds" in str(caught.value)
    await bot.send_message(user.id, "hi")
    assert [c.status for c in telegram_emulator.calls("sendMessage")] == [429, 200]
    assert [m.text for m in telegram_emulator.sent_messages(user)] == ["hi"]


async def test_message_text_limit_is_4096_characters(
    telegram_emulator: EmulatorServer, bot: Bot, user: TgUser
) -> None:
    telegram_emulator.register_user(user)
    await bot.send_message(user.id, "ก" * 4096)
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(user.id, "ก" * 4097)
    tagged = "<b>" + "x" * 4096 + "</b>"  # markup does not count
    assert (await bot.send_message(user.id, tagged, parse_mode="HTML")).text == "x" * 4096


async def test_callback_data_limit_is_64_bytes(
    telegram_emulator: EmulatorServer, bot: Bot, user: TgUser
) -> None:
    telegram_emulator.register_user(user)
    await bot.send_message(user.id, "ok", reply_markup=_keyboard("x" * 64))
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(user.id, "no", reply_markup=_keyboard("x" * 65))
    with pytest.raises(BadRequest, match="Button_data_invalid"):  # 22 Thai letters = 66 bytes
        await bot.send_message(user.id, "no", reply_markup=_keyboard("ก" * 22))


async def test_webhook_delivery_with_secret_and_wrong_secret_refused(
    telegram_emulator: EmulatorServer, user: TgUser
) -> None:
    emu, port = telegram_emulator, free_port()
    seen: Collected = []
    app = application_builder(emu).build()
    app.add_handler(collector(seen))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_webhook(
            listen="127.0.0.1",
            port=port,
            url_path="hook",
            webhook_url=f"http://127.0.0.1:{port}/hook",
            secret_token="s3cret-token",
        )
        hook = emu.calls("setWebhook")[-1].params
        assert (hook["url"], hook["secret_token"]) == (
            f"http://127.0.0.1:{port}/hook",
            "s3cret-token",
        )
        emu.push_text(user, "via webhook")
        await until(lambda: len(seen) == 1)
        emu.set_webhook_secret_override("wrong")
        refused = emu.push_text(user, "tampered")
        await until(lambda: any(d.status == 403 for d in emu.webhook_deliveries()))
        info = await app.bot.get_webhook_info()
        assert info.pending_update_count == 1 and "403" in (info.last_error_message or "")
        emu.set_webhook_secret_override(None)
        await until(lambda: len(seen) == 2)
        await app.updater.stop()
        await app.stop()
    assert seen[0].message and seen[0].message.text == "via webhook"
    assert seen[1].update_id == refused.update_id
    assert emu.webhook_deliveries()[0].status == 200


async def test_get_updates_conflicts_with_an_active_webhook(
    telegram_emulator: EmulatorServer, bot: Bot
) -> None:
    await bot.set_webhook("https://example.invalid/hook", secret_token="abc")
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates()
    assert (await bot.get_webhook_info()).url == "https://example.invalid/hook"
    await bot.delete_webhook()
    assert await bot.get_updates() == ()


async def test_blocked_user_gives_forbidden_and_a_member_update(
    telegram_emulator: EmulatorServer, bot: Bot, user: TgUser
) -> None:
    telegram_emulator.block(user)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(user.id, "are you safe?")
    (update,) = await bot.get_updates()
    assert update.my_chat_member and update.my_chat_member.new_chat_member.status == "kicked"


def _keyboard(*data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(d, callback_data=d) for d in data]])
