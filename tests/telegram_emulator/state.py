"""The emulator's in-memory world: bot identity, chats, messages, files, calls."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.telegram_emulator.errors import FaultPlan, bad_request
from tests.telegram_emulator.factories import (
    JSONDict,
    TgUser,
    bot_user_dict,
    group_chat_dict,
    private_chat_dict,
)
from tests.telegram_emulator.notify import Signal
from tests.telegram_emulator.records import (
    CallRecord,
    Deletion,
    FileRecord,
    StoredMessage,
    WebhookDelivery,
)
from tests.telegram_emulator.updates import UpdateQueue

_NUMERIC = re.compile(r"^-?\d+$")
DEFAULT_TOKEN = "123456789:AAHsafepassage-emulator-test-token_xyz"


@dataclass
class WebhookConfig:
    """The webhook the bot registered with setWebhook."""

    url: str
    secret_token: str | None = None
    max_connections: int = 40
    ip_address: str | None = None
    last_error_date: int | None = None
    last_error_message: str | None = None


@dataclass
class CallbackRecord:
    """A callback query pushed by a test and whether the bot answered it."""

    user_id: int
    created: float
    answer: JSONDict | None = None


@dataclass
class BotIdentity:
    """Who the emulated bot is; ``token`` must match the URL path of every call."""

    token: str = DEFAULT_TOKEN
    username: str = "safepassage_test_bot"
    first_name: str = "SafePassage Test"

    @property
    def bot_id(self) -> int:
        """Return the numeric id that prefixes the token, as Telegram's tokens do."""
        return int(self.token.split(":", 1)[0])

    def user_dict(self) -> JSONDict:
        """Return the bot's ``User`` object."""
        return bot_user_dict(self.bot_id, self.username, self.first_name)


@dataclass
class EmulatorState:
    """Everything the emulated Bot API knows; guarded by ``lock`` across threads."""

    identity: BotIdentity = field(default_factory=BotIdentity)
    lock: threading.RLock = field(default_factory=threading.RLock)
    signal: Signal = field(default_factory=Signal)
    faults: FaultPlan = field(default_factory=FaultPlan)
    updates: UpdateQueue = field(default_factory=UpdateQueue)
    clock_offset: float = 0.0
    chats: dict[int, JSONDict] = field(default_factory=dict)
    blocked: set[int] = field(default_factory=set)
    messages: dict[int, dict[int, StoredMessage]] = field(default_factory=dict)
    last_message_id: dict[int, int] = field(default_factory=dict)
    files: dict[str, FileRecord] = field(default_factory=dict)
    callbacks: dict[str, CallbackRecord] = field(default_factory=dict)
    webhook: WebhookConfig | None = None
    commands: dict[tuple[str, str], list[JSONDict]] = field(default_factory=dict)
    calls: list[CallRecord] = field(default_factory=list)
    deletions: list[Deletion] = field(default_factory=list)
    deliveries: list[WebhookDelivery] = field(default_factory=list)
    poll_generation: int = 0
    mark_index: int = 0
    logged_out: bool = False
    closed: bool = False

    def now(self) -> float:
        """Return the emulator's clock (wall time plus what tests advanced)."""
        return time.time() + self.clock_offset

    def changed(self) -> None:
        """Wake everyone waiting for a call, an update or a delivery."""
        self.signal.fire()

    # -- chats and messages ---------------------------------------------------------------

    def add_user_chat(self, user: TgUser) -> JSONDict:
        """Make the user's private chat known (as after they pressed Start)."""
        with self.lock:
            chat = self.chats.setdefault(user.id, private_chat_dict(user))
            self.messages.setdefault(user.id, {})
            return chat

    def add_group_chat(self, chat_id: int, title: str) -> JSONDict:
        """Make a supergroup known so the bot can post to it."""
        with self.lock:
            chat = self.chats.setdefault(chat_id, group_chat_dict(chat_id, title))
            self.messages.setdefault(chat_id, {})
            return chat

    def chat(self, chat_id: Any) -> JSONDict:
        """Return a known chat or raise Telegram's ``chat not found``."""
        if isinstance(chat_id, str) and _NUMERIC.match(chat_id):
            chat_id = int(chat_id)  # the Bot API takes "Integer or String"
        if not isinstance(chat_id, int) or isinstance(chat_id, bool):
            raise bad_request("chat not found")
        with self.lock:
            found = self.chats.get(chat_id)
        if found is None:
            raise bad_request("chat not found")
        return found

    def next_message_id(self, chat_id: int) -> int:
        """Reserve the next message id of a chat (shared by the user and the bot)."""
        with self.lock:
            value = self.last_message_id.get(chat_id, 0) + 1
            self.last_message_id[chat_id] = value
            return value

    def store(self, message: StoredMessage) -> StoredMessage:
        """Keep a message so it can be edited, deleted, copied or forwarded."""
        with self.lock:
            self.messages.setdefault(message.chat_id, {})[message.message_id] = message
        return message

    def message(self, chat_id: int, message_id: Any) -> StoredMessage | None:
        """Return a message that still exists, else None."""
        with self.lock:
            found = self.messages.get(chat_id, {}).get(message_id)
        if found is None or found.deleted_at is not None:
            return None
        return found

    def chat_messages(self, chat_id: int) -> list[StoredMessage]:
        """Return every message ever stored in a chat, oldest first."""
        with self.lock:
            return sorted(self.messages.get(chat_id, {}).values(), key=lambda m: m.message_id)

    # -- files ----------------------------------------------------------------------------

    def add_file(
        self, file_id: str, unique_id: str, content: bytes, folder: str, **meta: str
    ) -> FileRecord:
        """Register file bytes under ``file_id``; ``meta`` may hold file_name, mime_type."""
        with self.lock:
            path = f"{folder}/file_{len(self.files)}{_extension(folder)}"
            record = FileRecord(file_id, unique_id, path, content, **meta)
            self.files[file_id] = record
            return record

    def file_by_path(self, path: str) -> FileRecord | None:
        """Return the file served at ``path`` under the file URL, if any."""
        with self.lock:
            return next((f for f in self.files.values() if f.file_path == path), None)

    # -- commands -------------------------------------------------------------------------

    def command_key(self, scope: JSONDict | None, language_code: str | None) -> tuple[str, str]:
        """Return the storage key of a command list: canonical scope JSON and language."""
        canonical = json.dumps(scope or {"type": "default"}, sort_keys=True)
        return canonical, language_code or ""

    # -- records --------------------------------------------------------------------------

    def record_call(self, make: Callable[[int], CallRecord]) -> CallRecord:
        """Append a call record built with its index, then wake waiters."""
        with self.lock:
            record = make(len(self.calls))
            self.calls.append(record)
        self.changed()
        return record

    def record_deletion(self, message: StoredMessage, method: str) -> None:
        """Mark a message deleted and remember who deleted what."""
        with self.lock:
            message.deleted_at = self.now()
            entry = Deletion(
                message.chat_id, message.message_id, message.deleted_at, method, message.from_bot
            )
            self.deletions.append(entry)


def _extension(folder: str) -> str:
    return {"photos": ".jpg", "voice": ".oga", "stickers": ".webp"}.get(folder, "")
