"""``detect``: language of each stdin line as JSON lines, or ``--eval FILE`` for accuracy figures.

The evaluation file is ``lang<TAB>bucket<TAB>source<TAB>text`` (a header line is allowed).
Rows whose language is not a launch language are skipped and counted. Our detector is compared
with plain langdetect (seeded, all its languages) on the same rows.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TextIO

#: Length buckets of the evaluation set, by characters.
BUCKETS: tuple[str, ...] = ("<=15", "16-40", "41-100")
_CHINESE = ("zh_Hans", "zh_Hant")
# langdetect's codes for the launch languages it knows (it has no ms, km, my, lo).
_LANGDETECT_CODES = {"zh-cn": "zh_Hans", "zh-tw": "zh_Hant", "tl": "fil"}


@dataclass(frozen=True)
class Row:
    """One labelled evaluation message."""

    lang: str
    bucket: str
    text: str


@dataclass(frozen=True)
class Figures:
    """Accuracy figures of one detector over the evaluation rows."""

    rows: int
    overall: float
    by_language: dict[str, float]
    by_bucket: dict[str, float]
    chinese_variant: float
    ms_per_detection: float


def register(subparsers: Any) -> None:
    """Add the ``detect`` command."""
    parser = subparsers.add_parser("detect", help="detect the language of messages")
    parser.add_argument("--eval", metavar="FILE", type=Path, help="score a labelled TSV file")
    parser.add_argument("--json", action="store_true", help="with --eval: print one JSON object")
    parser.add_argument(
        "--no-langdetect", action="store_true", help="with --eval: skip the langdetect baseline"
    )
    parser.add_argument("--threshold", type=float, default=None, help="abstention threshold")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the command: stream mode or evaluation mode."""
    from nlu.langid import LanguageDetector

    detector = LanguageDetector() if args.threshold is None else LanguageDetector(args.threshold)
    if args.eval is None:
        return _stream(detector.detect, sys.stdin, sys.stdout)
    try:
        rows, skipped = read_rows(args.eval)
    except (OSError, ValueError) as exc:
        print(f"detect: {exc}", file=sys.stderr)
        return 2
    detector.warm_up()  # model loading is start-up cost, not per-message cost
    ours = evaluate(rows, lambda text: detector.detect(text).lang)
    baseline = None if args.no_langdetect else evaluate(rows, _langdetect_baseline())
    if args.json:
        print(json.dumps(_as_json(ours, baseline, skipped), ensure_ascii=False))
    else:
        print(format_report(ours, baseline, skipped))
    return 0


def _stream(detect: Callable[[str], Any], lines: TextIO, out: TextIO) -> int:
    from nlu.normalize import normalize_input

    for line in lines:
        text = line.rstrip("\r\n")
        found = detect(normalize_input(text))
        record = {"text": text, "lang": found.lang, "confidence": found.confidence}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 0


def read_rows(path: Path) -> tuple[list[Row], int]:
    """Launch-language rows of an evaluation file, and how many other rows were skipped."""
    from nlu.languages import normalize_language

    rows: list[Row] = []
    skipped = 0
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            fields = line.rstrip("\r\n").split("\t", 3)
            if number == 1 and fields[0] == "lang":
                continue
            if len(fields) != 4:
                raise ValueError(f"{path}:{number}: expected 4 tab-separated fields")
            lang = normalize_language(fields[0])
            if lang is None:
                skipped += 1
            else:
                rows.append(Row(lang, fields[1], fields[3]))
    return rows, skipped


def evaluate(rows: Sequence[Row], predict: Callable[[str], str | None]) -> Figures:
    """Accuracy of ``predict`` overall, per language, per length bucket, for zh variants."""
    hits: dict[str, list[bool]] = defaultdict(list)
    started = time.perf_counter()
    predictions = [predict(row.text) for row in rows]
    elapsed = time.perf_counter() - started
    for row, guess in zip(rows, predictions, strict=True):
        correct = guess == row.lang
        for key in ("all", f"lang:{row.lang}", f"bucket:{row.bucket}"):
            hits[key].append(correct)
        if row.lang in _CHINESE:
            hits["chinese"].append(correct)
    return Figures(
        rows=len(rows),
        overall=_rate(hits["all"]),
        by_language={k[5:]: _rate(v) for k, v in sorted(hits.items()) if k.startswith("lang:")},
        by_bucket={b: _rate(hits[f"bucket:{b}"]) for b in BUCKETS if hits[f"bucket:{b}"]},
        chinese_variant=_rate(hits["chinese"]),
        ms_per_detection=round(1000 * elapsed / max(len(rows), 1), 4),
    )


def _rate(results: Iterable[bool]) -> float:
    values = list(results)
    return round(sum(values) / len(values), 4) if values else 0.0


def _langdetect_baseline() -> Callable[[str], str | None]:
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    from nlu.languages import normalize_language

    DetectorFactory.seed = 0
    with contextlib.suppress(LangDetectException):
        detect("warm up")  # loads every profile: start-up cost, not per-message cost

    def predict(text: str) -> str | None:
        try:
            code = detect(text)
        except LangDetectException:
            return None
        return _LANGDETECT_CODES.get(code) or normalize_language(code)

    return predict


def format_report(ours: Figures, baseline: Figures | None, skipped: int) -> str:
    """Human-readable table: our figures beside langdetect's."""
    lines = [
        f"rows: {ours.rows} (skipped {skipped} outside the launch languages)",
        f"{'':24}{'ours':>10}{'langdetect':>12}",
    ]
    for label, values in _report_rows(ours, baseline):
        lines.append(f"{label:24}" + _cells(f"{v * 100:.1f}%" for v in values))
    timing = (f"{f.ms_per_detection:.3f}" for f in (ours, baseline) if f is not None)
    lines.append(f"{'ms per detection':24}" + _cells(timing))
    return "\n".join(lines)


def _cells(values: Iterable[str]) -> str:
    return "".join(v.rjust(width) for v, width in zip(values, (10, 12), strict=False))


def _report_rows(
    ours: Figures, baseline: Figures | None
) -> list[tuple[str, list[float]]]:
    figures = [f for f in (ours, baseline) if f is not None]
    rows = [("overall", [f.overall for f in figures])]
    rows += [(f"length {b}", [f.by_bucket.get(b, 0.0) for f in figures]) for b in ours.by_bucket]
    rows += [
        (f"language {lang}", [f.by_language.get(lang, 0.0) for f in figures])
        for lang in ours.by_language
    ]
    rows.append(("Simplified vs Trad.", [f.chinese_variant for f in figures]))
    rows.append(("Indonesian (id)", [f.by_language.get("id", 0.0) for f in figures]))
    rows.append(("Malay (ms)", [f.by_language.get("ms", 0.0) for f in figures]))
    return rows


def _as_json(ours: Figures, baseline: Figures | None, skipped: int) -> dict[str, Any]:
    return {
        "rows": ours.rows,
        "skipped": skipped,
        "ours": asdict(ours),
        "langdetect": asdict(baseline) if baseline else None,
    }
