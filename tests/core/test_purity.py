"""The dialogue core is pure: it imports no channel, database or HTTP library."""

import ast
import subprocess
import sys
from pathlib import Path

import bot.core

FORBIDDEN = ("telegram", "sqlalchemy", "httpx", "aiohttp", "psycopg", "alembic", "requests")
CORE = Path(bot.core.__file__).parent


def test_core_modules_do_not_import_io_libraries() -> None:
    for path in CORE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in FORBIDDEN, f"{path.name} imports {name}"


def test_importing_the_core_loads_no_io_library_transitively() -> None:
    code = (
        "import sys, bot.core.engine, bot.core.actions, bot.core.flows, bot.core.rules;"
        f"print([m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
