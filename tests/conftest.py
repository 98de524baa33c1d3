"""Shared fixtures: database URLs for every store backend, and settings for a temp var dir."""

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from pydantic import SecretStr
from sqlalchemy import create_engine, text

from bot.settings import Settings
from bot.storage.crypto import new_key

if TYPE_CHECKING:
    from bot.app import SafePassage

FIXTURE_FLOWS = Path(__file__).parent / "core" / "fixtures" / "flows"
CORE_FLOWS = ("welcome", "menu", "language", "info", "forget", "danger_check")
POSTGRES_URL = os.environ.get(
    "DATABASE_URL_TEST", "postgresql://postgres@127.0.0.1:5432/test"
)


def postgres_reachable() -> bool:
    """Whether the test PostgreSQL server answers."""
    try:
        engine = create_engine(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1),
                               connect_args={"connect_timeout": 3})
        with engine.connect():
            return True
    except Exception:
        return False


@pytest.fixture(scope="session")
def postgres_schema_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped after the session."""
    if not postgres_reachable():
        if os.environ.get("REQUIRE_POSTGRES"):
            pytest.fail(f"PostgreSQL is required but not reachable at {POSTGRES_URL}")
        pytest.skip("PostgreSQL not reachable")
    schema = f"sp_test_{uuid.uuid4().hex[:10]}"
    base = POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1)
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    yield f"{base}{sep}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Each store test runs once on SQLite and once on the real PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    url: str = request.getfixturevalue("postgres_schema_url")
    yield url
    engine = create_engine(url)
    with engine.begin() as conn:
        for table in ("audit_log", "follow_ups", "alerts", "reports", "conversations", "users",
                      "alembic_version"):
            conn.execute(text(f"DROP TABLE IF EXISTS {table} CASCADE"))
    engine.dispose()


@pytest.fixture(scope="session")
def interpreter() -> Any:
    """The real embedded NLU model, trained once and cached under the project's var/nlu."""
    from nlu.interpreter import build_interpreter

    root = Path(__file__).resolve().parent.parent
    return build_interpreter(backend="embedded", data_dir=root / "nlu" / "data",
                             cache_dir=root / "var" / "nlu", rasa_url=None, timeout=2.0)


@pytest.fixture
def fixture_flows(tmp_path: Path) -> Path:
    """The core's own flows plus small test versions of the capability flows."""
    from bot.core.flows import FLOWS_DIR

    target = tmp_path / "flows"
    target.mkdir()
    for name in CORE_FLOWS:
        shutil.copy(FLOWS_DIR / f"{name}.yml", target)
    for path in FIXTURE_FLOWS.glob("*.yml"):
        shutil.copy(path, target)
    return target


@pytest.fixture
def app(settings: Settings, fixture_flows: Path) -> "SafePassage":
    """An application on fixture flows, a keyword interpreter and a temp SQLite store."""
    from bot.app import SafePassage, build_engine, open_store
    from tests.factories import KeywordInterpreter, fake_report

    interpreter = KeywordInterpreter({"passport": ("held_captive", 0.95)})
    engine = build_engine(settings, interpreter, None, None, flows_dir=fixture_flows)
    return SafePassage(engine, open_store(settings), fake_report, settings)


@pytest.fixture
def restartable(db_url: str, tmp_path: Path) -> Iterator[Callable[[], "SafePassage"]]:
    """Builds apps on one database (SQLite, then PostgreSQL) and one key: each call is a new
    process. The flows file reports (see tests.factories.file_report)."""
    from tests.channels.test_telegram_harness import fixture_app, flows_dir
    from tests.factories import fake_report

    settings = Settings(var_dir=tmp_path / "var", data_key=SecretStr(new_key()),  # type: ignore[call-arg]
                        database_url=db_url, _env_file=None)
    flows = flows_dir(tmp_path)
    apps: list[SafePassage] = []

    def start() -> "SafePassage":
        apps.append(fixture_app(settings, flows, fake_report))
        return apps[-1]

    yield start
    for app in apps:
        app.sent.stop(flush=False)
        app.store.engine.dispose()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings with a temporary var dir, SQLite and a fixed data key."""
    return Settings(var_dir=tmp_path / "var", data_key=SecretStr(new_key()), _env_file=None)  # type: ignore[call-arg]


def pytest_sessionstart(session: pytest.Session) -> None:
    """Compile the catalogues when a .po is newer than its .mo (``make test`` does it too)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in (Path(__file__).resolve().parent.parent / "locales").glob("*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as src:
            catalog = read_po(src)
        with mo.open("wb") as dst:
            write_mo(dst, catalog)
