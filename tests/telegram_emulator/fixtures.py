"""pytest fixtures for the emulator; import them into a conftest.py to use them elsewhere.

For example, in tests/channels/conftest.py:
``from tests.telegram_emulator.fixtures import telegram_emulator, tg_user``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest

from tests.telegram_emulator.factories import TgUser, make_user
from tests.telegram_emulator.server import EmulatorServer


@pytest.fixture
async def telegram_emulator() -> AsyncIterator[EmulatorServer]:
    """Give a running emulator on 127.0.0.1, stopped after the test."""
    async with EmulatorServer() as emulator:
        yield emulator


@pytest.fixture
def tg_user() -> Callable[..., TgUser]:
    """Give the user factory: ``tg_user("Mai", "th")`` makes a new user."""
    return make_user
