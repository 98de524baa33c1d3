"""Sending, editing and replying through python-telegram-bot."""

from __future__ import annotations


import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardMarkup
from telegram.error import BadRequest

from tests.telegram_emulator import EmulatorServer, TgUser, make_user


@pytest.fixture
def user(telegram_emulator: EmulatorServer) -> TgUser:
    new_user = make_user("Dewi", "id")
    telegram_emulator.register_user(new_user)
    return new_user


async def test_reply_keyboards_are_accepted_but_not_echoed(
    telegram_emulator: EmulatorServer, bot: Bot, user: TgUser
) -> None:
    keyboard = ReplyKeyboardMarkup([["Help", "Report"]], one_time_keyboard=True)
    message = await bot.send_message(user.id, "menu", reply_markup=keyboard)
    assert message.reply_markup is None
    assert telegram_emulator.last_sent(user).buttons == [["Help", "Report"]]


async def test_edit_without_changes_is_refused(
    telegram_emulator: EmulatorServer, bot: Bot, user: TgUser
) -> None:
    sent = await bot.send_message(user.id, "same")
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("same", user.id, sent.message_id)
    users_own = telegram_emulator.push_text(user, "mine")
    with pytest.raises(BadRequest, match="Message can't be edited"):
        await bot.edit_message_text("x", user.id, users_own.message_id)


async def test_edit_reply_markup_replaces_then_removes_the_keyboard(
    telegram_emulator: EmulatorServer, bot: Bot, user: TgUser
) -> None:
    sent = await bot.send_message(user.id, "pick", reply_markup=_keyboard("a", "b"))
    edited = await bot.edit_message_reply_markup(
        user.id, sent.message_id, reply_markup=_keyboard("c")
    )
    assert isinstance(edited, type(sent)) and edited.reply_markup == _keyboard("c")
    await bot.edit_message_reply_markup(user.id, sent.message_id)
    view = telegram_emulator.last_sent(user)
    assert view.callback_data == [] and view.edits == 2 and "edit_date" in view.payload
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_reply_markup(user.id, sent.message_id)
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", user.id, 999)


async def test_replies_embed_the_original_or_fail(
    telegram_emulator: EmulatorServer, bot: Bot, user: TgUser
) -> None:
    asked = telegram_emulator.push_text(user, "is this job real?")
    assert asked.message_id is not None
    reply = await bot.send_message(user.id, "let us check", reply_to_message_id=asked.message_id)
    assert reply.reply_to_message and reply.reply_to_message.text == "is this job real?"
    with pytest.raises(BadRequest, match="Message to be replied not found"):
        await bot.send_message(user.id, "x", reply_to_message_id=999)


async def test_markdown_v2_must_escape_reserved_characters(bot: Bot, user: TgUser) -> None:
    with pytest.raises(BadRequest, match="character '!' is reserved"):
        await bot.send_message(user.id, "Stay safe!", parse_mode="MarkdownV2")
    sent = await bot.send_message(user.id, "*Stay safe\\!*", parse_mode="MarkdownV2")
    assert sent.text == "Stay safe!"


async def test_chat_actions_are_checked(bot: Bot, user: TgUser) -> None:
    assert await bot.send_chat_action(user.id, "typing")
    with pytest.raises(BadRequest, match="Wrong parameter action"):
        await bot.send_chat_action(user.id, "dancing")


def _keyboard(*data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(d, callback_data=d) for d in data]])
