"""The store under test, migrated, on SQLite and on the real PostgreSQL."""

from collections.abc import Iterator

import pytest

from bot.storage.crypto import Vault, new_key
from bot.storage.db import make_engine, upgrade
from bot.storage.store import SqlStore


@pytest.fixture
def store(db_url: str) -> Iterator[SqlStore]:
    """A store on a freshly migrated database with a new key."""
    engine = make_engine(db_url)
    upgrade(engine)
    yield SqlStore(engine, Vault(new_key().encode()))
    engine.dispose()
