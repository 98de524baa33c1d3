"""Bot API methods that send, edit and delete messages (text, location, chat actions)."""

from __future__ import annotations

import copy
from typing import Any

from tests.telegram_emulator.errors import bad_request, forbidden
from tests.telegram_emulator.factories import JSONDict, location_content, message_dict
from tests.telegram_emulator.markup import (
    check_parse_mode,
    check_reply_markup,
    check_text,
    shown_markup,
)
from tests.telegram_emulator.params import (
    bool_param,
    float_param,
    int_param,
    object_param,
    require,
    required_int,
    str_param,
)
from tests.telegram_emulator.records import StoredMessage
from tests.telegram_emulator.state import EmulatorState

DELETE_WINDOW_SECONDS = 48 * 3600  # Bot API deleteMessage: "sent less than 48 hours ago"
CHAT_ACTIONS = frozenset(
    {"typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
     "upload_document", "choose_sticker", "find_location", "record_video_note",
     "upload_video_note"}
)  # fmt: skip
LIVE_PERIOD_FOREVER = 0x7FFFFFFF


def target_chat(state: EmulatorState, params: JSONDict, key: str = "chat_id") -> JSONDict:
    """Return the chat a message goes to, refusing unknown chats and blocked users."""
    chat = state.chat(require(params, key, "chat_id is empty"))
    if chat["id"] in state.blocked:
        raise forbidden("bot was blocked by the user")
    return chat


def new_bot_message(
    state: EmulatorState,
    chat: JSONDict,
    content: JSONDict,
    method: str,
    params: JSONDict,
) -> JSONDict:
    """Store a message the bot sends and return its ``Message`` object."""
    reply_to = _replied_message(state, chat["id"], params)
    message_id = state.next_message_id(chat["id"])
    date = int(state.now())
    payload = message_dict(message_id, chat, date, state.identity.user_dict(), content)
    if reply_to is not None:
        payload["reply_to_message"] = reply_to
    markup = shown_markup(check_reply_markup(object_param(params, "reply_markup")))
    if markup is not None:
        payload["reply_markup"] = markup
    if bool_param(params, "protect_content"):
        payload["has_protected_content"] = True
    stored = StoredMessage(chat["id"], message_id, date, True, payload, method, dict(params))
    state.store(stored)
    return copy.deepcopy(payload)


def send_message(state: EmulatorState, params: JSONDict) -> JSONDict:
    """sendMessage: text up to 4096 characters, optional parse_mode and keyboard."""
    chat = target_chat(state, params)
    parse_mode = check_parse_mode(str_param(params, "parse_mode"))
    shown = check_text(str(require(params, "text", "message text is empty")), parse_mode)
    return new_bot_message(state, chat, {"text": shown}, "sendMessage", params)


def send_location(state: EmulatorState, params: JSONDict) -> JSONDict:
    """sendLocation: a static or live location."""
    chat = target_chat(state, params)
    latitude, longitude = float_param(params, "latitude"), float_param(params, "longitude")
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise bad_request("wrong location specified")
    live_period = int_param(params, "live_period")
    if live_period is not None and not (
        60 <= live_period <= 86400 or live_period == LIVE_PERIOD_FOREVER
    ):
        raise bad_request("wrong live period specified")
    content = location_content(latitude, longitude, live_period)
    return new_bot_message(state, chat, content, "sendLocation", params)


def send_chat_action(state: EmulatorState, params: JSONDict) -> bool:
    """sendChatAction: ``typing`` and friends."""
    target_chat(state, params)
    if str_param(params, "action") not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True


def edit_message_text(state: EmulatorState, params: JSONDict) -> JSONDict:
    """editMessageText: new text; the inline keyboard is replaced (or removed if absent)."""
    message = _own_message(state, params)
    parse_mode = check_parse_mode(str_param(params, "parse_mode"))
    shown = check_text(str(require(params, "text", "message text is empty")), parse_mode)
    markup = check_reply_markup(object_param(params, "reply_markup"), inline_only=True)
    if "text" not in message.payload:
        raise bad_request("there is no text in the message to edit")
    _refuse_unmodified(message, {"text": shown, "reply_markup": markup})
    message.payload["text"] = shown
    message.params.update(text=params["text"], parse_mode=parse_mode)
    return _apply_edit(state, message, markup)


