"""How a Bot API failure tells the outbox whether, and when, to try again."""

import asyncio
import threading
from collections.abc import Iterator

import pytest
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.channels.telegram_delivery import call_on_loop
from bot.outbox import DeliveryError


@pytest.fixture()
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    running = asyncio.new_event_loop()
    thread = threading.Thread(target=running.run_forever, daemon=True)
    thread.start()
    yield running
    running.call_soon_threadsafe(running.stop)
    thread.join(5)
    running.close()


async def fails(error: Exception) -> None:
    raise error


def failure(loop: asyncio.AbstractEventLoop, error: Exception,
            timeout_is_final: bool = False) -> DeliveryError:
    with pytest.raises(DeliveryError) as caught:
        call_on_loop(loop, fails(error), 5.0, timeout_is_final)
    return caught.value


def test_the_result_comes_back(loop: asyncio.AbstractEventLoop) -> None:
    async def answer() -> int:
        return 42
    assert call_on_loop(loop, answer(), 5.0) == 42


@pytest.mark.parametrize(("error", "kind", "permanent"), [
    (Forbidden("bot was blocked by the user"), "forbidden", True),
    (BadRequest("Chat not found"), "chat_not_found", True),
    (BadRequest("Message is too long"), "bad_request", False),
    (NetworkError("connection reset"), "networkerror", False),
])
def test_errors_map_to_what_the_outbox_should_do(
    loop: asyncio.AbstractEventLoop, error: Exception, kind: str, permanent: bool
) -> None:
    got = failure(loop, error)
    assert (got.kind, got.permanent) == (kind, permanent)


def test_a_rate_limit_carries_telegrams_wait(loop: asyncio.AbstractEventLoop) -> None:
    got = failure(loop, RetryAfter(7))
    assert (got.kind, got.permanent, got.retry_after) == ("rate_limited", False, 7.0)


@pytest.mark.parametrize("final", [False, True])
def test_a_timeout_is_final_only_when_the_caller_says_so(
    loop: asyncio.AbstractEventLoop, final: bool
) -> None:
    assert failure(loop, TimedOut(), final).permanent is final

    async def slow() -> None:
        await asyncio.sleep(1)
    with pytest.raises(DeliveryError) as caught:
        call_on_loop(loop, slow(), 0.05, final)
    assert (caught.value.kind, caught.value.permanent) == ("timeout", final)
