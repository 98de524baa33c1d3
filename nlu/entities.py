"""Entity extraction: a gazetteer (annotated values, lookups, synonyms) plus regexes.

Matching runs on a folded copy of the text (lower-cased, Latin diacritics dropped, so "Myawadi",
"hộ chiếu" and "ho chieu" all match) and maps spans back to the original characters. Latin
terms need word boundaries; terms in scripts written without spaces (Thai, Khmer, Lao, Burmese,
Chinese) do not. Overlaps are resolved longest-first.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from nlu.training_data import TrainingData
from nlu.types import ENTITIES, Entity

#: Entities found by regexes only: their annotated surfaces make poor gazetteer terms.
REGEX_ENTITIES: frozenset[str] = frozenset({"salary", "phone_number", "people_count"})
_GAZETTEER_ENTITIES = frozenset(ENTITIES) - REGEX_ENTITIES
_MIN_TERM = 2
_END = ""  # trie key marking the end of a term (never a real character)
_LATIN_LETTERS = "a-zà-ỹ"


@dataclass(frozen=True)
class Term:
    """A gazetteer entry: folded surface form -> entity type and canonical value."""

    surface: str
    entity: str
    value: str


@dataclass(frozen=True)
class Pattern:
    """A regex that extracts one entity type."""

    entity: str
    pattern: str


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    entity: str
    value: str
    extractor: str
    rank: int  # lower wins a tie between equally long matches


def is_latin_word_char(char: str) -> bool:
    """True for letters/digits of alphabets that separate words with spaces."""
    if not char.isalnum():
        return False
    code = ord(char)
    return code < 0x0E00 or 0x1E00 <= code <= 0x1EFF or 0xFF10 <= code <= 0xFF5A


def fold(text: str) -> tuple[str, list[int]]:
    """Lower-case, drop Latin diacritics; return the folded text and, per folded char, its
    index in ``text`` (plus a final entry ``len(text)``)."""
    out: list[str] = []
    index: list[int] = []
    latin_base = False
    for i, char in enumerate(text):
        if unicodedata.combining(char):
            if latin_base:
                continue  # a diacritic on a Latin letter (decomposed input)
        else:
            latin_base = is_latin_word_char(char)
        base = _latin_base(char) if latin_base else char
        lowered = base.lower()
        out.append(lowered if len(lowered) == 1 else base)
        index.append(i)
    index.append(len(text))
    return "".join(out), index


def _latin_base(char: str) -> str:
    if char in "đĐ":
        return "d"
    decomposed = unicodedata.normalize("NFD", char)
    return decomposed[0] if decomposed else char


class EntityExtractor:
    """Finds entities in a message; build it with ``from_training_data`` or ``from_dict``."""

    def __init__(self, terms: Iterable[Term], patterns: Iterable[Pattern],
                 number_words: Mapping[str, int] | None = None) -> None:
        self.terms = tuple(terms)
        self.patterns = tuple(patterns)
        self.number_words = dict(number_words or {})
        self._trie = _build_trie(self.terms)
        self._compiled = [(p.entity, _compile(p, self.number_words)) for p in self.patterns]

    @classmethod
    def from_training_data(cls, data: TrainingData,
                           number_words: Mapping[str, int] | None = None) -> EntityExtractor:
        """Gazetteer from annotations, lookups and synonyms; patterns from entity regexes."""
        patterns = [Pattern(r.name, r.pattern) for r in data.regexes if r.name in ENTITIES]
        return cls(gazetteer(data), patterns, number_words)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able form, stored beside the embedded model."""
        return {"terms": [[t.surface, t.entity, t.value] for t in self.terms],
                "patterns": [[p.entity, p.pattern] for p in self.patterns],
                "number_words": self.number_words}

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> EntityExtractor:
        """Rebuild from ``to_dict`` output."""
        return cls([Term(*t) for t in raw["terms"]], [Pattern(*p) for p in raw["patterns"]],
                   raw.get("number_words", {}))

    def extract(self, text: str) -> tuple[Entity, ...]:
        """Entities in ``text``: longest match wins, no overlaps, spans in original offsets."""
        candidates = self._gazetteer_matches(text) + self._regex_matches(text)
        chosen: list[_Candidate] = []
        taken = [False] * len(text)
        for cand in sorted(candidates, key=lambda c: (c.start - c.end, c.start, c.rank)):
            if not any(taken[cand.start:cand.end]):
                chosen.append(cand)
                taken[cand.start:cand.end] = [True] * (cand.end - cand.start)
        return tuple(Entity(c.entity, c.value, c.start, c.end, text[c.start:c.end], c.extractor)
                     for c in sorted(chosen, key=lambda c: c.start))

    def _gazetteer_matches(self, text: str) -> list[_Candidate]:
        folded, index = fold(text)
        found: list[_Candidate] = []
        for start in range(len(folded)):
            if start and is_latin_word_char(folded[start]) \
                    and is_latin_word_char(folded[start - 1]):
                continue  # a Latin term must start at a word boundary
            node = self._trie
            for pos in range(start, len(folded)):
                child = node.get(folded[pos])
                if not isinstance(child, dict):
                    break
                node = child
                term = node.get(_END)
                if isinstance(term, Term) and _ends_cleanly(folded, pos + 1):
                    found.append(_Candidate(index[start], index[pos + 1], term.entity,
                                            term.value, "gazetteer", 1))
        return found

    def _regex_matches(self, text: str) -> list[_Candidate]:
        found: list[_Candidate] = []
        for entity, regex in self._compiled:
            for match in regex.finditer(text):
                if match.end() > match.start():
                    value = self._normalise(entity, match.group(0))
                    found.append(_Candidate(match.start(), match.end(), entity, value,
                                            "regex", 0))
        return found

    def _normalise(self, entity: str, surface: str) -> str:
        if entity == "phone_number":
            return "".join(c for c in surface if c.isdigit() or c == "+")
        if entity == "people_count":
            return _count_value(surface, self.number_words)
        return " ".join(surface.split())


