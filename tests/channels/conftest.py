"""Fixtures shared by the Telegram channel tests: the Bot API emulator and a PTB bot on it."""

from collections.abc import AsyncIterator

import pytest
from telegram import Bot

from tests.telegram_emulator import EmulatorServer
from tests.telegram_emulator.ptb import make_bot


@pytest.fixture
async def emu() -> AsyncIterator[EmulatorServer]:
    """A running emulator on a free local port."""
    async with EmulatorServer() as server:
        yield server


@pytest.fixture
async def bot(emu: EmulatorServer) -> AsyncIterator[Bot]:
    """python-telegram-bot's Bot, talking to the emulator."""
    async with make_bot(emu) as ptb_bot:
        yield ptb_bot
