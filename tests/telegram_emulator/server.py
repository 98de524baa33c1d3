"""The aiohttp server that speaks the Bot API on 127.0.0.1 (see the package docstring)."""

from __future__ import annotations

import asyncio
import re
import socket
import time
from types import TracebackType
from typing import Any, Self

from aiohttp import web

from tests.telegram_emulator.errors import ApiError, Fault
from tests.telegram_emulator.inject import InjectionApi
from tests.telegram_emulator.methods_bot import CANONICAL_NAMES, METHODS
from tests.telegram_emulator.observe import ControlApi, ObservationApi
from tests.telegram_emulator.params import (
    JSONDict,
    Upload,
    decode_form,
    float_param,
    int_param,
    object_param,
)
from tests.telegram_emulator.records import CallRecord
from tests.telegram_emulator.state import DEFAULT_TOKEN, BotIdentity, EmulatorState
from tests.telegram_emulator.threaded import ThreadedEmulator
from tests.telegram_emulator.webhook import WebhookDeliverer

_TOKEN_SHAPE = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
_WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
_POLL_CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)


class EmulatorServer(InjectionApi, ObservationApi, ControlApi):
    """A local Telegram Bot API: start it, point the bot's base_url at it, drive it."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        host: str = "127.0.0.1",
        bot_username: str = "safepassage_test_bot",
        webhook_retry_delay: float = 0.05,
    ) -> None:
        self.state = EmulatorState(identity=BotIdentity(token=token, username=bot_username))
        self.host = host
        self.port = 0
        self._runner: web.AppRunner | None = None
        self._deliverer = WebhookDeliverer(self.state, webhook_retry_delay)
        self._delivery_task: asyncio.Task[None] | None = None
        self._stopping = False

    # -- addresses ------------------------------------------------------------------------

    @property
    def token(self) -> str:
        """Return the bot token the emulator accepts."""
        return self.state.identity.token

    @property
    def base_url(self) -> str:
        """Return the value for ``ApplicationBuilder().base_url(...)``."""
        return f"http://{self.host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """Return the value for ``ApplicationBuilder().base_file_url(...)``."""
        return f"http://{self.host}:{self.port}/file/bot"

    def set_webhook_secret_override(self, secret: str | None) -> None:
        """Send this secret to the webhook instead of the registered one (None: stop)."""
        self._deliverer.secret_override = secret
        self.state.changed()

    # -- lifecycle ------------------------------------------------------------------------

    async def start(self) -> EmulatorServer:
        """Listen on a free port of ``host`` and start webhook delivery."""
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind((self.host, 0))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        self._stopping = False
        self._delivery_task = asyncio.create_task(self._deliverer.run())
        return self

    async def stop(self) -> None:
        """Release waiting long polls, stop delivery and close the port."""
        self._stopping = True
        self._deliverer.stop()
        if self._delivery_task is not None:
            await self._delivery_task
            self._delivery_task = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    def in_thread(self) -> ThreadedEmulator[EmulatorServer]:
        """Return a ``with`` block running this server on its own thread and loop."""
        return ThreadedEmulator(self)

    # -- HTTP -----------------------------------------------------------------------------

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        started = self.state.now()
        asked = request.match_info["method"]
        method = CANONICAL_NAMES.get(asked.lower(), asked)
        try:
            params = await _decode(request)
        except ConnectionResetError:  # the client gave up (e.g. PTB shutting down)
            return web.Response(status=499)
        fault = self.state.faults.take(method) if self._token_ok(request) else None
        if fault is not None and fault.mode == "disconnect":
            self._record(method, params, started, 0, fault=fault)
            return _disconnect(request)
        if fault is not None and fault.mode == "delay":
            await self._sleep(fault.delay)
        status, body = await self._answer(request, method, params, fault)
        self._record(method, params, started, status, body, fault)
        return web.json_response(body, status=status)

    async def _answer(
        self, request: web.Request, method: str, params: JSONDict, fault: Fault | None
    ) -> tuple[int, JSONDict]:
        try:
            self._check_token(request)
            if fault is not None and fault.error is not None:
                raise fault.error
            result = await self._dispatch(method, params)
        except ApiError as error:
            return error.error_code, error.payload()
        return 200, {"ok": True, "result": result}

    async def _dispatch(self, method: str, params: JSONDict) -> Any:
        if method == "getUpdates":
            return await self._get_updates(params)
        handler = METHODS.get(method)
        if handler is None:
            raise ApiError(404, "Not Found")
        return handler(self.state, params)

    async def _get_updates(self, params: JSONDict) -> list[Any]:
        if self.state.webhook is not None:
            raise ApiError(409, _WEBHOOK_CONFLICT)
        limit = max(1, min(100, int_param(params, "limit", 100) or 100))
        # Fractional timeouts are accepted (Telegram wants whole seconds) to keep tests fast.
        timeout = max(0.0, float_param(params, "timeout", 0.0))
        allowed = object_param(params, "allowed_updates")
        if isinstance(allowed, list):
            self.state.updates.allowed_updates = [str(kind) for kind in allowed]
        self.state.updates.confirm(int_param(params, "offset", 0) or 0)
        with self.state.lock:
            self.state.poll_generation += 1
            generation = self.state.poll_generation
        self.state.changed()  # an older poll still waiting must now fail with 409

        def probe() -> list[Any] | str | None:
            if self.state.poll_generation != generation:
                return "conflict"
            batch = self.state.updates.peek(limit)
            if batch or self._stopping:
                return [u.payload for u in batch]
            return None

        found = await self.state.signal.wait_until(probe, timeout)
        if found == "conflict":
            raise ApiError(409, _POLL_CONFLICT)
        return found if isinstance(found, list) else []

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        record = self.state.file_by_path(request.match_info["path"])
        if not self._token_ok(request) or record is None:
            return web.json_response(ApiError(404, "Not Found").payload(), status=404)
        return web.Response(body=record.content, content_type="application/octet-stream")

    def _check_token(self, request: web.Request) -> None:
        token = request.match_info["token"]
        if not _TOKEN_SHAPE.match(token):
            raise ApiError(404, "Not Found")
        if token != self.token:
            raise ApiError(401, "Unauthorized")

    def _token_ok(self, request: web.Request) -> bool:
        return request.match_info["token"] == self.token

    async def _sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        await self.state.signal.wait_until(
            lambda: True if self._stopping or time.monotonic() >= deadline else None, seconds
        )

    def _record(
        self,
        method: str,
        params: JSONDict,
        started: float,
        status: int,
        body: JSONDict | None = None,
        fault: Fault | None = None,
    ) -> CallRecord:
        body = body or {}
        return self.state.record_call(
            lambda index: CallRecord(
                index=index,
                method=method,
                params=params,
                time=started,
                status=status,
                result=body.get("result"),
                error=body.get("description"),
                fault=fault.mode if fault else None,
            )
        )


def _disconnect(request: web.Request) -> web.StreamResponse:
    # Abort the socket so the client sees the connection die with no reply at all.
    if request.transport is not None:
        request.transport.abort()
    return web.Response(status=204)


async def _decode(request: web.Request) -> JSONDict:
    params: JSONDict = dict(decode_form(request.query.items()))
    if request.content_type == "application/json":
        body = await request.json()
        if isinstance(body, dict):
            params.update(body)
        return params
    if request.content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
        form = await request.post()
        fields = [(name, _upload_or_text(value)) for name, value in form.items()]
        params.update(decode_form(fields))
    return params


def _upload_or_text(value: Any) -> Any:
    if isinstance(value, web.FileField):
        return Upload(value.filename, value.content_type, value.file.read())
    return value


def free_port(host: str = "127.0.0.1") -> int:
    """Return a port on ``host`` that is free right now (for PTB's webhook server)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])
