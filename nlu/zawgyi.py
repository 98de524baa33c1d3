"""Zawgyi (legacy Burmese font encoding) detection and conversion to Unicode.

Many people in Myanmar still type in Zawgyi, which reuses Unicode's Myanmar block with other
meanings. Detection uses Google's ``myanmartools.ZawgyiDetector`` (a Markov model shipped in
its wheel); conversion is a rule table (``nlu/langid_data/zawgyi.yml``) in the tradition of the
Rabbit and Parabaik converters, since myanmartools has none.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from functools import cache
from typing import Final, Protocol

from nlu.lexicon import DataFileError, load_data_file

#: A text is treated as Zawgyi when the detector's probability is at least this. The model
#: gives ~1.0 to text with any Zawgyi-only sequence and ~0.0 to text with Unicode-only ones;
#: short strings valid in both encodings land in between and are left alone, since converting
#: correct Unicode would damage it (Google's documentation suggests 0.95 for this reason).
ZAWGYI_THRESHOLD: Final = 0.95
_MEDIALS = re.compile("[\u103b-\u103e]{2,}")
_MYANMAR = re.compile("[\u1000-\u109f]")


class _Detector(Protocol):
    def get_zawgyi_probability(self, string: str) -> float: ...


@dataclass(frozen=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    replacement: str


@dataclass(frozen=True)
class ZawgyiConverter:
    """Zawgyi -> Unicode: a one-pass character table, then ordered reordering rules."""

    table: dict[int, str]
    rules: tuple[_Rule, ...]

    def convert(self, text: str) -> str:
        """Convert Zawgyi text to Unicode (does not check that the input is Zawgyi)."""
        out = text.translate(self.table)
        for rule in self.rules:
            out = rule.pattern.sub(rule.replacement, out)
        # Unicode stores medials in one order (YA, RA, WA, HA); Zawgyi typists use any.
        return _MEDIALS.sub(lambda m: "".join(sorted(m.group())), out)


@cache
def _detector() -> _Detector:
    from myanmartools import ZawgyiDetector

    with warnings.catch_warnings():
        # myanmartools 1.2 reads its model with a deprecated importlib call; harmless.
        warnings.simplefilter("ignore", DeprecationWarning)
        detector: _Detector = ZawgyiDetector()
    return detector


def zawgyi_probability(text: str) -> float:
    """Probability that ``text`` is Zawgyi (0.0 when it has no Burmese at all)."""
    if not _MYANMAR.search(text):
        return 0.0
    # The detector returns -inf for text without any character it knows.
    return max(_detector().get_zawgyi_probability(text), 0.0)


def is_zawgyi(text: str) -> bool:
    """Whether ``text`` is Burmese typed in Zawgyi (probability >= ZAWGYI_THRESHOLD)."""
    return zawgyi_probability(text) >= ZAWGYI_THRESHOLD


def to_unicode(text: str) -> str:
    """Convert ``text`` to Unicode Burmese if it is Zawgyi; return it unchanged otherwise."""
    if not is_zawgyi(text):
        return text
    return load_converter().convert(text)


@cache
def load_converter(name: str = "zawgyi.yml") -> ZawgyiConverter:
    """Load and validate the conversion rules (cached)."""
    data = load_data_file(name)
    chars = data.get("characters")
    if not isinstance(chars, dict) or not chars:
        raise DataFileError(f"{name}: characters must be a non-empty mapping")
    table: dict[int, str] = {}
    for source, target in chars.items():
        if not (isinstance(source, str) and len(source) == 1 and isinstance(target, str)):
            raise DataFileError(f"{name}: characters.{source!r}: one character -> a string")
        table[ord(source)] = target
    return ZawgyiConverter(table, tuple(_rules(data, name)))


def _rules(data: dict[str, object], name: str) -> list[_Rule]:
    entries = data.get("rules")
    if not isinstance(entries, list) or not entries:
        raise DataFileError(f"{name}: rules must be a non-empty list")
    rules = []
    for i, entry in enumerate(entries):
        where = f"{name}: rules[{i}]"
        if not isinstance(entry, dict) or not all(
            isinstance(entry.get(key), str) for key in ("name", "from", "to")
        ):
            raise DataFileError(f"{where}: needs name, from and to strings")
        try:
            pattern = re.compile(entry["from"])
        except re.error as exc:
            raise DataFileError(f"{where} ({entry['name']}): bad pattern: {exc}") from exc
        rules.append(_Rule(entry["name"], pattern, entry["to"]))
    return rules
