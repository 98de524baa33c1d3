"""An aiohttp transport for python-telegram-bot (a ``BaseRequest``), lighter than httpx.

Under load PTB's default httpx transport spends most of the bot's CPU choosing a pooled
connection (httpcore re-checks every idle connection on every request); aiohttp's pool does
not. Errors map to PTB's own: a timeout is ``TimedOut``, any other client error
``NetworkError``, so PTB's retries and the channel's error handling work unchanged.
"""


import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData


class AiohttpRequest(BaseRequest):
    """Bot API calls over one aiohttp session with a bounded connection pool."""

    def __init__(self, pool_size: int = 64, read_timeout: float | None = 5.0,
                 connect_timeout: float = 5.0, pool_timeout: float = 5.0) -> None:
        self._pool_size = pool_size
        self._read = read_timeout
        self._connect = connect_timeout
        self._pool = pool_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        """The default read timeout (PTB adds the long-poll timeout to it for getUpdates)."""
        return self._read

    async def initialize(self) -> None:
        """Open the session (idempotent)."""
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._pool_size, keepalive_timeout=30)
            self._session = aiohttp.ClientSession(
                connector=connector, headers={"User-Agent": self.USER_AGENT})

    async def shutdown(self) -> None:
        """Close the session and its connections."""
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Send one request; returns the HTTP status and the body.

        aiohttp has no separate write timeout: ``write_timeout`` is accepted and unused.
        """
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        timeout = aiohttp.ClientTimeout(
            total=None,
            connect=_sum(_pick(pool_timeout, self._pool), _pick(connect_timeout, self._connect)),
            sock_read=_pick(read_timeout, self._read),
        )
        body = _body(request_data) if request_data is not None else None
        try:
            async with self._session.request(method, url, data=body, timeout=timeout) as reply:
                return reply.status, await reply.read()
        except TimeoutError as err:
            raise TimedOut from err
        except aiohttp.ClientError as err:
            raise NetworkError(f"aiohttp.{type(err).__name__}: {err}") from err


def _pick(value: ODVInput[float], default: float | None) -> float | None:
    if isinstance(value, DefaultValue):
        return default
    return value


def _sum(first: float | None, second: float | None) -> float | None:
    # aiohttp's connect timeout covers waiting for a pooled connection and connecting.
    return None if first is None or second is None else first + second


def _body(request_data: RequestData) -> aiohttp.FormData | dict[str, str]:
    if not request_data.contains_files:
        return request_data.json_parameters
    form = aiohttp.FormData()
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, (filename, content, mime) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=mime)
    return form
