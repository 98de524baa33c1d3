"""``python -m bot webhook``: registered from :mod:`bot.cli.telegram`, which owns both commands."""

from bot.cli.telegram import register_webhook as register

__all__ = ["register"]
