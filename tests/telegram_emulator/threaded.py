"""Run an emulator on a background thread, for code that owns its event loop.

PTB's ``Application.run_polling()`` / ``run_webhook()`` create and close their own loop,
so the emulator cannot share it; this runs the server on a private loop instead.
"""

from __future__ import annotations

import asyncio
import threading
from types import TracebackType
from typing import Generic, Protocol, TypeVar


class _Startable(Protocol):
    async def start(self) -> object: ...

    async def stop(self) -> None: ...


S = TypeVar("S", bound=_Startable)


class ThreadedEmulator(Generic[S]):
    """``with ThreadedEmulator(server) as emu:`` starts ``server`` on a daemon thread."""

    def __init__(self, server: S, start_timeout: float = 10.0) -> None:
        self.server = server
        self._start_timeout = start_timeout
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="telegram-emulator", daemon=True
        )

    def __enter__(self) -> S:
        self._thread.start()
        future = asyncio.run_coroutine_threadsafe(self.server.start(), self._loop)
        future.result(self._start_timeout)
        return self.server

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            stopping = asyncio.run_coroutine_threadsafe(self.server.stop(), self._loop)
            stopping.result(self._start_timeout)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(self._start_timeout)
            self._loop.close()
