"""Fixtures of the emulator's own tests."""

from tests.telegram_emulator.fixtures import telegram_emulator, tg_user

__all__ = ["telegram_emulator", "tg_user"]
