"""``python -m bot jsonl``: the JSON-lines protocol on stdin/stdout."""

import argparse
import sys


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add the jsonl command."""
    parser = sub.add_parser("jsonl", help="JSON lines in on stdin, actions out on stdout")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Process stdin until it ends."""
    from bot.app import build_app
    from bot.channels.jsonl import JsonlChannel
    from bot.logs import setup_logging

    setup_logging()
    sys.stdin.reconfigure(errors="replace")  # type: ignore[union-attr]
    return JsonlChannel(build_app(), sys.stdout).run(sys.stdin)
