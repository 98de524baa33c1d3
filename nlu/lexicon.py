"""Word and character evidence for the Latin-script launch languages (en, vi, id, ms, fil).

The lexicon is data (``nlu/langid_data/lexicon.yml``); this module loads and validates it and
turns a message into per-language scores on a log-odds scale that the detector adds to the
statistical models' scores.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final

import yaml

DATA_DIR: Final = Path(__file__).with_name("langid_data")
LATIN_LANGUAGES: Final[tuple[str, ...]] = ("en", "vi", "id", "ms", "fil")
_SHARED: Final = {"malay_common": ("id", "ms")}
_TIERS: Final = ("strong", "medium", "weak")

# A word repeated in a long message should not outweigh everything else.
_MAX_REPEATS: Final = 2
# A phrase is two words agreeing, so it weighs as two.
_PHRASE_FACTOR: Final = 2.0
_WORD = re.compile(r"[^\W\d_]+(?:['\-][^\W\d_]+)*")
# Letters only Vietnamese uses among the launch languages (a with breve, horn vowels, d-bar,
# tilde i/u, and the Latin Extended Additional block where tone-marked vowels live), and
# accented vowels it shares with Romance languages (weaker evidence).
_VI_LETTER = re.compile(r"[ăâđêôơưĩũĂÂĐÊÔƠƯĨŨ\u1EA0-\u1EF9]")
_VI_SHARED_LETTER = re.compile(r"[àáãèéìíòóõùúýÀÁÃÈÉÌÍÒÓÕÙÚÝ]")
_VI_LETTER_WEIGHT: Final = 1.5
_VI_SHARED_WEIGHT: Final = 0.5
_VI_LETTER_CAP: Final = 6
# A Vietnamese syllable typed without diacritics: onset, vowel nucleus, coda. Monosyllabic
# messages that fit this shape throughout are Vietnamese far more often than anything else.
_VI_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdghklmnprstvx])?"
    r"(?:uye|uya|uyu|ieu|yeu|uoi|uou|oai|oay|uay|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|oo|ua|ue"
    r"|ui|uo|uu|uy|ye|[aeiouy])"
    r"(?:ng|nh|ch|[cmnpt])?"
)
_VI_SHAPE_WEIGHT: Final = 2.0
_VI_SHAPE_MIN_TOKENS: Final = 3
# Tagalog verb prefixes glued with a hyphen to an English stem ("nag-apply", "mag-work"): Taglish.
_TAGLISH_PREFIX = re.compile(r"^(?:mag|nag|pag|naka|maka|nakaka|ipag|pinag|ma|na|i)-[a-z]{2,}$")
_TAGLISH_WEIGHT: Final = 2.5
# Malay and Indonesian glue pronouns and particles to words ("bukunya", "maukah",
# "beritahulah"): a word not in the lexicon is looked up again without them.
_CLITICS: Final = ("nya", "lah", "kah", "pun", "ku", "mu")


class DataFileError(ValueError):
    """A language data file is malformed; the message names the file and the entry."""


def load_data_file(name: str) -> dict[str, Any]:
    """Read one YAML mapping from ``nlu/langid_data`` (or a path), naming the file on error."""
    path = DATA_DIR / name  # an absolute ``name`` replaces DATA_DIR
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError(f"{path}: cannot read: {exc}") from exc
    if not isinstance(data, dict):
        raise DataFileError(f"{path}: top level must be a mapping")
    return data


@dataclass(frozen=True)
class Lexicon:
    """Weighted words, phrases and suffixes per language."""

    words: Mapping[str, tuple[tuple[str, float], ...]]
    suffixes: tuple[tuple[str, str, float], ...]

    def score(self, text: str) -> dict[str, float]:
        """Evidence per Latin launch language for ``text`` (0 for a language with none)."""
        tokens = tokenize(text)
        scores = dict.fromkeys(LATIN_LANGUAGES, 0.0)
        for token, n in Counter(tokens).items():
            for lang, weight in self._entries(token):
                scores[lang] += weight * min(n, _MAX_REPEATS)
            self._score_affixes(token, min(n, _MAX_REPEATS), scores)
        pairs = Counter(f"{a}_{b}" for a, b in zip(tokens, tokens[1:], strict=False))
        for phrase, n in pairs.items():
            for lang, weight in self.words.get(phrase, ()):
                scores[lang] += _PHRASE_FACTOR * weight * min(n, _MAX_REPEATS)
        scores["vi"] += vietnamese_evidence(text, tokens)
        return scores

    def _entries(self, token: str) -> tuple[tuple[str, float], ...]:
        found = self.words.get(token)
        if found is not None:
            return found
        for clitic in _CLITICS:
            if token.endswith(clitic) and len(token) > len(clitic) + 2:
                found = self.words.get(token[: -len(clitic)])
                if found is not None:
                    return found
        return ()

    def _score_affixes(self, token: str, n: int, scores: dict[str, float]) -> None:
        for suffix, lang, weight in self.suffixes:
            if len(token) > len(suffix) + 2 and token.endswith(suffix):
                scores[lang] += weight * n
        if "-" in token and _TAGLISH_PREFIX.match(token):
            scores["fil"] += _TAGLISH_WEIGHT * n


def tokenize(text: str) -> list[str]:
    """Lower-cased words of ``text`` (letters, inner hyphens and apostrophes)."""
    return _WORD.findall(text.lower().replace("\u2019", "'"))


def vietnamese_evidence(text: str, tokens: list[str]) -> float:
    """Score for Vietnamese from its letters, or from syllable shape when typed without them."""
    marks = _VI_LETTER_WEIGHT * len(_VI_LETTER.findall(text))
    marks += _VI_SHARED_WEIGHT * len(_VI_SHARED_LETTER.findall(text))
    if marks:
        return min(marks, _VI_LETTER_WEIGHT * _VI_LETTER_CAP)
    if len(tokens) < _VI_SHAPE_MIN_TOKENS:
        return 0.0
    fitting = sum(1 for token in tokens if _VI_SYLLABLE.fullmatch(token))
    return _VI_SHAPE_WEIGHT if fitting == len(tokens) else 0.0


@cache
def load_lexicon(name: str = "lexicon.yml") -> Lexicon:
    """Load and validate the lexicon data file (cached: it never changes at run time)."""
    data = load_data_file(name)
    weights = _tier_weights(data, name)
    entries: dict[str, list[tuple[str, float]]] = {}
    for group, tiers in _mapping(data, "languages", name).items():
        langs = _group_languages(group, name)
        for tier, words in _mapping({"t": tiers}, "t", f"{name}: languages.{group}").items():
            weight = _weight_of(weights, tier, f"{name}: languages.{group}")
            for word in _words(words, f"{name}: languages.{group}.{tier}"):
                known = entries.setdefault(word, [])
                if any(lang in langs for lang, _ in known) and group not in _SHARED:
                    raise DataFileError(f"{name}: languages.{group}: {word!r} listed twice")
                known.extend((lang, weight) for lang in langs)
    suffixes = tuple(_suffixes(data, weights, name))
    return Lexicon({w: tuple(v) for w, v in entries.items()}, suffixes)


def _tier_weights(data: Mapping[str, Any], name: str) -> dict[str, float]:
    weights = _mapping(data, "weights", name)
    for tier in _TIERS:
        if not isinstance(weights.get(tier), (int, float)):
            raise DataFileError(f"{name}: weights.{tier} must be a number")
    return {tier: float(weights[tier]) for tier in _TIERS}


def _group_languages(group: str, name: str) -> tuple[str, ...]:
    if group in _SHARED:
        return _SHARED[group]
    if group not in LATIN_LANGUAGES:
        raise DataFileError(f"{name}: languages.{group}: not a Latin-script launch language")
    return (group,)


def _weight_of(weights: Mapping[str, float], tier: str, where: str) -> float:
    if tier not in weights:
        raise DataFileError(f"{where}.{tier}: unknown tier (use one of {', '.join(_TIERS)})")
    return weights[tier]


def _words(value: object, where: str) -> Iterable[str]:
    if not isinstance(value, str) or not value.strip():
        raise DataFileError(f"{where}: must be a non-empty space-separated string")
    for word in value.split():
        if word != word.lower() or not _WORD.fullmatch(word.replace("_", "x")):
            raise DataFileError(f"{where}: bad entry {word!r} (lower-case words, '_' joins)")
        yield word


def _suffixes(
    data: Mapping[str, Any], weights: Mapping[str, float], name: str
) -> Iterable[tuple[str, str, float]]:
    for lang, tiers in _mapping(data, "suffixes", name).items():
        _group_languages(lang, name)
        for tier, words in _mapping({"t": tiers}, "t", f"{name}: suffixes.{lang}").items():
            weight = _weight_of(weights, tier, f"{name}: suffixes.{lang}")
            for suffix in _words(words, f"{name}: suffixes.{lang}.{tier}"):
                yield suffix, lang, weight


def _mapping(data: Mapping[str, Any], key: str, where: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict) or not value:
        raise DataFileError(f"{where}: {key} must be a non-empty mapping")
    return value
