"""Which writing system a message uses, and Simplified vs Traditional for Chinese.

Script is the first and cheapest clue: Thai, Lao, Khmer and Burmese each decide a launch language
on their own. Script tables are data (``nlu/langid_data/scripts.yml``).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Final

from nlu.lexicon import DataFileError, load_data_file

LATIN: Final = "Latin"
HAN: Final = "Han"
KANA: Final = "Kana"
#: Reported when a text has no letters at all (digits, emoji, punctuation).
COMMON: Final = "Common"
_HAN_BLOCKS: Final = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF))


@dataclass(frozen=True)
class ScriptProfile:
    """Letter counts per script in one text, and the script that decides its language."""

    counts: tuple[tuple[str, int], ...]
    dominant: str

    @property
    def letters(self) -> int:
        """How many letters of any known script the text has."""
        return sum(n for _, n in self.counts)

    def count(self, script: str) -> int:
        """Letters of one script."""
        return dict(self.counts).get(script, 0)


class ScriptTable:
    """Maps characters to script names using sorted code point ranges."""

    def __init__(self, ranges: list[tuple[int, int, str]], langs: Mapping[str, str]) -> None:
        ranges = sorted(ranges)
        self._starts = [start for start, _, _ in ranges]
        self._ranges = ranges
        self._langs = dict(langs)
        self._cache: dict[str, str | None] = {}

    def script_of(self, char: str) -> str | None:
        """Script name of one character, or None for digits, punctuation, emoji, spaces."""
        if char < "\x80":
            return LATIN if char.isalpha() else None
        try:
            return self._cache[char]
        except KeyError:
            pass
        code = ord(char)
        i = bisect_right(self._starts, code) - 1
        found = self._ranges[i][2] if i >= 0 and code <= self._ranges[i][1] else None
        self._cache[char] = found
        return found

    def lang_of(self, script: str) -> str | None:
        """The launch language a script decides alone (Thai -> th), if any."""
        return self._langs.get(script)

    def profile(self, text: str) -> ScriptProfile:
        """Count letters per script and pick the script that should decide the language."""
        counts: dict[str, int] = {}
        for char in text:
            script = self.script_of(char)
            if script is not None:
                counts[script] = counts.get(script, 0) + 1
        return ScriptProfile(tuple(counts.items()), _dominant(counts))


def _dominant(counts: Mapping[str, int]) -> str:
    if not counts:
        return COMMON
    if counts.get(KANA):
        return KANA  # kana only occur in Japanese, whatever share of Han it has
    others = [(n, s) for s, n in counts.items() if s != LATIN]
    if not others:
        return LATIN
    best_n, best = max(others)
    # Chat in Thai, Khmer or Chinese often carries English brand names and loanwords: the
    # person's own script should win unless it is a small part of the message.
    return best if best_n * 2 >= counts.get(LATIN, 0) else LATIN


@cache
def load_script_table(name: str = "scripts.yml") -> ScriptTable:
    """Load and validate the script table data file (cached)."""
    data = load_data_file(name)
    entries = data.get("scripts")
    if not isinstance(entries, list) or not entries:
        raise DataFileError(f"{name}: scripts must be a non-empty list")
    ranges: list[tuple[int, int, str]] = []
    langs: dict[str, str] = {}
    for i, entry in enumerate(entries):
        where = f"{name}: scripts[{i}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise DataFileError(f"{where}: needs a name")
        ranges.extend(_ranges(entry, f"{where} ({entry['name']})"))
        if "lang" in entry:
            langs[entry["name"]] = str(entry["lang"])
    _check_overlaps(sorted(ranges), name)
    return ScriptTable(ranges, langs)


def _ranges(entry: Mapping[str, object], where: str) -> list[tuple[int, int, str]]:
    raw = entry.get("ranges")
    if not isinstance(raw, list) or not raw:
        raise DataFileError(f"{where}: ranges must be a non-empty list of [start, end]")
    out: list[tuple[int, int, str]] = []
    for pair in raw:
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, int) for x in pair)
                and pair[0] <= pair[1]):
            raise DataFileError(f"{where}: bad range {pair!r}")
        out.append((pair[0], pair[1], str(entry["name"])))
    return out


def _check_overlaps(ranges: list[tuple[int, int, str]], name: str) -> None:
    for (_, end, first), (start, _, second) in zip(ranges, ranges[1:], strict=False):
        if start <= end:
            raise DataFileError(f"{name}: ranges of {first} and {second} overlap at {start:#x}")


@dataclass(frozen=True)
class HanVariants:
    """Per-character weights marking Simplified or Traditional Chinese."""

    simplified: Mapping[str, float]
    traditional: Mapping[str, float]

    def scores(self, text: str) -> tuple[float, float]:
        """(Simplified, Traditional) evidence in ``text``."""
        simp = trad = 0.0
        for char in text:
            simp += self.simplified.get(char, 0.0)
            trad += self.traditional.get(char, 0.0)
        return simp, trad


def _encodable(char: str, codec: str) -> bool:
    try:
        char.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


@cache
def load_han_variants(name: str = "han_variants.yml") -> HanVariants:
    """Characters of one side only (from the gb2312 and big5 codecs) plus the data file's list."""
    simplified: dict[str, float] = {}
    traditional: dict[str, float] = {}
    for low, high in _HAN_BLOCKS:
        for code in range(low, high + 1):
            char = chr(code)
            in_gb, in_big5 = _encodable(char, "gb2312"), _encodable(char, "big5")
            if in_gb != in_big5:
                (simplified if in_gb else traditional)[char] = 1.0
    data = load_data_file(name)
    for side, target in (("simplified", simplified), ("traditional", traditional)):
        for char, weight in _variant_entries(data, side, name).items():
            target[char] = weight
    return HanVariants(simplified, traditional)


def _variant_entries(data: Mapping[str, object], side: str, name: str) -> dict[str, float]:
    entries = data.get(side)
    if not isinstance(entries, dict):
        raise DataFileError(f"{name}: {side} must be a mapping of character: weight")
    for char, weight in entries.items():
        where = f"{name}: {side}.{char}"
        if not isinstance(char, str) or len(char) != 1 or not isinstance(weight, (int, float)):
            raise DataFileError(f"{where}: must be one character with a numeric weight")
        if not (_encodable(char, "gb2312") and _encodable(char, "big5")):
            raise DataFileError(f"{where}: listed characters must exist in both sets")
    return {str(c): float(w) for c, w in entries.items()}
