"""Delivery of queued updates to the bot's webhook, as Telegram's servers do."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass

import aiohttp

from tests.telegram_emulator.records import WebhookDelivery
from tests.telegram_emulator.state import EmulatorState, WebhookConfig
from tests.telegram_emulator.updates import QueuedUpdate

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@dataclass
class _Work:
    hook: WebhookConfig
    update: QueuedUpdate


class WebhookDeliverer:
    """POSTs pending updates one at a time; a failed update is retried after a pause."""

    def __init__(self, state: EmulatorState, retry_delay: float, timeout: float = 3.0):
        self._state = state
        self._retry_delay = retry_delay
        self._timeout = timeout
        self._stopping = False
        self.secret_override: str | None = None

    def stop(self) -> None:
        """Ask :meth:`run` to return at its next wake-up."""
        self._stopping = True
        self._state.changed()

    async def run(self) -> None:
        """Deliver until stopped."""
        timeout = aiohttp.ClientTimeout(total=self._timeout)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            while not self._stopping:
                work = await self._state.signal.wait_until(self._next, timeout=1.0)
                if not isinstance(work, _Work):
                    continue
                if not await self._deliver(session, work):
                    await asyncio.sleep(self._retry_delay)

    def _next(self) -> _Work | bool | None:
        if self._stopping:
            return True  # wakes run() so that it can return
        with self._state.lock:
            hook = self._state.webhook
        if hook is None:
            return None
        pending = self._state.updates.peek(1)
        return _Work(hook, pending[0]) if pending else None

    async def _deliver(self, session: aiohttp.ClientSession, work: _Work) -> bool:
        secret = self.secret_override or work.hook.secret_token
        headers = {"Content-Type": "application/json"}
        if secret:
            headers[SECRET_HEADER] = secret
        body = json.dumps(work.update.payload)
        try:
            async with session.post(work.hook.url, data=body, headers=headers) as response:
                status, reason = response.status, response.reason or ""
        except (aiohttp.ClientError, TimeoutError) as exc:
            return self._failed(work, 0, f"Connection failed: {type(exc).__name__}")
        if 200 <= status < 300:
            self._state.updates.remove(work.update.update_id)
            self._record(work, status, None)
            return True
        return self._failed(work, status, f"Wrong response from the webhook: {status} {reason}")

    def _failed(self, work: _Work, status: int, message: str) -> bool:
        with self._state.lock:
            work.hook.last_error_date = int(self._state.now())
            work.hook.last_error_message = message
        self._record(work, status, message)
        return False

    def _record(self, work: _Work, status: int, error: str | None) -> None:
        delivery = WebhookDelivery(work.update.update_id, status, self._state.now(), error)
        with self._state.lock:
            self._state.deliveries.append(delivery)
        self._state.changed()
