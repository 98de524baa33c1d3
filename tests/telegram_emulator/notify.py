"""A change signal that async and sync waiters can block on from any thread."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class Signal:
    """Wakes every waiter when the emulator's state changes.

    The emulator's HTTP server and the test may run on different event loops (threaded
    mode), so waiters are woken with ``call_soon_threadsafe`` rather than an
    ``asyncio.Condition`` bound to one loop.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._async_waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = []
        self._sync_waiters: list[threading.Event] = []

    def fire(self) -> None:
        """Wake all current waiters (thread-safe)."""
        with self._lock:
            async_waiters, self._async_waiters = self._async_waiters, []
            sync_waiters, self._sync_waiters = self._sync_waiters, []
        for loop, future in async_waiters:
            if not loop.is_closed():
                loop.call_soon_threadsafe(_resolve, future)
        for event in sync_waiters:
            event.set()

    async def wait_until(self, probe: Callable[[], T | None], timeout: float) -> T | None:
        """Return the first non-None ``probe()`` result, or None once ``timeout`` passes."""
        deadline = time.monotonic() + timeout
        loop = asyncio.get_running_loop()
        while True:
            future: asyncio.Future[None] = loop.create_future()
            with self._lock:
                self._async_waiters.append((loop, future))
            # Probe after registering so a change between probe and wait is never missed.
            found = probe()
            remaining = deadline - time.monotonic()
            if found is not None or remaining <= 0:
                return found
            try:
                await asyncio.wait_for(future, remaining)
            except TimeoutError:
                return probe()

    def wait_until_sync(self, probe: Callable[[], T | None], timeout: float) -> T | None:
        """Blocking twin of :meth:`wait_until` for threads without an event loop."""
        deadline = time.monotonic() + timeout
        while True:
            event = threading.Event()
            with self._lock:
                self._sync_waiters.append(event)
            found = probe()
            remaining = deadline - time.monotonic()
            if found is not None or remaining <= 0:
                return found
            if not event.wait(remaining):
                return probe()


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)
