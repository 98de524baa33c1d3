"""The hardened bot: malformed updates do not block polling, raw data stays out of logs."""

import logging
import sys
from collections.abc import AsyncIterator

import pytest
from telegram.ext import AIORateLimiter
from telegram.request import HTTPXRequest

from bot.channels.telegram_bot import RedactReceivedData, TolerantBot, make_bot, transport
from bot.channels.telegram_http import AiohttpRequest
from tests.telegram_emulator import EmulatorServer, make_user


@pytest.fixture
async def bot() -> AsyncIterator[tuple[EmulatorServer, TolerantBot]]:
    async with EmulatorServer() as emu:
        async with make_bot(emu.token, emu.base_url, emu.base_file_url,
                            AIORateLimiter()) as ptb:
            yield emu, ptb


async def test_a_malformed_update_is_replaced_and_the_offset_moves_on(
    bot: tuple[EmulatorServer, TolerantBot]
) -> None:
    emu, ptb = bot
    user = make_user("Mai", "th")
    emu.push_raw({"update_id": 50, "message": {"no": "fields"}})
    emu.push_raw({"no_update_id": True})
    emu.push_text(user, "สวัสดี")
    updates = await ptb.get_updates(timeout=0)
    assert updates[0].update_id == 50 and updates[0].effective_message is None
    assert updates[-1].message is not None and updates[-1].message.text == "สวัสดี"
    assert await ptb.get_updates(offset=updates[-1].update_id + 1, timeout=0) == ()


def test_raw_update_data_is_not_logged(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("test.redact")
    logger.addFilter(RedactReceivedData())
    with caplog.at_level(logging.DEBUG, logger="test.redact"):
        logger.critical("Error while parsing updates! Received data was %r",
                        [{"text": "my phone is 0812 3456"}])
        logger.debug("Webhook received data: %s", '{"text": "Siti"}')
        logger.debug("Getting updates: %s", [1, 2])
    lines = [r.getMessage() for r in caplog.records]
    assert "0812" not in lines[0] and "Siti" not in lines[1] and lines[2].endswith("[1, 2]")


def test_the_transport_is_aiohttp_or_httpx_where_aiohttp_is_missing(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    assert isinstance(transport(8), AiohttpRequest)
    monkeypatch.setitem(sys.modules, "bot.channels.telegram_http", None)
    assert isinstance(transport(8), HTTPXRequest)
