"""The Bot API client: PTB's ExtBot on an aiohttp transport, hardened against bad updates.

PTB parses a getUpdates batch as a whole: one malformed update fails the batch, polling
retries the same offset for ever, and PTB logs the raw batch (people's messages) at CRITICAL.
:class:`TolerantBot` parses each update on its own and replaces one that fails by an empty
update with the same id, so the offset moves on; :class:`RedactReceivedData` keeps raw update
data out of PTB's logs (webhook mode logs it too).
"""

import logging
from typing import Any

from telegram import Update
from telegram.ext import AIORateLimiter, ExtBot
from telegram.request import BaseRequest, HTTPXRequest

log = logging.getLogger(__name__)

#: Concurrent HTTP connections for API calls (replies, deletions, alerts).
CONNECTION_POOL = 64
_DATA_MARKERS = ("received data",)


class RedactReceivedData(logging.Filter):
    """Replace the arguments of PTB log records that carry raw update data."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep the record, without its data."""
        if any(marker in str(record.msg).lower() for marker in _DATA_MARKERS) and record.args:
            count = len(record.args) if isinstance(record.args, tuple) else 1
            record.args = ("<not logged>",) * count
        return True


class TolerantBot(ExtBot[int]):
    """An ExtBot whose getUpdates survives malformed updates."""

    async def _post(self, endpoint: str, data: Any = None, **kwargs: Any) -> Any:
        result = await super()._post(endpoint, data, **kwargs)
        if endpoint == "getUpdates" and isinstance(result, list):
            return [usable for item in result if (usable := self._usable(item)) is not None]
        return result

    def _usable(self, item: object) -> dict[str, Any] | None:
        if not isinstance(item, dict) or not isinstance(item.get("update_id"), int):
            log.warning("dropped an update without an update_id")
            return None
        try:
            Update.de_json(item, self)
        except Exception as exc:  # any parse failure: keep the id so the offset advances
            log.warning("an update could not be parsed (%s); skipped", type(exc).__name__)
            return {"update_id": item["update_id"]}
        return item


def transport(pool_size: int) -> BaseRequest:
    """The aiohttp transport, or PTB's httpx one where aiohttp is not installed."""
    try:
        from bot.channels.telegram_http import AiohttpRequest
    except ImportError:  # aiohttp should be a runtime dependency; httpx works, only slower
        log.warning("aiohttp is not installed: using httpx (several times slower under load)")
        return HTTPXRequest(connection_pool_size=pool_size)
    return AiohttpRequest(pool_size=pool_size)


def make_bot(token: str, base_url: str, base_file_url: str,
             rate_limiter: AIORateLimiter) -> TolerantBot:
    """The bot the application uses: aiohttp transport, pooled connections, PTB's rate limiter."""
    bot = TolerantBot(
        token=token, base_url=base_url, base_file_url=base_file_url,
        request=transport(CONNECTION_POOL), get_updates_request=transport(1),
        rate_limiter=rate_limiter,
    )
    redact = RedactReceivedData()
    for logger in (bot._LOGGER, logging.getLogger("telegram.ext.Updater")):
        if not any(isinstance(f, RedactReceivedData) for f in logger.filters):
            logger.addFilter(redact)
    return bot
