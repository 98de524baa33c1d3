"""The queue of updates waiting for the bot, with getUpdates' offset rules."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

# Without allowed_updates, Telegram withholds these kinds (Bot API, getUpdates).
OPT_IN_KINDS = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


@dataclass(frozen=True)
class QueuedUpdate:
    """An update waiting to be confirmed; ``payload`` is any JSON value (garbage allowed)."""

    update_id: int
    payload: Any

    @property
    def kind(self) -> str | None:
        """Return the update type (``message``, ``callback_query``, ...), if recognisable."""
        if not isinstance(self.payload, dict):
            return None
        kinds = [key for key in self.payload if key != "update_id"]
        return kinds[0] if kinds else None


class UpdateQueue:
    """Pending updates; an update is forgotten once an offset above its id is seen."""

    def __init__(self, first_update_id: int = 100_000) -> None:
        self._lock = threading.Lock()
        self._pending: list[QueuedUpdate] = []
        self._next_id = first_update_id
        self.allowed_updates: list[str] | None = None

    def next_update_id(self) -> int:
        """Reserve and return the next update id."""
        with self._lock:
            self._next_id += 1
            return self._next_id

    def push(self, payload: Any) -> QueuedUpdate:
        """Queue ``payload``; dicts without ``update_id`` get the next one."""
        if isinstance(payload, dict) and isinstance(payload.get("update_id"), int):
            update_id = payload["update_id"]
            with self._lock:
                self._next_id = max(self._next_id, update_id)
        else:
            update_id = self.next_update_id()
            if isinstance(payload, dict):
                payload = {"update_id": update_id, **payload}
        queued = QueuedUpdate(update_id, payload)
        with self._lock:
            self._pending.append(queued)
        return queued

    def confirm(self, offset: int) -> None:
        """Apply getUpdates' ``offset``: forget confirmed updates (negative keeps the tail)."""
        with self._lock:
            if offset < 0:
                self._pending = self._pending[offset:]
            elif offset > 0:
                self._pending = [u for u in self._pending if u.update_id >= offset]

    def peek(self, limit: int) -> list[QueuedUpdate]:
        """Return up to ``limit`` pending updates of the allowed kinds, oldest first."""
        with self._lock:
            allowed = [u for u in self._pending if self._is_allowed(u)]
        return allowed[:limit]

    def remove(self, update_id: int) -> None:
        """Forget one update (after a successful webhook delivery)."""
        with self._lock:
            self._pending = [u for u in self._pending if u.update_id != update_id]

    def drop_all(self) -> int:
        """Forget every pending update; return how many there were."""
        with self._lock:
            count, self._pending = len(self._pending), []
        return count

    def pending_count(self) -> int:
        """Return the number of pending updates of any kind."""
        with self._lock:
            return len(self._pending)

    def _is_allowed(self, update: QueuedUpdate) -> bool:
        kind = update.kind
        if kind is None:
            return True
        if not self.allowed_updates:
            return kind not in OPT_IN_KINDS
        return kind in self.allowed_updates
