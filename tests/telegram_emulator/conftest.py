"""Fixtures of the emulator's own tests."""

from collections.abc import AsyncIterator

import pytest
from telegram import Bot

from tests.telegram_emulator import EmulatorServer, make_bot
from tests.telegram_emulator.fixtures import telegram_emulator, tg_user

__all__ = ["bot", "telegram_emulator", "tg_user"]


@pytest.fixture
async def bot(telegram_emulator: EmulatorServer) -> AsyncIterator[Bot]:
    """python-telegram-bot's Bot, talking to the emulator."""
    async with make_bot(telegram_emulator) as ptb_bot:
        yield ptb_bot
