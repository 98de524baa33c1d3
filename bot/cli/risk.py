"""``python -m bot risk``: check job ads from stdin, or measure the check on a labelled set.

stdin: one ad per line, or JSON lines ``{"text": ..., "lang": ..., "origin": ...}``.
stdout: one JSON line per ad ``{"score", "level", "flags": [{"id", "evidence"}], "lang"}``.
``--eval FILE|DIR`` reads ``label<TAB>text`` lines (or every ``<lang>.tsv`` of a directory) and
prints, per language and overall, the share of lures and of ordinary ads rated high or very
high and the analysis time; ``--json`` prints that as one JSON object.
"""

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TextIO

Detect = Callable[[str], str | None]


def register(subparsers: Any) -> None:
    """Add the ``risk`` subcommand."""
    parser = subparsers.add_parser("risk", help="check job ads for trafficking red flags")
    parser.add_argument("--eval", type=Path, metavar="FILE",
                        help="labelled file or directory of <lang>.tsv files to measure")
    parser.add_argument("--json", action="store_true", help="print the --eval report as JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the command; returns the exit code."""
    if args.eval is not None:
        return _evaluate(args.eval, bool(args.json), sys.stdout)
    return check_lines(sys.stdin, sys.stdout, _detector())


def check_lines(lines: Iterable[str], out: TextIO, detect: Detect | None = None) -> int:
    """Assess each non-blank line (plain text or a JSON object) and write one JSON line each."""
    from bot.risk.scorer import assess

    normalize = _normalizer()
    for line in lines:
        if not line.strip():
            continue
        text, lang, origin = _parse_line(line.rstrip("\n"))
        text = normalize(text)
        if lang is None and detect is not None:
            lang = detect(text)
        result = assess(text, lang, origin_country=origin)
        record = {
            "score": result.score, "level": result.level,
            "flags": [{"id": f.id, "evidence": list(f.evidence)} for f in result.flags],
            "lang": result.lang,
        }
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 0


def _parse_line(line: str) -> tuple[str, str | None, str | None]:
    if line.lstrip().startswith("{"):
        try:
            data = json.loads(line)
        except json.JSONDecodeError:
            return line, None, None
        if isinstance(data, dict) and isinstance(data.get("text"), str):
            return data["text"], _opt(data.get("lang")), _opt(data.get("origin"))
    return line, None, None


def _opt(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _evaluate(path: Path, as_json: bool, out: TextIO) -> int:
    from bot.risk.evaluate import DevsetError, evaluate, format_table, read_examples

    if not path.exists():
        sys.stderr.write(f"risk --eval: {path} does not exist\n")
        return 2
    try:
        examples = read_examples(path, None if path.is_dir() else _detector())
    except DevsetError as exc:
        sys.stderr.write(f"risk --eval: {exc}\n")
        return 2
    reports = evaluate(examples)
    if as_json:
        out.write(json.dumps({k: r.as_dict() for k, r in reports.items()}, ensure_ascii=False))
        out.write("\n")
    else:
        out.write(format_table(reports) + "\n")
    return 0


def _normalizer() -> Callable[[str], str]:
    """The bot's input normalisation (Zawgyi -> Unicode, NFC) when that module is installed."""
    try:
        from nlu.normalize import normalize_input  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return lambda text: text
    return normalize_input


def _detector() -> Detect | None:
    """The project's language detector, if that module is installed (it is optional here)."""
    try:
        from nlu.langid import LanguageDetector  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    detector = LanguageDetector()

    def detect(text: str) -> str | None:
        lang = detector.detect(text).lang
        return lang if isinstance(lang, str) else None

    return detect
