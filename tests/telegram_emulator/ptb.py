"""python-telegram-bot wiring for the emulator: a Bot or ApplicationBuilder pointed at it."""

from __future__ import annotations

from typing import Protocol

from telegram import Bot
from telegram.ext import ApplicationBuilder
from telegram.ext._applicationbuilder import InitApplicationBuilder


class EmulatorAddress(Protocol):
    """Where an emulator listens (satisfied by ``EmulatorServer``)."""

    @property
    def token(self) -> str: ...

    @property
    def base_url(self) -> str: ...

    @property
    def base_file_url(self) -> str: ...


def make_bot(emulator: EmulatorAddress) -> Bot:
    """Return a plain ``telegram.Bot`` talking to the emulator (use ``async with``)."""
    return Bot(emulator.token, base_url=emulator.base_url, base_file_url=emulator.base_file_url)


def application_builder(emulator: EmulatorAddress) -> InitApplicationBuilder:
    """Return an ``ApplicationBuilder`` with token and URLs set; add handlers, then build."""
    return (
        ApplicationBuilder()
        .token(emulator.token)
        .base_url(emulator.base_url)
        .base_file_url(emulator.base_file_url)
    )
