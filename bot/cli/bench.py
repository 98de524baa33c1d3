"""``python -m bot bench``: throughput and latency figures (a benchmark, not a test)."""

import argparse
import json
import os


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add the bench command."""
    parser = sub.add_parser("bench", help="print turns/s and latency percentiles as JSON")
    parser.add_argument("--turns", type=int, default=2000)
    parser.add_argument("--postgres-url", default=os.environ.get(
        "DATABASE_URL_TEST", "postgresql://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--telegram", action="store_true",
                        help="measure updates through python-telegram-bot and the emulator")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the benchmark and print one JSON object."""
    import logging

    logging.disable(logging.WARNING)
    if args.telegram:
        from bot.channels.telegram_bench import run_telegram_benchmark

        print(json.dumps(run_telegram_benchmark(args.turns), indent=2))
        return 0
    from bot.bench import run_benchmark

    url = None if args.no_postgres else args.postgres_url
    print(json.dumps(run_benchmark(args.turns, url), indent=2))
    return 0
