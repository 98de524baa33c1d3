"""Measure the scorer on labelled ads (``label<TAB>text`` files): hit rates and time per lang."""

import math
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.risk.scorer import assess

LABELS = ("lure", "ordinary")
HIGH_LEVELS = frozenset({"high", "very_high"})
ALL = "all"

Detect = Callable[[str], str | None]


class DevsetError(ValueError):
    """A labelled file is malformed (the message names the file and the line)."""


@dataclass(frozen=True)
class Example:
    """One labelled ad."""

    label: str
    text: str
    lang: str | None
    where: str


@dataclass(frozen=True)
class Report:
    """Results for one language (or all): counts, share rated high, analysis time."""

    lang: str
    lures: int
    ordinary: int
    lures_high: int
    ordinary_high: int
    mean_ms: float
    p99_ms: float
    misses: tuple[str, ...] = field(default=())

    @property
    def lure_rate(self) -> float:
        """Share of lures rated high or very high."""
        return self.lures_high / self.lures if self.lures else 0.0

    @property
    def ordinary_rate(self) -> float:
        """Share of ordinary ads rated high or very high (false alarms)."""
        return self.ordinary_high / self.ordinary if self.ordinary else 0.0

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready view."""
        return {
            "lang": self.lang, "lures": self.lures, "ordinary": self.ordinary,
            "lures_high": self.lures_high, "ordinary_high": self.ordinary_high,
            "lure_rate": round(self.lure_rate, 4), "ordinary_rate": round(self.ordinary_rate, 4),
            "mean_ms": round(self.mean_ms, 3), "p99_ms": round(self.p99_ms, 3),
        }


def read_examples(path: Path, detect: Detect | None = None) -> list[Example]:
    """Read one ``label<TAB>text`` file, or every ``<lang>.tsv`` of a directory."""
    if path.is_dir():
        found: list[Example] = []
        for file in sorted(path.glob("*.tsv")):
            found.extend(_read_file(file, file.stem, detect))
        return found
    return _read_file(path, None, detect)


def _read_file(path: Path, lang: str | None, detect: Detect | None) -> list[Example]:
    examples = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        where = f"{path.name}:{number}"
        if len(parts) < 2 or parts[0] not in LABELS or not parts[1].strip():
            raise DevsetError(f"{where}: expected 'lure|ordinary<TAB>text'")
        text = parts[1]
        examples.append(Example(parts[0], text, lang or (detect(text) if detect else None), where))
    return examples


def evaluate(examples: Iterable[Example]) -> dict[str, Report]:
    """Assess every example; a report per language plus ``all``."""
    rows: dict[str, list[tuple[Example, bool, float]]] = {}
    assess("warm up")  # load and compile the data files before timing anything
    for example in examples:
        start = time.perf_counter()
        result = assess(example.text, example.lang)
        elapsed = (time.perf_counter() - start) * 1000
        row = (example, result.level in HIGH_LEVELS, elapsed)
        rows.setdefault(example.lang or "unknown", []).append(row)
        rows.setdefault(ALL, []).append(row)
    return {lang: _report(lang, data) for lang, data in rows.items()}


def _report(lang: str, rows: list[tuple[Example, bool, float]]) -> Report:
    times = sorted(ms for _, _, ms in rows)
    lures = [(e, high) for e, high, _ in rows if e.label == "lure"]
    ordinary = [(e, high) for e, high, _ in rows if e.label == "ordinary"]
    misses = tuple(e.where for e, high in lures if not high)
    misses += tuple(e.where for e, high in ordinary if high)
    p99 = times[min(len(times) - 1, math.ceil(0.99 * len(times)) - 1)] if times else 0.0
    return Report(lang, len(lures), len(ordinary), sum(h for _, h in lures),
                  sum(h for _, h in ordinary), sum(times) / len(times) if times else 0.0, p99,
                  misses)


def format_table(reports: Mapping[str, Report]) -> str:
    """A plain-text table, one line per language and ``all`` last."""
    head = (f"{'lang':<8} {'lures':>5} {'high':>7} {'ordin.':>6} {'high':>7} {'mean ms':>8} "
            f"{'p99 ms':>7}")
    lines = [head, "-" * len(head)]
    for lang in sorted(reports, key=lambda k: (k == ALL, k)):
        r = reports[lang]
        lines.append(f"{lang:<8} {r.lures:>5} {r.lure_rate:>7.1%} {r.ordinary:>6} "
                     f"{r.ordinary_rate:>7.1%} {r.mean_ms:>8.2f} {r.p99_ms:>7.2f}")
    return "\n".join(lines)