def edit_message_reply_markup(state: EmulatorState, params: JSONDict) -> JSONDict:
    """editMessageReplyMarkup: replace or remove the inline keyboard."""
    message = _own_message(state, params)
    markup = check_reply_markup(object_param(params, "reply_markup"), inline_only=True)
    _refuse_unmodified(message, {"reply_markup": markup})
    return _apply_edit(state, message, markup)


def delete_message(state: EmulatorState, params: JSONDict) -> bool:
    """deleteMessage: only messages under 48 hours old; unknown ones are an error."""
    chat = state.chat(require(params, "chat_id", "chat_id is empty"))
    message_id = required_int(params, "message_id", "message identifier is not specified")
    message = state.message(chat["id"], message_id)
    if message is None:
        raise bad_request("message to delete not found")
    if not _deletable(state, message):
        raise bad_request("message can't be deleted")
    state.record_deletion(message, "deleteMessage")
    return True


def delete_messages(state: EmulatorState, params: JSONDict) -> bool:
    """deleteMessages: 1-100 ids; missing or undeletable ones are skipped, as documented."""
    chat = state.chat(require(params, "chat_id", "chat_id is empty"))
    ids = object_param(params, "message_ids")
    if not isinstance(ids, list) or not ids:
        raise bad_request("message identifiers are not specified")
    if len(ids) > 100:
        raise bad_request("too many message identifiers specified")
    for message_id in ids:
        message = state.message(chat["id"], message_id)
        if message is not None and _deletable(state, message):
            state.record_deletion(message, "deleteMessages")
    return True


def _deletable(state: EmulatorState, message: StoredMessage) -> bool:
    return state.now() - message.date < DELETE_WINDOW_SECONDS


def _own_message(state: EmulatorState, params: JSONDict) -> StoredMessage:
    if params.get("inline_message_id") is not None:
        raise bad_request("MESSAGE_ID_INVALID")  # inline mode is not emulated
    chat = state.chat(require(params, "chat_id", "chat_id is empty"))
    message_id = required_int(params, "message_id", "message identifier is not specified")
    message = state.message(chat["id"], message_id)
    if message is None:
        raise bad_request("message to edit not found")
    if not message.from_bot:
        raise bad_request("message can't be edited")
    return message


def _refuse_unmodified(message: StoredMessage, new: dict[str, Any]) -> None:
    current = {key: message.payload.get(key) for key in new}
    wanted = {key: shown_markup(v) if key == "reply_markup" else v for key, v in new.items()}
    if current == wanted:
        raise bad_request(
            "message is not modified: specified new message content and reply markup are "
            "exactly the same as a current content and reply markup of the message"
        )


def _apply_edit(state: EmulatorState, message: StoredMessage, markup: JSONDict | None) -> JSONDict:
    with state.lock:
        shown = shown_markup(markup)
        if shown is None:
            message.payload.pop("reply_markup", None)
        else:
            message.payload["reply_markup"] = shown
        message.params["reply_markup"] = markup
        message.payload["edit_date"] = int(state.now())
        message.edits += 1
        return copy.deepcopy(message.payload)


def _replied_message(state: EmulatorState, chat_id: int, params: JSONDict) -> JSONDict | None:
    reply = object_param(params, "reply_parameters") or {}
    wanted = reply.get("message_id", params.get("reply_to_message_id"))
    if wanted is None:
        return None
    original = state.message(chat_id, wanted)
    if original is not None:
        found = copy.deepcopy(original.payload)
        found.pop("reply_to_message", None)  # Telegram nests replies one level only
        return found
    if reply.get("allow_sending_without_reply") or bool_param(
        params, "allow_sending_without_reply"
    ):
        return None
    raise bad_request("message to be replied not found")
