"""What the emulator remembers: calls made by the bot, stored messages, deletions."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

JSONDict = dict[str, Any]


@dataclass(frozen=True)
class CallRecord:
    """One HTTP call the bot made, with its decoded parameters and the outcome."""

    index: int
    method: str
    params: JSONDict
    time: float
    status: int
    result: Any = None
    error: str | None = None
    fault: str | None = None

    @property
    def ok(self) -> bool:
        """Return True when the emulator answered ``{"ok": true}``."""
        return self.status == 200


@dataclass(frozen=True)
class Deletion:
    """A message deleted by the bot."""

    chat_id: int
    message_id: int
    time: float
    method: str
    from_bot: bool


@dataclass(frozen=True)
class SentMessage:
    """A snapshot of a message the bot sent, as the emulator holds it now."""

    chat_id: int
    message_id: int
    method: str
    text: str | None
    parse_mode: str | None
    reply_markup: JSONDict | None
    protect_content: bool
    date: int
    payload: JSONDict
    edits: int
    deleted: bool

    @property
    def buttons(self) -> list[list[str]]:
        """Return the button labels of the inline or reply keyboard, row by row."""
        markup = self.reply_markup or {}
        rows = markup.get("inline_keyboard") or markup.get("keyboard") or []
        return [[b if isinstance(b, str) else str(b.get("text")) for b in row] for row in rows]

    @property
    def callback_data(self) -> list[str]:
        """Return every ``callback_data`` of the inline keyboard, in reading order."""
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [b["callback_data"] for row in rows for b in row if "callback_data" in b]


@dataclass(frozen=True)
class WebhookDelivery:
    """One POST of an update to the bot's webhook."""

    update_id: int
    status: int
    time: float
    error: str | None = None


@dataclass
class StoredMessage:
    """A message in a chat, mutable as the bot edits or deletes it (internal)."""

    chat_id: int
    message_id: int
    date: int
    from_bot: bool
    payload: JSONDict
    method: str = "user"
    params: JSONDict = field(default_factory=dict)
    deleted_at: float | None = None
    edits: int = 0

    def snapshot(self) -> SentMessage:
        """Return the public, frozen view of this message."""
        content = self.payload.get("text", self.payload.get("caption"))
        return SentMessage(
            chat_id=self.chat_id,
            message_id=self.message_id,
            method=self.method,
            text=self.params.get("text", self.params.get("caption", content)),
            parse_mode=self.params.get("parse_mode"),
            reply_markup=copy.deepcopy(self.params.get("reply_markup")),
            protect_content=bool(self.params.get("protect_content", False)),
            date=self.date,
            payload=copy.deepcopy(self.payload),
            edits=self.edits,
            deleted=self.deleted_at is not None,
        )


@dataclass(frozen=True)
class FileRecord:
    """A file the emulator can serve through getFile and the file download URL."""

    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes
    file_name: str = ""
    mime_type: str = ""

    @property
    def kind(self) -> str:
        """Return the file type from its folder: ``photos``, ``documents``, ``voice``, ..."""
        return self.file_path.split("/", 1)[0]


@dataclass(frozen=True)
class Injected:
    """What a ``push_*`` call queued: ids to refer to it later, and the raw update."""

    update_id: int
    payload: Any
    chat_id: int | None = None
    message_id: int | None = None
    callback_query_id: str | None = None
