"""Factories for Bot API objects as plain JSON dicts (User, Chat, Message, Update, files).

The shapes follow https://core.telegram.org/bots/api (Bot API 9.x, read 2025) as
python-telegram-bot 22 parses them: optional fields are omitted rather than set to null.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

JSONDict = dict[str, Any]

_user_ids = itertools.count(700_000_001)
_file_serial = itertools.count(1)

# Real file ids start with a type-specific prefix; tests only need them unique and opaque.
_FILE_PREFIX = {
    "photo": "AgACAgEAAxkBAAE",
    "document": "BQACAgEAAxkBAAE",
    "voice": "AwACAgEAAxkBAAE",
    "sticker": "CAACAgEAAxkBAAE",
}


@dataclass(frozen=True)
class TgUser:
    """A Telegram user as the emulator's tests know them."""

    id: int
    first_name: str
    language_code: str | None = "en"
    last_name: str | None = None
    username: str | None = None
    is_bot: bool = False

    def to_dict(self) -> JSONDict:
        """Return the Bot API ``User`` object."""
        data: JSONDict = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        return data


def make_user(
    first_name: str = "Test",
    language_code: str | None = "en",
    *,
    user_id: int | None = None,
    last_name: str | None = None,
    username: str | None = None,
) -> TgUser:
    """Return a new user with a fresh id (``language_code`` is an IETF tag, e.g. ``zh-hans``)."""
    return TgUser(
        id=user_id if user_id is not None else next(_user_ids),
        first_name=first_name,
        language_code=language_code,
        last_name=last_name,
        username=username,
    )


def bot_user_dict(bot_id: int, username: str, first_name: str) -> JSONDict:
    """Return the ``User`` object of the bot itself, as used in ``from`` of its messages."""
    return {"id": bot_id, "is_bot": True, "first_name": first_name, "username": username}


def private_chat_dict(user: TgUser) -> JSONDict:
    """Return the ``Chat`` of a private conversation (its id equals the user's id)."""
    chat: JSONDict = {"id": user.id, "type": "private", "first_name": user.first_name}
    if user.last_name is not None:
        chat["last_name"] = user.last_name
    if user.username is not None:
        chat["username"] = user.username
    return chat


def group_chat_dict(chat_id: int, title: str) -> JSONDict:
    """Return the ``Chat`` of a supergroup, e.g. an operators' alert room."""
    return {"id": chat_id, "type": "supergroup", "title": title}


def message_dict(
    message_id: int, chat: JSONDict, date: int, sender: JSONDict | None, content: JSONDict
) -> JSONDict:
    """Return a ``Message`` with the given content fields (text, photo, location, ...)."""
    message: JSONDict = {"message_id": message_id}
    if sender is not None:
        message["from"] = sender
    message.update({"chat": chat, "date": date})
    message.update(content)
    return message


def text_content(text: str) -> JSONDict:
    """Return the content of a text message, with a ``bot_command`` entity if it starts one."""
    content: JSONDict = {"text": text}
    if text.startswith("/") and len(text) > 1:
        command = text.split(maxsplit=1)[0]
        content["entities"] = [{"type": "bot_command", "offset": 0, "length": _utf16_len(command)}]
    return content


def location_content(
    latitude: float,
    longitude: float,
    live_period: int | None = None,
    horizontal_accuracy: float | None = None,
) -> JSONDict:
    """Return the content of a location message (live when ``live_period`` is set)."""
    location: JSONDict = {"latitude": latitude, "longitude": longitude}
    if live_period is not None:
        location["live_period"] = live_period
    if horizontal_accuracy is not None:
        location["horizontal_accuracy"] = horizontal_accuracy
    return {"location": location}


def contact_content(
    phone_number: str, first_name: str, user_id: int | None, last_name: str | None = None
) -> JSONDict:
    """Return the content of a shared-contact message."""
    contact: JSONDict = {"phone_number": phone_number, "first_name": first_name}
    if last_name is not None:
        contact["last_name"] = last_name
    if user_id is not None:
        contact["user_id"] = user_id
    return {"contact": contact}


def new_file_ids(kind: str) -> tuple[str, str]:
    """Return a fresh ``(file_id, file_unique_id)`` pair for a file of ``kind``."""
    serial = next(_file_serial)
    prefix = _FILE_PREFIX.get(kind, "BQACAgEAAxkBAAE")
    return f"{prefix}{serial:08d}", f"AQAD{serial:08d}"


def photo_size(file_id: str, unique_id: str, width: int, height: int, size: int) -> JSONDict:
    """Return one ``PhotoSize``."""
    return {
        "file_id": file_id,
        "file_unique_id": unique_id,
        "width": width,
        "height": height,
        "file_size": size,
    }


def document_dict(
    file_id: str, unique_id: str, file_name: str, mime_type: str, size: int
) -> JSONDict:
    """Return a ``Document``."""
    return {
        "file_id": file_id,
        "file_unique_id": unique_id,
        "file_name": file_name,
        "mime_type": mime_type,
        "file_size": size,
    }


def voice_dict(file_id: str, unique_id: str, duration: int, size: int) -> JSONDict:
    """Return a ``Voice`` note (Telegram clients record OGG/Opus)."""
    return {
        "file_id": file_id,
        "file_unique_id": unique_id,
        "duration": duration,
        "mime_type": "audio/ogg",
        "file_size": size,
    }


def sticker_dict(file_id: str, unique_id: str, emoji: str, size: int) -> JSONDict:
    """Return a static ``Sticker``."""
    return {
        "file_id": file_id,
        "file_unique_id": unique_id,
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "emoji": emoji,
        "file_size": size,
    }


def callback_query_dict(
    query_id: str, user: TgUser, message: JSONDict, data: str, chat_instance: str
) -> JSONDict:
    """Return a ``CallbackQuery`` from an inline button under ``message``."""
    return {
        "id": query_id,
        "from": user.to_dict(),
        "message": message,
        "chat_instance": chat_instance,
        "data": data,
    }


def inaccessible_message_dict(chat: JSONDict, message_id: int) -> JSONDict:
    """Return an ``InaccessibleMessage`` (date 0), sent when the original is gone."""
    return {"chat": chat, "message_id": message_id, "date": 0}


def member_status_update(
    update_id: int, user: TgUser, bot: JSONDict, date: int, new_status: str
) -> JSONDict:
    """Return a ``my_chat_member`` update, e.g. ``kicked`` when a user blocks the bot."""
    old_status = "kicked" if new_status == "member" else "member"
    member_change = {
        "chat": private_chat_dict(user),
        "from": user.to_dict(),
        "date": date,
        "old_chat_member": {"status": old_status, "user": bot},
        "new_chat_member": _member(new_status, bot),
    }
    return {"update_id": update_id, "my_chat_member": member_change}


def _member(status: str, bot: JSONDict) -> JSONDict:
    member: JSONDict = {"status": status, "user": bot}
    if status == "kicked":
        member["until_date"] = 0
    return member


def _utf16_len(text: str) -> int:
    # Entity offsets and lengths are counted in UTF-16 code units by the Bot API.
    return len(text.encode("utf-16-le")) // 2
