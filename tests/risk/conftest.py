"""Factories shared by the risk tests."""

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from bot.risk.catalogue import CATALOGUE_FILE


@pytest.fixture
def catalogue_copy(tmp_path: Path) -> Callable[[Callable[[dict[str, object]], None]], Path]:
    """Write a copy of the real catalogue, changed by ``edit``, and return its path."""

    def make(edit: Callable[[dict[str, object]], None]) -> Path:
        data = yaml.safe_load(CATALOGUE_FILE.read_text(encoding="utf-8"))
        edit(data)
        path = tmp_path / "indicators.yml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        return path

    return make
