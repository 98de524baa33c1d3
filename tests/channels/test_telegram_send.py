"""Rendering actions to the Bot API: keyboards, long texts, wipes, and failures mid-turn."""


import pytest
from babel.support import NullTranslations
from telegram import Bot

from bot.channels.telegram_send import (
    DELETE_BATCH, ReplySender, fit_parts, keyboard_rows,
)
from bot.core.events import Action, Button, DeleteMessages, Msg, Reply, ScheduleFollowUp
from bot.i18n import Translator
from tests.telegram_emulator import EmulatorServer, TgUser, make_user

TR = Translator("en", NullTranslations())


def say(text: str, *buttons: tuple[str, str], **flags: bool) -> Reply:
    """A reply whose text is ``text`` verbatim (the id is a template of one parameter)."""
    return Reply(Msg("{body}", {"body": text}),
                 tuple(Button(Msg("{l}", {"l": label}), data) for label, data in buttons),
                 **flags)


@pytest.fixture
def user(emu: EmulatorServer) -> TgUser:
    person = make_user("Dewi", "id")
    emu.register_user(person)
    return person


def test_short_labels_pair_up_and_long_ones_get_their_own_row() -> None:
    rows = keyboard_rows([("Yes", "a"), ("No", "b"), ("I cannot leave the building", "c"),
                          ("Skip", "d"), ("Menu", "e"), ("Help", "f")])
    assert [[b.callback_data for b in row] for row in rows] == [["a", "b"], ["c"], ["d", "e"],
                                                              ["f"]]


def test_buttons_with_invalid_callback_data_are_dropped_not_sent() -> None:
    rows = keyboard_rows([("ok", "f:menu:main:job"), ("bad", "x" * 65), ("empty", "")])
    assert [[b.callback_data for b in row] for row in rows] == [["f:menu:main:job"]]


def test_parts_fit_telegrams_limit_in_utf16_units() -> None:
    emoji = "🙏" * 3000  # 3000 code points, 6000 UTF-16 units
    parts = fit_parts([emoji, "   ", "ok"])
    assert all(len(p.encode("utf-16-le")) // 2 <= 4096 for p in parts)
    assert "".join(parts[:-1]) == emoji and parts[-1] == "ok"


async def test_replies_are_plain_text_with_inline_buttons_and_protection(
    emu: EmulatorServer, bot: Bot, user: TgUser
) -> None:
    reply = say("<b>not bold</b>", ("Yes", "f:d:s:yes"), ("No", "f:d:s:no"), protect=True)
    ids = await ReplySender().send_reply(bot, user.id, reply, TR)
    sent = emu.last_sent(user)
    assert ids == [str(sent.message_id)]
    assert (sent.text, sent.parse_mode, sent.protect_content) == ("<b>not bold</b>", None, True)
    assert sent.callback_data == ["f:d:s:yes", "f:d:s:no"] and sent.buttons == [["Yes", "No"]]


async def test_long_texts_are_split_and_buttons_go_on_the_last_part(
    emu: EmulatorServer, bot: Bot, user: TgUser
) -> None:
    text = "\n".join(f"line {n} " + "x" * 90 for n in range(90))  # about 9,000 characters
    ids = await ReplySender().send_reply(bot, user.id, say(text, ("Menu", "g:menu")), TR)
    sent = emu.sent_messages(user)
    assert len(ids) == len(sent) == 3
    assert "\n".join(m.text or "" for m in sent) == text
    assert [m.callback_data for m in sent] == [[], [], ["g:menu"]]


async def test_a_location_request_gets_the_share_location_keyboard(
    emu: EmulatorServer, bot: Bot, user: TgUser
) -> None:
    only = await ReplySender().send_reply(bot, user.id, say("Where?", request_location=True), TR)
    keyboard = emu.last_sent(user).reply_markup or {}
    assert len(only) == 1 and keyboard["keyboard"][0][0]["request_location"] is True
    both = say("Where?", ("I don't know", "f:d:where:unknown"), request_location=True)
    ids = await ReplySender().send_reply(bot, user.id, both, TR)
    question, prompt = emu.sent_messages(user)[-2:]
    assert len(ids) == 2 and question.callback_data == ["f:d:where:unknown"]
    assert (prompt.reply_markup or {})["keyboard"][0][0]["text"] == "telegram.share_location"


async def test_a_wipe_deletes_in_batches_and_skips_what_telegram_refuses(
    emu: EmulatorServer, bot: Bot, user: TgUser
) -> None:
    old = emu.push_text(user, "sent two days ago")
    assert old.message_id is not None
    emu.age_message(user, old.message_id, 49 * 3600)
    ours = [str(m.message_id) for m in [await bot.send_message(user.id, f"m{n}")
                                        for n in range(DELETE_BATCH + 30)]]
    await ReplySender().wipe(bot, user.id, [str(old.message_id), *ours, "c7", "999999"])
    assert [len(c.params["message_ids"]) for c in emu.calls("deleteMessages")] == [100, 32]
    deleted = {d.message_id for d in emu.deletions(user)}
    assert deleted == {int(m) for m in ours}


async def test_after_a_wipe_the_neutral_line_removes_any_keyboard(
    emu: EmulatorServer, bot: Bot, user: TgUser
) -> None:
    first = await bot.send_message(user.id, "question")
    actions: list[Action] = [DeleteMessages((str(first.message_id),)), say("Have a nice day."),
               ScheduleFollowUp(60, Msg("x"))]
    sent = await ReplySender().send_actions(bot, user.id, actions, "en")
    last = emu.last_sent(user)
    assert last.reply_markup == {"remove_keyboard": True} and last.text == "Have a nice day."
    assert sent.message_ids == (str(last.message_id),)  # the follow-up is the app's, not sent


async def test_a_blocked_user_stops_the_turn_quietly(
    emu: EmulatorServer, bot: Bot, user: TgUser
) -> None:
    emu.block(user, notify=False)
    sent = await ReplySender().send_actions(bot, user.id, [say("one"), say("two")], "en")
    assert sent.message_ids == () and len(emu.calls("sendMessage")) == 1


async def test_a_refused_message_is_skipped_and_a_dropped_connection_retried(
    emu: EmulatorServer, bot: Bot, user: TgUser
) -> None:
    emu.fail_next("sendMessage", error_code=400, description="Bad Request: message is too long")
    emu.disconnect_next("sendMessage")
    sent = await ReplySender().send_actions(bot, user.id, [say("one"), say("two")], "en")
    assert [m.text for m in emu.sent_messages(user)] == ["two"]
    assert len(sent.message_ids) == 1
