"""The development set meets the targets in every language (the benchmark, as a test)."""

from pathlib import Path

import pytest

from bot.risk.evaluate import ALL, evaluate, read_examples
from nlu.languages import LAUNCH_LANGUAGES

DEVSET = Path(__file__).resolve().parent / "devset"


@pytest.fixture(scope="module")
def reports() -> dict:  # type: ignore[type-arg]
    return evaluate(read_examples(DEVSET))


def test_every_language_has_enough_examples(reports: dict) -> None:  # type: ignore[type-arg]
    for lang in LAUNCH_LANGUAGES:
        assert reports[lang].lures >= 25 and reports[lang].ordinary >= 25, lang


@pytest.mark.parametrize("lang", LAUNCH_LANGUAGES)
def test_targets_per_language(reports: dict, lang: str) -> None:  # type: ignore[type-arg]
    report = reports[lang]
    assert report.lure_rate >= 0.95, (lang, report.misses)
    assert report.ordinary_rate <= 0.05, (lang, report.misses)


def test_analysis_is_fast(reports: dict) -> None:  # type: ignore[type-arg]
    assert reports[ALL].mean_ms < 5.0
