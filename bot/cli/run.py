"""``python -m bot run``: Telegram polling when a bot token is set, else the console chat."""

import argparse


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add the run command."""
    parser = sub.add_parser("run", help="Telegram if TELEGRAM_BOT_TOKEN is set, else console")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Start the right channel for this deployment."""
    from bot.cli import telegram
    from bot.settings import Settings

    if telegram.has_token(Settings()):
        return telegram.run_polling(args)
    from bot.cli import console

    args.user, args.lang_code = "local", None
    return console.run(args)
