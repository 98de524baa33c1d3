"""``python -m bot db upgrade|downgrade REV|current``: database migrations."""

import argparse


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add the db command."""
    parser = sub.add_parser("db", help="database migrations (Alembic)")
    parser.add_argument("action", choices=["upgrade", "downgrade", "current"])
    parser.add_argument("revision", nargs="?", default=None)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run a migration command against the configured database."""
    from alembic import command

    from bot.settings import Settings
    from bot.storage.db import alembic_config, make_engine

    settings = Settings()
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    cfg = alembic_config(make_engine(settings.db_url))
    if args.action == "upgrade":
        command.upgrade(cfg, args.revision or "head")
    elif args.action == "downgrade":
        command.downgrade(cfg, args.revision or "-1")
    else:
        command.current(cfg)
    return 0
