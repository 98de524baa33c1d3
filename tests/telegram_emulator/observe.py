"""What tests read back (calls, messages, deletions) and how they steer faults and time."""

from __future__ import annotations

import copy
from collections.abc import Callable

from tests.telegram_emulator.errors import Fault, error_for
from tests.telegram_emulator.factories import JSONDict, TgUser
from tests.telegram_emulator.records import CallRecord, Deletion, SentMessage, WebhookDelivery
from tests.telegram_emulator.state import EmulatorState

CallMatcher = str | Callable[[CallRecord], bool]
ChatRef = int | TgUser


class ObservationApi:
    """Read-only views of what the bot did, and waiting for it to do something."""

    state: EmulatorState

    def calls(self, method: str | None = None) -> list[CallRecord]:
        """Return every call (or those of ``method``, case-insensitive), oldest first."""
        with self.state.lock:
            calls = list(self.state.calls)
        if method is None:
            return calls
        return [c for c in calls if c.method.lower() == method.lower()]

    def sent_messages(self, chat: ChatRef, include_deleted: bool = False) -> list[SentMessage]:
        """Return the bot's messages in a chat that still exist (or all, if asked)."""
        chat_id = _chat_id(chat)
        stored = [m for m in self.state.chat_messages(chat_id) if m.from_bot]
        with self.state.lock:
            snapshots = [m.snapshot() for m in stored]
        return [m for m in snapshots if include_deleted or not m.deleted]

    def last_sent(self, chat: ChatRef) -> SentMessage:
        """Return the bot's latest still-existing message in a chat."""
        sent = self.sent_messages(chat)
        if not sent:
            raise AssertionError(f"the bot has no message in chat {_chat_id(chat)}")
        return sent[-1]

    def deletions(self, chat: ChatRef | None = None) -> list[Deletion]:
        """Return the messages the bot deleted (in one chat, or everywhere)."""
        with self.state.lock:
            found = list(self.state.deletions)
        if chat is None:
            return found
        return [d for d in found if d.chat_id == _chat_id(chat)]

    def webhook_deliveries(self) -> list[WebhookDelivery]:
        """Return every attempt to POST an update to the webhook."""
        with self.state.lock:
            return list(self.state.deliveries)

    def pending_updates(self) -> int:
        """Return how many updates the bot has not confirmed yet."""
        return self.state.updates.pending_count()

    def callback_answer(self, query_id: str) -> JSONDict | None:
        """Return the answerCallbackQuery parameters for a pushed query, if answered."""
        with self.state.lock:
            query = self.state.callbacks.get(query_id)
            return copy.deepcopy(query.answer) if query and query.answer else None

    def commands(self, scope: JSONDict | None = None, language_code: str = "") -> list[JSONDict]:
        """Return the command list set for exactly this scope and language."""
        key = self.state.command_key(scope, language_code)
        with self.state.lock:
            return copy.deepcopy(self.state.commands.get(key, []))

    def commands_for(self, user: TgUser) -> list[JSONDict]:
        """Return the commands the user's client shows in the private chat.

        Follows the Bot API's "Determining list of commands" order for private chats:
        chat+language, chat, all_private_chats+language, all_private_chats,
        default+language, default. The language is the first subtag of the user's tag.
        """
        language = (user.language_code or "").split("-")[0].lower()
        scopes: list[JSONDict] = [
            {"type": "chat", "chat_id": user.id},
            {"type": "all_private_chats"},
            {"type": "default"},
        ]
        languages = [language, ""] if language else [""]
        for scope in scopes:
            for lang in languages:
                found = self.commands(scope, lang)
                if found:
                    return found
        return []

    def mark(self) -> int:
        """Start :meth:`wait_for` from now on; return the index of the next call."""
        with self.state.lock:
            self.state.mark_index = len(self.state.calls)
            return self.state.mark_index

    async def wait_for(
        self, what: CallMatcher, timeout: float = 3.0, *, since: int | None = None
    ) -> CallRecord:
        """Wait for a call by method name or predicate, made since the last push or mark."""
        probe = self._probe(what, since)
        found = await self.state.signal.wait_until(probe, timeout)
        return self._found_or_fail(found, what, timeout, since)

    def wait_for_sync(
        self, what: CallMatcher, timeout: float = 3.0, *, since: int | None = None
    ) -> CallRecord:
        """Blocking :meth:`wait_for` for code that is not in an event loop."""
        probe = self._probe(what, since)
        found = self.state.signal.wait_until_sync(probe, timeout)
        return self._found_or_fail(found, what, timeout, since)

    def _probe(self, what: CallMatcher, since: int | None) -> Callable[[], CallRecord | None]:
        start = self.state.mark_index if since is None else since
        matches = _matcher(what)

        def probe() -> CallRecord | None:
            with self.state.lock:
                recent = self.state.calls[start:]
            return next((c for c in recent if matches(c)), None)

        return probe

    def _found_or_fail(
        self, found: CallRecord | None, what: CallMatcher, timeout: float, since: int | None
    ) -> CallRecord:
        if found is not None:
            return found
        start = self.state.mark_index if since is None else since
        seen = [c.method for c in self.calls()[start:] if c.method != "getUpdates"]
        raise TimeoutError(f"no call matching {what!r} within {timeout}s; calls since: {seen}")


class ControlApi:
    """Fault injection, the emulator clock and webhook tampering."""

    state: EmulatorState

    def fail_next(
        self,
        method: str,
        error_code: int = 429,
        retry_after: int = 1,
        times: int = 1,
        description: str | None = None,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` with a Bot API error."""
        error = error_for(error_code, description, retry_after)
        self.state.faults.add(Fault(method, "error", error=error), times)

    def disconnect_next(self, method: str, times: int = 1) -> None:
        """Close the connection without a reply on the next ``times`` calls of ``method``."""
        self.state.faults.add(Fault(method, "disconnect"), times)

    def delay_next(self, method: str, seconds: float, times: int = 1) -> None:
        """Hold the next calls for ``seconds`` before handling them (they still take effect)."""
        self.state.faults.add(Fault(method, "delay", delay=seconds), times)

    def clear_faults(self) -> None:
        """Drop every fault still queued."""
        self.state.faults.clear()

    def advance_clock(self, seconds: float) -> None:
        """Move the emulator's clock forward (message ages, dates of new messages)."""
        with self.state.lock:
            self.state.clock_offset += seconds

    def age_message(self, chat: ChatRef, message_id: int, seconds: float) -> None:
        """Pretend a stored message was sent ``seconds`` before now."""
        stored = self.state.message(_chat_id(chat), message_id)
        if stored is None:
            raise ValueError(f"no message {message_id} in chat {_chat_id(chat)}")
        with self.state.lock:
            stored.date = int(self.state.now() - seconds)
            stored.payload["date"] = stored.date


def _chat_id(chat: ChatRef) -> int:
    return chat.id if isinstance(chat, TgUser) else chat


def _matcher(what: CallMatcher) -> Callable[[CallRecord], bool]:
    if isinstance(what, str):
        wanted = what.lower()
        return lambda call: call.method.lower() == wanted
    return what
