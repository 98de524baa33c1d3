"""Command-line subcommands. Each module registers itself with ``register(subparsers)``.

A module sets ``func`` on its parser; ``func(args) -> int`` runs the command and returns the
exit code. Heavy imports happen inside ``func`` so ``python -m bot --help`` stays fast.
"""

COMMANDS: tuple[str, ...] = (
    "run", "console", "jsonl", "telegram", "webhook", "detect", "nlu", "risk", "route", "db",
    "bench",
)
