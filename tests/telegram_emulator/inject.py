"""Tests inject what users do: messages, commands, button presses, media, blocks."""

from __future__ import annotations

import copy
import datetime as dtm
import itertools
from typing import Any

from tests.telegram_emulator import factories as f
from tests.telegram_emulator.factories import JSONDict, TgUser
from tests.telegram_emulator.records import Injected, StoredMessage
from tests.telegram_emulator.state import CallbackRecord, EmulatorState

When = dtm.datetime | float | int | None
_query_ids = itertools.count(4_382_000_000_000_000_001)

# Small stand-ins with the right magic bytes, so downloads look like the real formats.
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64 + b"\xff\xd9"
OGG_BYTES = b"OggS\x00\x02" + b"\x00" * 64
PDF_BYTES = b"%PDF-1.4\n%emulator\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
WEBP_BYTES = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32


class InjectionApi:
    """``push_*`` methods: each queues one Update as Telegram would deliver it."""

    state: EmulatorState

    def register_user(self, user: TgUser) -> None:
        """Make the user's private chat known without sending an update (as after /start)."""
        self.state.add_user_chat(user)

    def add_group(self, title: str = "Operators", chat_id: int | None = None) -> int:
        """Create a supergroup the bot can post to (e.g. an alert room); return its id."""
        new_id = chat_id if chat_id is not None else -1_001_000_000_000 - len(self.state.chats)
        return int(self.state.add_group_chat(new_id, title)["id"])

    def push_text(self, user: TgUser, text: str, *, date: When = None) -> Injected:
        """Queue a text message from ``user`` in their private chat."""
        return self._push_message(user, f.text_content(text), date)

    def push_command(
        self, user: TgUser, command: str, arg: str | None = None, *, date: When = None
    ) -> Injected:
        """Queue ``/command [arg]`` (a deep link ``/start PAYLOAD`` when arg is set)."""
        name = command if command.startswith("/") else f"/{command}"
        return self.push_text(user, f"{name} {arg}" if arg else name, date=date)

    def push_callback(self, user: TgUser, data: str, message_id: int) -> Injected:
        """Queue a press on an inline button with ``data`` under the bot's ``message_id``."""
        chat = self.state.add_user_chat(user)
        stored = self.state.message(user.id, message_id)
        message = (
            copy.deepcopy(stored.payload)
            if stored is not None
            else f.inaccessible_message_dict(chat, message_id)
        )
        query_id = str(next(_query_ids))
        instance = str(-(user.id * 1_000_003 + self.state.identity.bot_id) % 10**19)
        with self.state.lock:
            self.state.callbacks[query_id] = CallbackRecord(user.id, self.state.now())
        query = f.callback_query_dict(query_id, user, message, data, instance)
        return self._enqueue({"callback_query": query}, user.id, message_id, query_id)

    def push_location(
        self,
        user: TgUser,
        latitude: float,
        longitude: float,
        live_period: int | None = None,
        *,
        horizontal_accuracy: float | None = None,
        date: When = None,
    ) -> Injected:
        """Queue a shared location (a live one when ``live_period`` is set)."""
        content = f.location_content(latitude, longitude, live_period, horizontal_accuracy)
        return self._push_message(user, content, date)

    def push_live_location_update(
        self, user: TgUser, message_id: int, latitude: float, longitude: float
    ) -> Injected:
        """Queue the ``edited_message`` Telegram sends as a live location moves."""
        stored = self._user_message(user, message_id)
        location = dict(stored.payload.get("location", {}))
        location.update(latitude=latitude, longitude=longitude)
        return self._push_edit(user, stored, {"location": location})

    def push_contact(
        self, user: TgUser, phone_number: str, *, own: bool = True, first_name: str | None = None
    ) -> Injected:
        """Queue a shared contact (the user's own by default, as the share button sends)."""
        content = f.contact_content(
            phone_number, first_name or user.first_name, user.id if own else None
        )
        return self._push_message(user, content, None)

    def push_photo(
        self, user: TgUser, caption: str | None = None, content: bytes = JPEG_BYTES
    ) -> Injected:
        """Queue a photo in three sizes, each downloadable through getFile."""
        sizes = [self._photo_size(content, w, h) for w, h in ((90, 67), (320, 240), (1280, 960))]
        body: JSONDict = {"photo": sizes}
        if caption is not None:
            body["caption"] = caption
        return self._push_message(user, body, None)

    def push_document(
        self,
        user: TgUser,
        file_name: str = "contract.pdf",
        mime_type: str = "application/pdf",
        content: bytes = PDF_BYTES,
        caption: str | None = None,
    ) -> Injected:
        """Queue a document (e.g. a job offer the user wants checked)."""
        file_id, unique_id = f.new_file_ids("document")
        meta = {"file_name": file_name, "mime_type": mime_type}
        self.state.add_file(file_id, unique_id, content, "documents", **meta)
        body: JSONDict = {
            "document": f.document_dict(file_id, unique_id, file_name, mime_type, len(content))
        }
        if caption is not None:
            body["caption"] = caption
        return self._push_message(user, body, None)

    def push_voice(self, user: TgUser, duration: int = 3, content: bytes = OGG_BYTES) -> Injected:
        """Queue a voice note."""
        file_id, unique_id = f.new_file_ids("voice")
        self.state.add_file(file_id, unique_id, content, "voice", mime_type="audio/ogg")
        voice = f.voice_dict(file_id, unique_id, duration, len(content))
        return self._push_message(user, {"voice": voice}, None)

    def push_sticker(self, user: TgUser, emoji: str = "🙏") -> Injected:
        """Queue a sticker."""
        file_id, unique_id = f.new_file_ids("sticker")
        self.state.add_file(file_id, unique_id, WEBP_BYTES, "stickers")
        sticker = f.sticker_dict(file_id, unique_id, emoji, len(WEBP_BYTES))
        return self._push_message(user, {"sticker": sticker}, None)

    def push_edited_text(self, user: TgUser, message_id: int, text: str) -> Injected:
        """Queue the ``edited_message`` for a user editing one of their texts."""
        stored = self._user_message(user, message_id)
        return self._push_edit(user, stored, f.text_content(text))

    def push_raw(self, update: Any) -> Injected:
        """Queue any JSON value as an update (unknown kinds, garbage); dicts get an id."""
        self.state.mark_index = len(self.state.calls)
        queued = self.state.updates.push(copy.deepcopy(update))
        self.state.changed()
        return Injected(queued.update_id, copy.deepcopy(queued.payload))

    def block(self, user: TgUser, notify: bool = True) -> Injected | None:
        """The user blocks the bot: sends now fail with 403; queues ``my_chat_member``."""
        self.state.add_user_chat(user)
        with self.state.lock:
            self.state.blocked.add(user.id)
        return self._push_member_status(user, "kicked") if notify else None

    def unblock(self, user: TgUser, notify: bool = True) -> Injected | None:
        """The user restarts the bot; queues ``my_chat_member`` back to ``member``."""
        with self.state.lock:
            self.state.blocked.discard(user.id)
        return self._push_member_status(user, "member") if notify else None

    def _push_member_status(self, user: TgUser, status: str) -> Injected:
        update_id = self.state.updates.next_update_id()
        bot, now = self.state.identity.user_dict(), int(self.state.now())
        update = f.member_status_update(update_id, user, bot, now, status)
        return self._enqueue(update, user.id, None, None)

    def _push_message(self, user: TgUser, content: JSONDict, date: When) -> Injected:
        chat = self.state.add_user_chat(user)
        message_id = self.state.next_message_id(user.id)
        when = self._date(date)
        payload = f.message_dict(message_id, chat, when, user.to_dict(), content)
        self.state.store(StoredMessage(user.id, message_id, when, False, payload))
        return self._enqueue({"message": copy.deepcopy(payload)}, user.id, message_id, None)

    def _push_edit(self, user: TgUser, stored: StoredMessage, content: JSONDict) -> Injected:
        with self.state.lock:
            for key in ("text", "entities"):
                stored.payload.pop(key, None)
            stored.payload.update(content)
            stored.payload["edit_date"] = int(self.state.now())
            stored.edits += 1
            payload = copy.deepcopy(stored.payload)
        update = {"edited_message": payload}
        return self._enqueue(update, user.id, stored.message_id, None)

    def _enqueue(
        self, update: JSONDict, chat_id: int, message_id: int | None, query_id: str | None
    ) -> Injected:
        self.state.mark_index = len(self.state.calls)
        queued = self.state.updates.push(update)
        self.state.changed()
        payload = copy.deepcopy(queued.payload)  # the test may mutate its copy freely
        return Injected(queued.update_id, payload, chat_id, message_id, query_id)

    def _user_message(self, user: TgUser, message_id: int) -> StoredMessage:
        stored = self.state.message(user.id, message_id)
        if stored is None or stored.from_bot:
            raise ValueError(f"user {user.id} has no message {message_id} to edit")
        return stored

    def _photo_size(self, content: bytes, width: int, height: int) -> JSONDict:
        file_id, unique_id = f.new_file_ids("photo")
        self.state.add_file(file_id, unique_id, content, "photos", mime_type="image/jpeg")
        return f.photo_size(file_id, unique_id, width, height, len(content))

    def _date(self, date: When) -> int:
        if date is None:
            return int(self.state.now())
        if isinstance(date, dtm.datetime):
            return int(date.timestamp())
        return int(date)