def on_word_boundaries(text: str, start: int, end: int) -> bool:
    """Whether a span does not cut a Latin word (spans in other scripts always pass)."""
    if start > 0 and is_latin_word_char(text[start]) and is_latin_word_char(text[start - 1]):
        return False
    return not (0 < end < len(text) and is_latin_word_char(text[end - 1])
                and is_latin_word_char(text[end]))


def resolve_overlaps(text: str, entities: Iterable[Entity]) -> tuple[Entity, ...]:
    """Entities from several extractors cleaned up: inside Latin words dropped, longest first,
    no overlaps, in text order."""
    chosen: list[Entity] = []
    taken = [False] * len(text)
    ordered = sorted(entities, key=lambda e: (e.start - e.end, e.start))
    for ent in ordered:
        if not 0 <= ent.start < ent.end <= len(text) or any(taken[ent.start:ent.end]):
            continue
        if on_word_boundaries(text, ent.start, ent.end):
            chosen.append(ent)
            taken[ent.start:ent.end] = [True] * (ent.end - ent.start)
    return tuple(sorted(chosen, key=lambda e: e.start))


def _ends_cleanly(folded: str, end: int) -> bool:
    """A Latin term must not be followed by more letters of its word."""
    return end >= len(folded) or not (is_latin_word_char(folded[end - 1])
                                      and is_latin_word_char(folded[end]))


def _build_trie(terms: Iterable[Term]) -> dict[str, Any]:
    root: dict[str, Any] = {}
    for term in terms:
        node = root
        for char in term.surface:
            node = node.setdefault(char, {})
        node[_END] = term
    return root


def _compile(pattern: Pattern, number_words: Mapping[str, int]) -> re.Pattern[str]:
    source = pattern.pattern
    if pattern.entity == "people_count" and number_words:
        source = source.replace(r"\d+", _number_alternation(number_words))
    return re.compile(source, re.IGNORECASE)


