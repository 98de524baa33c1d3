"""Cue lexicons: short curated phrases per category (help, harm, confined, documents, ...) that
the embedded classifier sees as features.

Examples teach the model words one by one, so a cry for help typed in a form it met once or never
("saklolo", "chuay duay", "jiuming") goes unrecognised. A cue list states what a category looks
like; the model learns one weight per category from the examples, and every cue of the category
shares it. The ``idiom`` lists do the same for everyday phrases that share words with distress
("my thesis is killing me", "locked out"), and an idiom hides the words it covers from the other
categories: "nghiên cứu" (research) holds "cứu" (help!) and "救命稻草" (a last hope) holds
"救命" (save me), and neither is a cry for help.

Files: ``<data dir>/<lang>/cues.yml`` with a ``cues:`` mapping and no ``nlu:`` key, so Rasa skips
them (as it skips common/numbers.yml). Matching is on folded text (lower-case, Latin diacritics
dropped): a Latin cue must start at a word start and, unless its last word has five letters or
more (a stem such as "dipaksa" or "tortur"), end at a word end; other scripts match anywhere,
spaces ignored (Thai, Khmer, Lao, Burmese and Chinese are typed with or without them).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from nlu.entities import fold

log = logging.getLogger(__name__)

CUE_FILE = "cues.yml"
#: The category whose cues hide the words they cover from every other category.
MASKING = "idiom"
#: Prefix of cue features, kept apart from character and word n-grams.
FEATURE_PREFIX = "\x02"
_STEM_LETTERS = 5
_LATIN = re.compile(r"[a-z0-9 '\-.]+")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


@dataclass(frozen=True)
class CueLexicon:
    """Cue phrases per category, compiled for matching."""

    entries: Mapping[str, tuple[str, ...]]
    _latin: tuple[tuple[str, re.Pattern[str]], ...]
    _chunks: tuple[tuple[str, re.Pattern[str]], ...]

    @classmethod
    def from_entries(cls, entries: Mapping[str, Iterable[str]]) -> CueLexicon:
        """Compile cues given as category -> phrases (folded and de-duplicated here)."""
        folded = {cat: tuple(sorted(set(filter(None, map(fold_for_cues, cues)))))
                  for cat, cues in sorted(entries.items())}
        latin: list[tuple[str, re.Pattern[str]]] = []
        chunks: list[tuple[str, re.Pattern[str]]] = []
        for category, cues in folded.items():
            words = [c for c in cues if _LATIN.fullmatch(c)]
            if words:
                latin.append((category, _pattern(words)))
            others = {c.replace(" ", "") for c in cues if not _LATIN.fullmatch(c)}
            if others:  # one alternation per category: five times faster than `in` per cue
                chunks.append((category, re.compile("|".join(
                    re.escape(c) for c in sorted(others, key=len, reverse=True)))))
        return cls(folded, tuple(latin), tuple(chunks))

    def match(self, text: str) -> set[str]:
        """Categories with at least one cue in ``text``."""
        return self.match_folded(fold_for_cues(text))

    def match_folded(self, folded: str) -> set[str]:
        """Like :meth:`match`, for text already folded by :func:`fold_for_cues` (the
        embedded model folds each message once for its features and its cues)."""
        found: set[str] = set()
        folded, solid = self._masked(folded, found)
        found.update(cat for cat, pattern in self._latin
                     if cat != MASKING and pattern.search(folded))
        found.update(cat for cat, pattern in self._chunks
                     if cat != MASKING and cat not in found and pattern.search(solid))
        return found

    def _masked(self, folded: str, found: set[str]) -> tuple[str, str]:
        """``folded`` and its spaceless form with every idiom cue blanked out (``found``
        gets the idiom category when one matched)."""
        for cat, pattern in self._latin:
            if cat == MASKING:
                folded, hits = pattern.subn(" # ", folded)
                if hits:
                    found.add(cat)
        solid = folded.replace(" ", "")
        for cat, pattern in self._chunks:
            if cat == MASKING:
                solid, hits = pattern.subn("#", solid)
                if hits:
                    found.add(cat)
        return folded, solid

    def features(self, text: str) -> set[str]:
        """The cue features of ``text`` (prefixed category names)."""
        return self.features_folded(fold_for_cues(text))

    def features_folded(self, folded: str) -> set[str]:
        """The cue features of text already folded by :func:`fold_for_cues`."""
        return {FEATURE_PREFIX + category for category in self.match_folded(folded)}

    def to_dict(self) -> dict[str, list[str]]:
        """A JSON-able form (the model file stores the lexicon it was trained with)."""
        return {cat: list(cues) for cat, cues in self.entries.items()}


EMPTY = CueLexicon.from_entries({})


def load_cues(data_dir: str | Path) -> CueLexicon:
    """Merge every ``<lang>/cues.yml`` under ``data_dir`` (none: an empty lexicon)."""
    merged: dict[str, list[str]] = {}
    for path in sorted(Path(data_dir).glob(f"*/{CUE_FILE}")):
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            log.warning("cue lexicon %s unreadable (%s), skipped", path, type(exc).__name__)
            continue
        cues = raw.get("cues") if isinstance(raw, dict) else None
        if not isinstance(cues, dict):
            log.warning("cue lexicon %s has no 'cues' mapping, skipped", path)
            continue
        for category, phrases in cues.items():
            if isinstance(phrases, list):
                merged.setdefault(str(category), []).extend(str(p) for p in phrases)
            else:
                log.warning("cue lexicon %s: '%s' is not a list, skipped", path, category)
    return CueLexicon.from_entries(merged)


def fold_for_cues(text: str) -> str:
    """Lower-case, without Latin diacritics, single spaces, typographic apostrophes made plain
    (phones type "can’t"; the cues say "can't"): the form cues are matched in."""
    return " ".join(fold(text.translate(_APOSTROPHES))[0].split())


def _pattern(cues: Iterable[str]) -> re.Pattern[str]:
    alternatives = []
    for cue in sorted(cues, key=len, reverse=True):
        body = r"\s+".join(re.escape(word) for word in cue.split())
        stem = len(cue.split()[-1]) >= _STEM_LETTERS
        alternatives.append(body if stem else body + r"(?![a-z0-9])")
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(alternatives) + ")")
