"""Telegram updates -> core events, built offline from the Bot API's JSON shapes."""

from typing import Any

import pytest
from telegram import Update

from bot.channels.telegram_mapping import (
    CHANNEL, OperatorPress, operator_press, sender_of, to_event,
)
from bot.core.events import (
    ButtonPress, Command, ContactShared, LocationShared, MediaShared, Sender, Text, Unsupported,
)
from tests.telegram_emulator import factories as f
from tests.telegram_emulator.factories import TgUser, make_user

DATE = 1_700_000_000


def update(user: TgUser, content: dict[str, Any], *, kind: str = "message",
           message_id: int = 7, chat: dict[str, Any] | None = None) -> Update:
    """An update carrying one message from ``user`` with ``content``."""
    message = f.message_dict(message_id, chat or f.private_chat_dict(user), DATE,
                             user.to_dict(), content)
    parsed = Update.de_json({"update_id": 1, kind: message}, None)
    assert parsed is not None
    return parsed


def callback(user: TgUser, data: str | None) -> Update:
    """A button press under a bot message in the user's private chat."""
    bot = f.bot_user_dict(1, "safepassage_test_bot", "SafePassage")
    message = f.message_dict(3, f.private_chat_dict(user), DATE, bot, f.text_content("q"))
    query = f.callback_query_dict("q1", user, message, data or "", "c1")
    if data is None:
        del query["data"]
        query["game_short_name"] = "game"
    parsed = Update.de_json({"update_id": 2, "callback_query": query}, None)
    assert parsed is not None
    return parsed


@pytest.fixture
def mai() -> TgUser:
    return make_user("Mai", "th")


def test_sender_carries_ids_and_the_client_language(mai: TgUser) -> None:
    found = sender_of(update(mai, f.text_content("hi")))
    assert found == Sender(CHANNEL, str(mai.id), str(mai.id), "th")


def test_text_keeps_the_message_id_for_quick_exit(mai: TgUser) -> None:
    event = to_event(update(mai, f.text_content("มีงานที่กัมพูชา"), message_id=42))
    assert isinstance(event, Text)
    assert (event.text, event.message_id, event.edited) == ("มีงานที่กัมพูชา", "42", False)


@pytest.mark.parametrize(("text", "name", "arg"), [
    ("/start th", "start", "th"), ("/start", "start", ""), ("/HELP", "help", ""),
    ("/x", "x", ""), ("/language@safepassage_test_bot vi", "language", "vi"),
    ("/start campaign_2024", "start", "campaign_2024"),
])
def test_commands_become_command_events(mai: TgUser, text: str, name: str, arg: str) -> None:
    event = to_event(update(mai, f.text_content(text)), "safepassage_test_bot")
    assert isinstance(event, Command)
    assert (event.name, event.arg, event.message_id) == (name, arg, "7")


def test_a_command_for_another_bot_or_a_bare_slash_is_text(mai: TgUser) -> None:
    assert isinstance(to_event(update(mai, f.text_content("/help@otherbot")), "me_bot"), Text)
    assert isinstance(to_event(update(mai, f.text_content("/ hello")), "me_bot"), Text)


def test_locations_live_locations_and_their_updates(mai: TgUser) -> None:
    pin = to_event(update(mai, f.location_content(16.69, 98.51)))
    live = to_event(update(mai, f.location_content(16.69, 98.51, live_period=900)))
    moved = to_event(update(mai, f.location_content(16.7, 98.5), kind="edited_message"))
    assert isinstance(pin, LocationShared) and not pin.live and pin.message_id == "7"
    assert isinstance(live, LocationShared) and live.live
    assert isinstance(moved, LocationShared) and moved.live and moved.message_id is None
    assert (moved.lat, moved.lon) == (16.7, 98.5)


def test_contact_and_media_become_events_with_file_references(mai: TgUser) -> None:
    contact = to_event(update(mai, f.contact_content("+66812345678", "Nok", mai.id, "S")))
    photo = to_event(update(mai, {"photo": [f.photo_size("small", "u1", 90, 90, 10),
                                            f.photo_size("big", "u2", 1280, 960, 99)],
                                  "caption": "the contract"}))
    doc = to_event(update(mai, {"document": f.document_dict("doc1", "u3", "a.pdf", "x", 5)}))
    voice = to_event(update(mai, {"voice": f.voice_dict("v1", "u4", 3, 5)}))
    assert isinstance(contact, ContactShared)
    assert (contact.phone, contact.name) == ("+66812345678", "Nok S")
    assert isinstance(photo, MediaShared)
    assert (photo.kind, photo.ref, photo.caption) == ("photo", "big", "the contract")
    assert isinstance(doc, MediaShared) and (doc.kind, doc.ref) == ("document", "doc1")
    assert isinstance(voice, MediaShared) and (voice.kind, voice.ref) == ("voice", "v1")


def test_stickers_and_unknown_content_are_unsupported(mai: TgUser) -> None:
    sticker = to_event(update(mai, {"sticker": f.sticker_dict("s1", "u5", "🙏", 5)}))
    dice = to_event(update(mai, {"dice": {"emoji": "🎲", "value": 3}}))
    assert isinstance(sticker, Unsupported) and sticker.kind == "sticker"
    assert isinstance(dice, Unsupported) and dice.kind == "message"


def test_edits_are_marked_and_not_tracked_twice(mai: TgUser) -> None:
    text = to_event(update(mai, f.text_content("fixed typo"), kind="edited_message"))
    other = to_event(update(mai, {"caption": "x", "photo": [f.photo_size("p", "u", 1, 1, 1)]},
                            kind="edited_message"))
    assert isinstance(text, Text) and text.edited and text.message_id is None
    assert isinstance(other, Unsupported) and other.kind == "edited"


def test_button_presses_keep_the_untrusted_payload(mai: TgUser) -> None:
    event = to_event(callback(mai, "f:menu:main:job"))
    assert event == ButtonPress(Sender(CHANNEL, str(mai.id), str(mai.id), "th"),
                                "f:menu:main:job")
    junk = to_event(callback(mai, "z" * 300))
    assert isinstance(junk, ButtonPress) and len(junk.payload) == 256
    assert isinstance(to_event(callback(mai, None)), Unsupported)


def test_groups_member_changes_and_unknown_updates_are_not_conversations(mai: TgUser) -> None:
    group = update(mai, f.text_content("hello all"), chat=f.group_chat_dict(-100, "Ops"))
    bot = f.bot_user_dict(1, "b", "B")
    blocked = Update.de_json(f.member_status_update(5, mai, bot, DATE, "kicked"), None)
    future = Update.de_json({"update_id": 6, "future_kind": {"x": 1}}, None)
    assert blocked is not None and future is not None
    assert [to_event(u) for u in (group, blocked, future)] == [None, None, None]


@pytest.mark.parametrize(("data", "expected"), [
    ("op:ack:12", OperatorPress("ack", 12)), ("op:close:7", OperatorPress("close", 7)),
    ("op:ack:abc", OperatorPress("ack", None)), ("op:ack:SP-7K3Q9.ngo", OperatorPress("ack", None)),
    ("op:", OperatorPress("", None)), ("op:ack:" + "9" * 40, OperatorPress("ack", None)),
    ("f:menu:main:job", None), ("g:hide", None),
])
def test_operator_buttons_are_recognised(mai: TgUser, data: str,
                                         expected: OperatorPress | None) -> None:
    query = callback(mai, data).callback_query
    assert query is not None
    assert operator_press(query) == expected
