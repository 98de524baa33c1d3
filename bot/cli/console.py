"""``python -m bot console``: chat with the bot in the terminal."""

import argparse
import sys


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add the console command."""
    parser = sub.add_parser("console", help="chat with the bot in this terminal")
    parser.add_argument("--user", default="local", help="user id for this chat")
    parser.add_argument("--lang-code", default=None, help="the client's language code, e.g. th")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Start the console chat."""
    from bot.app import build_app
    from bot.channels.console import ConsoleChannel
    from bot.logs import setup_logging

    setup_logging()
    return ConsoleChannel(build_app(), sys.stdout, args.user, args.lang_code).run()
