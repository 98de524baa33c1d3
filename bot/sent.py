"""Ids of the messages the bot sent, kept so quick exit (``/x``) can delete them.

A channel notes the ids after each send. They reach the database in a background flush at
most ``interval`` seconds later, batched across users in one transaction, so no turn waits
for an extra write and a hard crash loses at most the last interval. Until the flush has
written them, the user's next turn takes them straight from memory; a flush that races with
that turn may store a few ids twice, and the state keeps each id once.
"""

import logging
import threading
from collections.abc import Callable, Mapping, Sequence

log = logging.getLogger(__name__)

Writer = Callable[[Mapping[str, Sequence[str]]], None]
#: Seconds between background flushes (the most a hard crash can lose).
FLUSH_INTERVAL = 1.0


class SentIds:
    """Sent message ids per conversation key, on their way to the database."""

    def __init__(self, write: Writer) -> None:
        self._write = write
        self._ids: dict[str, list[str]] = {}
        self._lock = threading.Lock()
        self._flush_lock = threading.Lock()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def note(self, key: str, ids: Sequence[str]) -> None:
        """Remember ids the channel sent to conversation ``key``."""
        if ids:
            with self._lock:
                self._ids.setdefault(key, []).extend(ids)

    def take(self, key: str) -> list[str]:
        """The ids not yet written for ``key`` (a turn merges them into its state)."""
        with self._lock:
            return self._ids.pop(key, [])

    def put_back(self, key: str, ids: Sequence[str]) -> None:
        """Return ids a failed turn took, in front of any noted since."""
        if ids:
            with self._lock:
                self._ids[key] = [*ids, *self._ids.get(key, [])]

    def pending(self) -> int:
        """How many ids wait for the next flush."""
        with self._lock:
            return sum(len(ids) for ids in self._ids.values())

    def flush(self) -> int:
        """Write every waiting id now, in one transaction; returns how many were written."""
        with self._flush_lock:
            with self._lock:
                batch = {key: list(ids) for key, ids in self._ids.items() if ids}
            if not batch:
                return 0
            self._write(batch)
            with self._lock:  # drop what was written, unless a turn took it meanwhile
                for key, ids in batch.items():
                    current = self._ids.get(key)
                    if current is not None and current[:len(ids)] == ids:
                        del current[:len(ids)]
                        if not current:
                            del self._ids[key]
            return sum(len(ids) for ids in batch.values())

    def start(self, interval: float = FLUSH_INTERVAL) -> None:
        """Flush in a background thread every ``interval`` seconds (a second call does nothing)."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, args=(interval,),
                                        name="sent-ids-flush", daemon=True)
        self._thread.start()

    def stop(self, flush: bool = True) -> None:
        """Stop the background flush and, at a clean shutdown, write what is left."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if flush:
            self._flush_quietly()

    def _run(self, interval: float) -> None:
        while not self._stopping.wait(interval):
            self._flush_quietly()

    def _flush_quietly(self) -> None:
        try:
            self.flush()
        except Exception as exc:  # the database may be away: keep the ids, try again later
            log.error("sent message ids not stored yet (%s)", type(exc).__name__)