def _number_alternation(number_words: Mapping[str, int]) -> str:
    """``\\d+`` or any number word; Latin words need word boundaries, others do not."""
    latin = [w for w in number_words if is_latin_word_char(w[0])]
    other = [w for w in number_words if not is_latin_word_char(w[0])]
    options = [r"\d+"]
    if latin:
        options.append(f"(?<![{_LATIN_LETTERS}]){_trie_regex(latin)}(?![{_LATIN_LETTERS}])")
    if other:
        options.append(_trie_regex(other))
    return "(?:" + "|".join(options) + ")"


def _trie_regex(words: Iterable[str]) -> str:
    """One regex matching any of ``words``, longest first, shaped as a trie: a plain
    alternation of ~130 words made each people_count pattern ~10x slower."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[_END] = True

    def emit(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + emit(child)
                    for char, child in sorted(node.items()) if char != _END]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if _END in node else body

    return "(?:" + emit(trie) + ")"


def _count_value(surface: str, number_words: Mapping[str, int]) -> str:
    digits = re.search(r"\d+", surface)
    if digits:
        return str(int(digits.group(0)))  # int() reads Thai, Khmer, Lao and Burmese digits too
    low = surface.lower()
    for word in sorted(number_words, key=len, reverse=True):
        if word in low:
            return str(number_words[word])
    return " ".join(surface.split())


def gazetteer(data: TrainingData) -> list[Term]:
    """Terms from annotated examples, entity lookups and synonym variants (one type per term)."""
    canonical = _synonym_resolver(data)
    votes: dict[str, Counter[tuple[str, str]]] = {}

    def vote(surface: str, entity: str, value: str | None = None) -> None:
        folded = fold(surface.strip())[0]
        if entity in _GAZETTEER_ENTITIES and len(folded) >= _MIN_TERM:
            chosen = value or canonical(surface.strip(), entity)
            votes.setdefault(folded, Counter())[(entity, chosen)] += 1

    for example in data.examples:
        for ent in example.entities:
            surface = example.text[ent.start:ent.end]
            vote(surface, ent.entity, ent.value if ent.value != surface else None)
    for lookup in data.lookups:
        for element in lookup.elements:
            vote(element, lookup.name)
    value_types = {value: entity for counter in votes.values() for (entity, value) in counter}
    for syn in data.synonyms:
        if syn.value in value_types:
            for variant in (syn.value, *syn.variants):
                vote(variant, value_types[syn.value], syn.value)
    return [Term(surface, *counter.most_common(1)[0][0]) for surface, counter in votes.items()]


def _synonym_resolver(data: TrainingData) -> Callable[[str, str], str]:
    """Canonical value of a surface form for one entity type.

    Synonyms are not typed, and the languages' files disagree ("thai" -> "Thai" the
    nationality, or "Thailand" the country): prefer a canonical value known for that type."""
    options: dict[str, list[str]] = {}
    for syn in data.synonyms:
        for variant in (syn.value, *syn.variants):
            known = options.setdefault(variant.strip().lower(), [])
            if syn.value not in known:
                known.append(syn.value)
    typed = {(e.entity, e.value) for ex in data.examples for e in ex.entities}
    typed |= {(lookup.name, element.strip()) for lookup in data.lookups
              for element in lookup.elements}

    def resolve(surface: str, entity: str) -> str:
        candidates = options.get(surface.lower(), [])
        fitting = [value for value in candidates if (entity, value) in typed]
        return (fitting or candidates or [surface])[0]

    return resolve


def load_number_words(path: str | Path) -> dict[str, int]:
    """Number words of every language from ``numbers.yml`` (an absent file gives none)."""
    file = Path(path)
    if not file.is_file():
        return {}
    raw = yaml.safe_load(file.read_text(encoding="utf-8"))
    table = raw.get("number_words") if isinstance(raw, dict) else None
    if not isinstance(table, dict):
        raise ValueError(f"{file}: 'number_words' must map a language to its words")
    words: dict[str, int] = {}
    for lang, entries in table.items():
        if not isinstance(entries, dict):
            raise ValueError(f"{file}: number_words.{lang} must map words to numbers")
        for word, number in entries.items():
            if not isinstance(number, int) or isinstance(number, bool):
                raise ValueError(f"{file}: number_words.{lang}.{word} is not a whole number")
            words.setdefault(str(word).lower(), number)
    return words
