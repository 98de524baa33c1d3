"""Reader for Rasa 3.x YAML NLU training data, one folder per language.

Imitates Rasa's ``rasa_yaml.py``: each file is validated first, then parsed one block kind per
method. Data errors never abort the load: each one is recorded in ``TrainingData.issues`` (and
logged) naming the file and what was skipped. Training data is authored text, not user data, so
naming an example in an issue is fine.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from nlu.languages import normalize_language
from nlu.types import ENTITIES, INTENTS, Entity

log = logging.getLogger(__name__)

COMMON_FOLDER = "common"
_SUFFIXES = (".yml", ".yaml")
_HASHED_SUFFIXES = (*_SUFFIXES, ".txt")
_KINDS = ("intent", "synonym", "regex", "lookup")
_ALLOWED_KEYS = {*_KINDS, "examples", "metadata"}
# Rasa's annotation grammar: [text](entity), [text](entity:value) or [text]{"entity": ..., ...}
_ANNOTATION = re.compile(
    r"\[(?P<text>[^\]]+?)\]"
    r"(?:\((?P<entity>[^:)]+?)(?::(?P<value>[^)]+))?\)|\{(?P<json>[^}]+?)\})"
)
_LEFTOVER = re.compile(r"\]\(|\]\{")


@dataclass(frozen=True)
class Example:
    """One training sentence: clean text, its intent, language and entity spans."""

    text: str
    intent: str
    lang: str | None
    entities: tuple[Entity, ...] = ()


@dataclass(frozen=True)
class Synonym:
    """Variant spellings that all mean one canonical value."""

    value: str
    variants: tuple[str, ...]
    lang: str | None = None


@dataclass(frozen=True)
class Lookup:
    """A lookup table: known values of one entity (or feature) name."""

    name: str
    elements: tuple[str, ...]
    lang: str | None = None


@dataclass(frozen=True)
class Regex:
    """A named regular expression (named after the entity it extracts, if any)."""

    name: str
    pattern: str
    lang: str | None = None


@dataclass(frozen=True)
class TrainingData:
    """Everything read from a data folder, plus the data errors met while reading it."""

    examples: tuple[Example, ...] = ()
    synonyms: tuple[Synonym, ...] = ()
    lookups: tuple[Lookup, ...] = ()
    regexes: tuple[Regex, ...] = ()
    issues: tuple[str, ...] = field(default=(), compare=False)

    def synonym_map(self) -> dict[str, str]:
        """Lower-cased variant (and canonical value) -> canonical value."""
        out: dict[str, str] = {}
        for syn in self.synonyms:
            out.setdefault(syn.value.lower(), syn.value)
            for variant in syn.variants:
                out.setdefault(variant.lower(), syn.value)
        return out

    def with_examples(self, examples: Iterable[Example]) -> TrainingData:
        """The same lookups, synonyms and regexes with other examples (e.g. a CV fold)."""
        return replace(self, examples=tuple(examples))

    def languages(self) -> tuple[str, ...]:
        """Languages that have at least one example, sorted."""
        return tuple(sorted({e.lang for e in self.examples if e.lang}))

    def read_by_language(self) -> frozenset[str]:
        """Lower-cased texts whose intent depends on the language ("k" is "ok" in English chat
        and "no" in Vietnamese): a classifier that does not see the language cannot read them."""
        return frozenset(_language_dependent(self.examples))


class TrainingDataError(ValueError):
    """Training data that cannot be used at all (e.g. the folder does not exist)."""


class _FileReader:
    """Reads one YAML file: validate the structure, then parse each block kind in its method."""

    def __init__(self, path: Path, lang: str | None) -> None:
        self.path = path
        self.lang = lang
        self.issues: list[str] = []
        self.examples: list[Example] = []
        self.synonyms: list[Synonym] = []
        self.lookups: list[Lookup] = []
        self.regexes: list[Regex] = []

    def issue(self, message: str) -> None:
        self.issues.append(f"{self.path}: {message}")

    def read(self) -> None:
        try:
            content = yaml.load(self.path.read_text(encoding="utf-8"), Loader=_LOADER)
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            self.issue(f"not valid YAML, file skipped ({type(exc).__name__})")
            return
        for block in self._validated_blocks(content):
            kind = next(k for k in _KINDS if k in block)
            parser: Callable[[dict[str, Any]], None] = getattr(self, f"_parse_{kind}")
            parser(block)

    def _validated_blocks(self, content: object) -> Iterator[dict[str, Any]]:
        if not isinstance(content, dict) or "nlu" not in content:
            return  # not NLU data (like numbers.yml); Rasa ignores such files too
        blocks = content["nlu"]
        if not isinstance(blocks, list):
            self.issue("'nlu' is not a list, file skipped")
            return
        for number, block in enumerate(blocks, start=1):
            problem = _block_problem(block)
            if problem:
                self.issue(f"block {number}: {problem}, block skipped")
            else:
                yield block

    def _lines(self, block: dict[str, Any], kind: str) -> list[str]:
        raw = block["examples"]
        name = block[kind]
        if isinstance(raw, list):
            items = [i.get("text") if isinstance(i, dict) else i for i in raw]
            texts = [str(i).strip() for i in items if i is not None]
            return [t[2:].strip() if t.startswith("- ") else t for t in texts if t]
        lines: list[str] = []
        for line in str(raw).splitlines():
            stripped = line.strip()
            if not stripped:
                continue
            if not stripped.startswith("-"):
                self.issue(f"{kind} '{name}': line without '- ' skipped: {stripped[:40]!r}")
                continue
            lines.append(stripped[1:].strip())
        return [line for line in lines if line]

    def _parse_intent(self, block: dict[str, Any]) -> None:
        intent = str(block["intent"])
        if intent not in INTENTS:
            self.issue(f"unknown intent '{intent}', block skipped")
            return
        for line in self._lines(block, "intent"):
            example = self._parse_example(line, intent)
            if example is not None:
                self.examples.append(example)

    def _parse_example(self, line: str, intent: str) -> Example | None:
        text, entities, problems = parse_annotations(line)
        for problem in problems:
            self.issue(f"intent '{intent}': {problem} in {line[:60]!r}")
        if not text:
            self.issue(f"intent '{intent}': empty example skipped")
            return None
        return Example(text=text, intent=intent, lang=self.lang, entities=entities)

    def _parse_synonym(self, block: dict[str, Any]) -> None:
        value = str(block["synonym"])
        variants = tuple(self._lines(block, "synonym"))
        if variants:
            self.synonyms.append(Synonym(value, variants, self.lang))

    def _parse_regex(self, block: dict[str, Any]) -> None:
        name = str(block["regex"])
        for pattern in self._lines(block, "regex"):
            try:
                re.compile(pattern)
            except re.error as exc:
                self.issue(f"regex '{name}': invalid pattern skipped ({exc})")
                continue
            self.regexes.append(Regex(name, pattern, self.lang))

    def _parse_lookup(self, block: dict[str, Any]) -> None:
        name = str(block["lookup"])
        raw = block["examples"]
        if isinstance(raw, str) and "\n" not in raw.strip() and not raw.strip().startswith("-"):
            elements = self._lookup_file(name, raw.strip())
        else:
            elements = self._lines(block, "lookup")
        if elements:
            self.lookups.append(Lookup(name, tuple(elements), self.lang))

    def _lookup_file(self, name: str, reference: str) -> list[str]:
        path = (self.path.parent / reference).resolve()
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            self.issue(f"lookup '{name}': file '{reference}' not readable, lookup skipped")
            return []
        return [line.strip() for line in text.splitlines() if line.strip()]


def _block_problem(block: object) -> str | None:
    """Why a block is malformed, or None when it is fine."""
    if not isinstance(block, dict):
        return "not a mapping"
    kinds = [k for k in _KINDS if k in block]
    if len(kinds) != 1:
        return f"needs exactly one of {', '.join(_KINDS)}"
    unknown = set(block) - _ALLOWED_KEYS
    if unknown:
        return f"unknown keys {sorted(map(str, unknown))}"
    if not isinstance(block[kinds[0]], str) or not block[kinds[0]].strip():
        return f"'{kinds[0]}' needs a name"
    if not isinstance(block.get("examples"), (str, list)):
        return "'examples' missing or not a string/list"
    return None


def parse_annotations(line: str) -> tuple[str, tuple[Entity, ...], list[str]]:
    """Strip Rasa entity annotations from one example: (clean text, entity spans, problems)."""
    parts: list[str] = []
    entities: list[Entity] = []
    problems: list[str] = []
    cursor = 0
    offset = 0
    for match in _ANNOTATION.finditer(line):
        parts.append(line[cursor:match.start()])
        offset += match.start() - cursor
        surface = match.group("text")
        entity, value = _annotation_target(match, problems)
        if entity is not None:
            if entity not in ENTITIES:
                problems.append(f"unknown entity '{entity}' (annotation dropped)")
            else:
                entities.append(Entity(entity, value or surface, offset, offset + len(surface),
                                       text=surface, extractor="annotation"))
        parts.append(surface)
        offset += len(surface)
        cursor = match.end()
    parts.append(line[cursor:])
    text = "".join(parts)
    if _LEFTOVER.search(text) or text.count("[") != text.count("]"):
        problems.append("unbalanced annotation brackets (kept as plain text)")
    return _strip_spans(text, entities) + (problems,)


def _annotation_target(match: re.Match[str], problems: list[str]) -> tuple[str | None, str | None]:
    if match.group("json") is None:
        return match.group("entity").strip(), match.group("value")
    try:
        spec = json.loads("{" + match.group("json") + "}")
    except json.JSONDecodeError:
        problems.append("invalid JSON annotation (annotation dropped)")
        return None, None
    if not isinstance(spec, dict) or not isinstance(spec.get("entity"), str):
        problems.append("annotation without 'entity' (annotation dropped)")
        return None, None
    value = spec.get("value")
    return spec["entity"], None if value is None else str(value)


def _strip_spans(text: str, entities: list[Entity]) -> tuple[str, tuple[Entity, ...]]:
    """Trim outer whitespace and shift the spans to match."""
    lead = len(text) - len(text.lstrip())
    clean = text.strip()
    shifted = tuple(replace(e, start=e.start - lead, end=e.end - lead) for e in entities)
    return clean, shifted


def _folder_language(data_dir: Path, path: Path, issues: list[str]) -> tuple[bool, str | None]:
    """(use the file?, its language) from the first folder under ``data_dir``."""
    relative = path.relative_to(data_dir).parts
    if len(relative) == 1 or relative[0] == COMMON_FOLDER:
        return True, None
    lang = normalize_language(relative[0])
    if lang is None:
        issues.append(f"{path}: folder '{relative[0]}' is not a launch language, file skipped")
        return False, None
    return True, lang


def data_files(data_dir: Path, suffixes: Sequence[str] = _SUFFIXES) -> list[Path]:
    """Data files under ``data_dir`` in a stable order."""
    return sorted(p for p in data_dir.rglob("*") if p.is_file() and p.suffix in suffixes)


def data_hash(data_dir: str | Path) -> str:
    """SHA-256 over the names and bytes of every data file (YAML and lookup text files)."""
    root = Path(data_dir)
    digest = hashlib.sha256()
    for path in data_files(root, _HASHED_SUFFIXES):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def load_training_data(data_dir: str | Path) -> TrainingData:
    """Read every YAML file under ``data_dir`` (one sub-folder per language, plus common/)."""
    root = Path(data_dir)
    if not root.is_dir():
        raise TrainingDataError(f"{root}: training data folder not found")
    issues: list[str] = []
    readers: list[_FileReader] = []
    for path in data_files(root):
        use, lang = _folder_language(root, path, issues)
        if use:
            reader = _FileReader(path, lang)
            reader.read()
            readers.append(reader)
            issues.extend(reader.issues)
    examples = _deduplicate([e for r in readers for e in r.examples], issues)
    for message in issues:
        log.warning("training data: %s", message)
    return TrainingData(
        examples=tuple(examples),
        synonyms=tuple(s for r in readers for s in r.synonyms),
        lookups=tuple(x for r in readers for x in r.lookups),
        regexes=tuple(x for r in readers for x in r.regexes),
        issues=tuple(issues),
    )


def _deduplicate(examples: list[Example], issues: list[str]) -> list[Example]:
    """Keep the first of repeated texts in one language; report those given two intents (in
    one language: the second is skipped; across languages: both kept, but they pull the
    language-independent classifier two ways)."""
    seen: dict[tuple[str | None, str], str] = {}
    kept: list[Example] = []
    for example in examples:
        key = (example.lang, example.text.lower())
        if key in seen:
            if seen[key] != example.intent:
                issues.append(f"{example.lang}: {example.text[:60]!r} is in intents "
                              f"'{seen[key]}' and '{example.intent}', second one skipped")
            continue
        seen[key] = example.intent
        kept.append(example)
    for text, readings in _language_dependent(kept).items():
        (lang, intent), *others = readings
        other_lang, other_intent = next(r for r in others if r[1] != intent)
        issues.append(f"{text[:60]!r} is '{intent}' in {lang} but '{other_intent}' in "
                      f"{other_lang} (both kept)")
    return kept


def _language_dependent(
        examples: Iterable[Example]) -> dict[str, list[tuple[str | None, str]]]:
    """Lower-cased texts given different intents in different languages, with each
    (language, intent) reading in data order."""
    readings: dict[str, list[tuple[str | None, str]]] = {}
    for example in examples:
        readings.setdefault(example.text.lower(), []).append((example.lang, example.intent))
    return {text: found for text, found in readings.items()
            if len({intent for _, intent in found}) > 1}


_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
