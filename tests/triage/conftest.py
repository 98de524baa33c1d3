"""Small factories for triage tests: report facts, partner entries and directories."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.triage.facts import ReportFacts
from bot.triage.partners import Directory, load_directory

FactsFactory = Callable[..., ReportFacts]
EntryFactory = Callable[..., dict[str, Any]]
DirectoryFactory = Callable[..., Directory]


@pytest.fixture
def make_facts() -> FactsFactory:
    """Report facts with a case ref and language; keyword arguments override fields."""
    def make(**overrides: Any) -> ReportFacts:
        base: dict[str, Any] = {"ref": "SP-TEST2", "lang": "en"}
        base.update(overrides)
        return ReportFacts(**base)
    return make


@pytest.fixture
def make_entry() -> EntryFactory:
    """A valid partner entry as YAML data; keyword arguments override fields."""
    def make(**overrides: Any) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "id": "test_line", "name": "Test line", "kind": "national_hotline",
            "countries": ["TH"], "nationalities": ["*"], "languages": ["th"],
            "topics": ["trafficking"], "hours": {"schedule": "24/7", "tz": "Asia/Bangkok"},
            "channels": [{"kind": "phone", "value": "1300"}],
            "sources": [{"name": "example.org", "date": "2024"}],
            "last_verified": None, "status": "unverified",
        }
        entry.update(overrides)
        return entry
    return make


@pytest.fixture
def write_directory(tmp_path: Path) -> Callable[[list[dict[str, Any]]], Path]:
    """Write partner entries to a directory file and return its path."""
    def write(entries: list[dict[str, Any]]) -> Path:
        path = tmp_path / "partners.yml"
        path.write_text(yaml.safe_dump({"partners": entries}, allow_unicode=True), "utf-8")
        return path
    return write


@pytest.fixture
def make_directory(
    write_directory: Callable[[list[dict[str, Any]]], Path]
) -> DirectoryFactory:
    """A loaded directory made of the given entries."""
    def make(*entries: dict[str, Any]) -> Directory:
        return load_directory(write_directory(list(entries)))
    return make
