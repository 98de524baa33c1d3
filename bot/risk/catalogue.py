"""The indicator catalogue (``indicators.yml``): loaded, validated and compiled once.

Every error names the file and the indicator. Phrases are literal (folded like the text, so
Vietnamese written with or without tones matches both); patterns are regular expressions over
folded text. Latin-script signals need word boundaries; Thai, Khmer, Lao, Burmese and Chinese
signals match inside longer runs of text, since those scripts write no spaces between words.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.risk.fold import fold_char, fold_str
from nlu.languages import LAUNCH_LANGUAGES

CATALOGUE_FILE = Path(__file__).resolve().parent / "indicators.yml"
GROUPS = ("lure", "travel", "recruitment", "control", "ilo")
LATIN_LANGS = frozenset({"en", "vi", "id", "ms", "fil"})
LEVELS = ("caution", "high", "very_high")
_ENTITY = re.compile(r"place:(?:compound|transit|abroad)|country:[A-Z]{2}|pay:above_threshold")
_INDICATOR_KEYS = frozenset({"id", "group", "weight", "hard", "family", "source", "phrases",
                             "patterns", "entities", "answers", "implies", "note"})
_MITIGATOR_KEYS = frozenset({"id", "reduce", "source", "phrases", "patterns", "answers", "note"})
_SEP = r"[\s\-_.]*"
_B_LEFT, _B_RIGHT = r"(?<![a-z0-9])", r"(?![a-z0-9])"


class CatalogueError(ValueError):
    """The catalogue file is malformed (the message names the file and the indicator)."""


@dataclass(frozen=True)
class Indicator:
    """One warning sign: how it shows in text, entities and answers, and how much it weighs."""

    id: str
    group: str
    weight: int
    hard: bool
    family: str
    source: str
    matcher: re.Pattern[str] | None
    entities: frozenset[str]
    answers: Mapping[str, frozenset[str]]
    implies: Mapping[str, str]

    @property
    def title(self) -> str:
        """Message id of the short title."""
        return f"risk.ind.{self.id}.title"

    @property
    def why(self) -> str:
        """Message id of the plain-words explanation."""
        return f"risk.ind.{self.id}.why"


@dataclass(frozen=True)
class Mitigator:
    """A sign of a regular process (licence, contract, no fees): lowers the score a little."""

    id: str
    reduce: int
    matcher: re.Pattern[str] | None
    answers: Mapping[str, frozenset[str]]


@dataclass(frozen=True)
class Combo:
    """Signs that mean more together: one flag from each set adds ``bonus``."""

    id: str
    bonus: int
    all_of: tuple[frozenset[str], ...]


@dataclass(frozen=True)
class Catalogue:
    """Everything the scorer needs, validated."""

    indicators: tuple[Indicator, ...]
    mitigators: tuple[Mitigator, ...]
    combos: tuple[Combo, ...]
    questions: Mapping[str, tuple[str, ...]]
    levels: Mapping[str, int]
    mitigation_cap: int
    by_id: Mapping[str, Indicator] = field(default_factory=dict)

    def indicator(self, indicator_id: str) -> Indicator:
        """An indicator by id (KeyError if unknown)."""
        return self.by_id[indicator_id]


@lru_cache(maxsize=4)
def load_catalogue(path: Path = CATALOGUE_FILE) -> Catalogue:
    """Load, validate and compile the catalogue (cached: patterns compile once)."""
    where = path.name
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{where}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise CatalogueError(f"{where}: must be a mapping")
    questions = _questions(raw.get("questions"), where)
    indicators = tuple(_indicator(e, where, questions) for e in _list(raw, "indicators", where))
    _unique((i.id for i in indicators), where, "indicator")
    mitigators = tuple(_mitigator(e, where, questions) for e in raw.get("mitigators") or ())
    _unique((m.id for m in mitigators), where, "mitigator")
    combos = tuple(_combo(e, where, indicators) for e in raw.get("combos") or ())
    return Catalogue(indicators, mitigators, combos, questions, _levels(raw.get("levels"), where),
                     int(raw.get("mitigation_cap", 0)), {i.id: i for i in indicators})


def fold_pattern(pattern: str) -> str:
    """Fold a regular expression like text, leaving escape sequences (``\\d``, ``\\s``) alone."""
    out: list[str] = []
    chars = iter(pattern)
    for char in chars:
        out.append(char + next(chars, "") if char == "\\" else fold_char(char))
    return "".join(out)


def _indicator(raw: Any, file: str, questions: Mapping[str, tuple[str, ...]]) -> Indicator:
    where = _where(raw, file, "indicator", _INDICATOR_KEYS)
    group, weight = raw.get("group"), raw.get("weight")
    if group not in GROUPS:
        raise CatalogueError(f"{where}: group must be one of {GROUPS}")
    if not isinstance(weight, int) or not 1 <= weight <= 100:
        raise CatalogueError(f"{where}: weight must be an integer from 1 to 100")
    if not raw.get("source"):
        raise CatalogueError(f"{where}: 'source' (report or agency and date) is required")
    entities = frozenset(str(e) for e in raw.get("entities") or ())
    bad = [e for e in entities if not _ENTITY.fullmatch(e)]
    if bad:
        raise CatalogueError(f"{where}: unknown entity conditions {bad}")
    matcher = _matcher(raw, where)
    answers = _answers(raw.get("answers"), where, questions)
    if matcher is None and not entities and not answers:
        raise CatalogueError(f"{where}: needs phrases/patterns, entities or answers")
    implies = {str(q): str(a) for q, a in (raw.get("implies") or {}).items()}
    for q, a in implies.items():
        if a not in questions.get(q, ()):
            raise CatalogueError(f"{where}: implies unknown answer {q}={a}")
    family = str(raw.get("family") or raw["id"])
    return Indicator(raw["id"], group, weight, bool(raw.get("hard", False)), family,
                     str(raw["source"]), matcher, entities, answers, implies)


def _mitigator(raw: Any, file: str, questions: Mapping[str, tuple[str, ...]]) -> Mitigator:
    where = _where(raw, file, "mitigator", _MITIGATOR_KEYS)
    reduce = raw.get("reduce")
    if not isinstance(reduce, int) or not 1 <= reduce <= 50:
        raise CatalogueError(f"{where}: reduce must be an integer from 1 to 50")
    return Mitigator(raw["id"], reduce, _matcher(raw, where),
                     _answers(raw.get("answers"), where, questions))


def _where(raw: Any, file: str, kind: str, allowed: frozenset[str]) -> str:
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or not raw["id"]:
        raise CatalogueError(f"{file}: every {kind} needs an 'id'")
    where = f"{file}: {kind} {raw['id']!r}"
    unknown = set(raw) - allowed
    if unknown:
        raise CatalogueError(f"{where}: unknown keys {sorted(unknown)}")
    return where


def _matcher(raw: Mapping[str, Any], where: str) -> re.Pattern[str] | None:
    phrases, patterns = raw.get("phrases") or {}, raw.get("patterns") or {}
    if not isinstance(phrases, dict) or not isinstance(patterns, dict):
        raise CatalogueError(f"{where}: phrases and patterns must map languages to lists")
    if not phrases and not patterns:
        return None
    unknown = (set(phrases) | set(patterns)) - set(LAUNCH_LANGUAGES)
    if unknown:
        raise CatalogueError(f"{where}: unknown languages {sorted(unknown)}")
    missing = [lang for lang in LAUNCH_LANGUAGES if not (phrases.get(lang) or patterns.get(lang))]
    if missing:
        raise CatalogueError(f"{where}: no phrases or patterns for {missing}")
    latin: list[str] = []
    other: list[str] = []
    for lang in LAUNCH_LANGUAGES:
        for phrase in phrases.get(lang) or ():
            _phrase(str(phrase), where, latin if lang in LATIN_LANGS else other)
        for pattern in patterns.get(lang) or ():
            _pattern(str(pattern), where, latin if lang in LATIN_LANGS else other)
    parts = []
    if latin:
        parts.append(f"{_B_LEFT}(?:{'|'.join(_by_length(latin))}){_B_RIGHT}")
    if other:
        parts.append(f"(?:{'|'.join(_by_length(other))})")
    return re.compile("|".join(parts))


def _phrase(phrase: str, where: str, into: list[str]) -> None:
    folded = fold_str(phrase).strip()
    if not folded:
        raise CatalogueError(f"{where}: empty phrase")
    into.append(_SEP.join(re.escape(t) for t in folded.split()))


def _pattern(pattern: str, where: str, into: list[str]) -> None:
    folded = fold_pattern(pattern)
    try:
        compiled = re.compile(folded)
    except re.error as exc:
        raise CatalogueError(f"{where}: bad pattern {pattern!r}: {exc}") from exc
    if compiled.match(""):
        raise CatalogueError(f"{where}: pattern {pattern!r} matches empty text")
    into.append(folded)


def _by_length(parts: list[str]) -> list[str]:
    # Longer alternatives first, so the evidence quotes the longest wording found.
    return sorted(set(parts), key=len, reverse=True)


def _answers(raw: Any, where: str, questions: Mapping[str, tuple[str, ...]]) -> dict[
        str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for question, codes in (raw or {}).items():
        codes_t = frozenset(str(c) for c in (codes if isinstance(codes, list) else [codes]))
        unknown = codes_t - set(questions.get(str(question), ()))
        if unknown:
            raise CatalogueError(f"{where}: unknown answers {question}={sorted(unknown)}")
        out[str(question)] = codes_t
    return out


def _questions(raw: Any, file: str) -> dict[str, tuple[str, ...]]:
    if not isinstance(raw, dict) or not raw:
        raise CatalogueError(f"{file}: 'questions' must map question codes to answer codes")
    return {str(q): tuple(str(c) for c in codes) for q, codes in raw.items()}


def _combo(raw: Any, file: str, indicators: tuple[Indicator, ...]) -> Combo:
    if not isinstance(raw, dict) or not raw.get("id"):
        raise CatalogueError(f"{file}: every combo needs an 'id'")
    where = f"{file}: combo {raw['id']!r}"
    ids = {i.id for i in indicators}
    sets = []
    for members in raw.get("all_of") or ():
        expanded: set[str] = set()
        for name in members:
            if str(name).startswith("group:"):
                expanded |= {i.id for i in indicators if i.group == str(name)[6:]}
            elif name in ids:
                expanded.add(str(name))
            else:
                raise CatalogueError(f"{where}: unknown indicator {name!r}")
        sets.append(frozenset(expanded))
    if len(sets) < 2 or not isinstance(raw.get("bonus"), int):
        raise CatalogueError(f"{where}: needs 'all_of' (two or more sets) and an integer 'bonus'")
    return Combo(str(raw["id"]), int(raw["bonus"]), tuple(sets))


def _levels(raw: Any, file: str) -> dict[str, int]:
    if not isinstance(raw, dict) or set(raw) != set(LEVELS):
        raise CatalogueError(f"{file}: 'levels' must give thresholds for {LEVELS}")
    values = [raw[k] for k in LEVELS]
    if values != sorted(values) or not all(isinstance(v, int) and 0 < v <= 100 for v in values):
        raise CatalogueError(f"{file}: level thresholds must rise from caution to very_high")
    return {k: int(raw[k]) for k in LEVELS}


def _list(raw: Mapping[str, Any], key: str, file: str) -> list[Any]:
    value = raw.get(key)
    if not isinstance(value, list) or not value:
        raise CatalogueError(f"{file}: {key!r} must be a non-empty list")
    return value


def _unique(ids: Iterable[str], file: str, kind: str) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise CatalogueError(f"{file}: {kind} {item!r} is defined twice")
        seen.add(item)
