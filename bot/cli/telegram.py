"""``python -m bot telegram`` (long polling) and ``python -m bot webhook`` (PTB's webhook server).

Both start cleanly while Telegram is unreachable and keep retrying with backoff
(``bootstrap_retries=-1``). Updates that arrived while the bot was down are still answered:
a distress message must never be dropped.
"""

import argparse
import re
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.channels.telegram import TelegramApp
    from bot.settings import Settings

#: Only the update kinds the channel handles are requested from Telegram.
ALLOWED_UPDATES = ("message", "edited_message", "callback_query", "my_chat_member")
#: What Telegram accepts as a webhook secret token.
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add the telegram command."""
    parser = sub.add_parser("telegram", help="run the Telegram bot (long polling)")
    parser.set_defaults(func=run_polling)


def register_webhook(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add the webhook command."""
    parser = sub.add_parser("webhook", help="run the Telegram bot behind a webhook")
    parser.add_argument("--listen", default=None, help="address to listen on (WEBHOOK_LISTEN)")
    parser.add_argument("--port", type=int, default=None, help="port (WEBHOOK_PORT)")
    parser.add_argument("--path", default=None, help="URL path (WEBHOOK_PATH)")
    parser.add_argument("--url", default=None, help="public base URL (WEBHOOK_URL)")
    parser.set_defaults(func=run_webhook)


def run_polling(args: argparse.Namespace) -> int:
    """Run the bot with long polling until stopped (Ctrl-C or SIGTERM)."""
    from bot.settings import Settings

    settings = Settings()
    if not has_token(settings):
        print("TELEGRAM_BOT_TOKEN is not set", file=sys.stderr)
        return 2
    poll(_application(settings))
    return 0


def poll(application: "TelegramApp") -> None:
    """Long-poll until stopped, retrying start-up and polling while Telegram is unreachable."""
    application.run_polling(bootstrap_retries=-1, allowed_updates=list(ALLOWED_UPDATES),
                            drop_pending_updates=False)


def run_webhook(args: argparse.Namespace) -> int:
    """Run the bot behind PTB's webhook server until stopped."""
    from bot.settings import Settings

    settings = Settings()
    try:
        options = webhook_options(settings, args)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    application = _application(settings)
    application.run_webhook(**options, bootstrap_retries=-1,
                            allowed_updates=list(ALLOWED_UPDATES), drop_pending_updates=False)
    return 0


def webhook_options(settings: "Settings",
                    args: argparse.Namespace | None = None) -> dict[str, Any]:
    """listen, port, url_path, webhook_url and secret_token from settings and flags."""
    def flag(name: str) -> Any:
        return getattr(args, name, None) if args is not None else None

    if not has_token(settings):
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    base = flag("url") or settings.webhook_url
    if not base:
        raise ValueError("WEBHOOK_URL (the public https address of this server) is not set")
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""
    if not _SECRET.match(secret):
        raise ValueError("WEBHOOK_SECRET must be set: 1-256 characters A-Z, a-z, 0-9, _ or -")
    path = str(flag("path") or settings.webhook_path).strip("/")
    return {
        "listen": flag("listen") or settings.webhook_listen,
        "port": int(flag("port") or settings.webhook_port),
        "url_path": path,
        "webhook_url": f"{str(base).rstrip('/')}/{path}",
        "secret_token": secret,
    }


def has_token(settings: "Settings") -> bool:
    """Whether a (non-empty) bot token is configured."""
    token = settings.telegram_bot_token
    return token is not None and bool(token.get_secret_value().strip())


def _application(settings: "Settings") -> "TelegramApp":
    from bot.app import build_app
    from bot.channels.telegram import Tuning, build_application
    from bot.logs import setup_logging

    setup_logging(settings.log_level)
    # A local SQLite file answers in about a millisecond: thread hand-offs would cost more
    # than they save. A database across the network gets worker threads.
    tuning = Tuning(store_inline=settings.db_url.startswith("sqlite"))
    return build_application(build_app(settings), tuning)
