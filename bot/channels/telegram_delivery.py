"""Bot API calls made from the outbox's worker thread, with Telegram's errors mapped to
:class:`~bot.outbox.DeliveryError` so the outbox knows whether, and when, to try again.

Alerts and follow-ups share this mapping; they differ only on a timeout. An alert that
timed out is retried, because an operator missing a report is worse than seeing it twice;
a follow-up is not, because the person must never get the same check-in twice.
"""

import asyncio
import warnings
from collections.abc import Coroutine
from typing import Any, TypeVar

from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError, TimedOut

from bot.outbox import DeliveryError

SEND_TIMEOUT = 120.0
_PERMANENT = ("chat not found", "user not found", "peer_id_invalid", "chat_id is empty",
              "group chat was upgraded", "bot is not a member")
T = TypeVar("T")


def call_on_loop(loop: asyncio.AbstractEventLoop, coro: Coroutine[Any, Any, T],
                 timeout: float, timeout_is_final: bool = False) -> T:
    """Run ``coro`` on ``loop`` and wait for it; raise ``DeliveryError`` on failure."""
    future = asyncio.run_coroutine_threadsafe(coro, loop)
    try:
        return future.result(timeout)
    except TimeoutError:
        future.cancel()
        raise DeliveryError("timeout", permanent=timeout_is_final) from None
    except TimedOut:
        raise DeliveryError("timeout", permanent=timeout_is_final) from None
    except RetryAfter as exc:
        raise DeliveryError("rate_limited", retry_after=retry_seconds(exc)) from None
    except Forbidden:
        raise DeliveryError("forbidden", permanent=True) from None
    except BadRequest as exc:
        permanent = any(p in exc.message.lower() for p in _PERMANENT)
        raise DeliveryError("chat_not_found" if permanent else "bad_request",
                            permanent=permanent) from None
    except TelegramError as exc:
        raise DeliveryError(type(exc).__name__.lower()) from None


def retry_seconds(exc: RetryAfter) -> float:
    """Seconds Telegram asked to wait, as a float."""
    with warnings.catch_warnings():  # PTB warns that the type will become timedelta
        warnings.simplefilter("ignore")
        wait = exc.retry_after
    return float(wait if isinstance(wait, (int, float)) else wait.total_seconds())
