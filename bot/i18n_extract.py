"""Babel extraction method for SafePassage data files (flows, rules, catalogues of facts).

Registered as ``safepassage_flows`` (entry point ``babel.extractors``). It yields every string
found under the keys that hold message ids (``say``, ``label``, ``title``, ``why``, ...); ids
are symbolic (``menu.prompt``), so only such strings are taken. Data files whose codes become
message ids at run time name them in ``babel.cfg`` with a ``templates`` option, e.g.
``templates = triage.reason.{code} triage.note.{notes.code}``: each value of the key (inside
a mapping under ``notes`` for a dotted path) yields one id.
"""

import re
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

import yaml

MSGID_KEYS = frozenset({"say", "label", "title", "why", "text", "msg", "message", "prompt"})
_MSGID = re.compile(r"^[a-z][a-z0-9_]*(\.[A-Za-z0-9_]+)+$")
_TEMPLATE = re.compile(r"^([^{}]*)\{([a-z_.]+)\}([^{}]*)$")


def extract_flow_yaml(
    fileobj: IO[bytes], keywords: Mapping[str, Any], comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Yield (line, function, message id, comments) for each message id in a YAML file."""
    text = fileobj.read().decode("utf-8")
    lines = text.splitlines()
    data = yaml.safe_load(text)
    seen: set[str] = set()
    found = [*_walk(data), *_templated(data, str(options.get("templates", "")).split())]
    for msgid in found:
        if msgid in seen:
            continue
        seen.add(msgid)
        yield _line_of(lines, msgid), None, msgid, []


def _walk(node: Any, key: str | None = None) -> Iterator[str]:
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _walk(v, str(k))
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item, key)
    elif isinstance(node, str) and key in MSGID_KEYS and _MSGID.match(node):
        yield node


def _templated(data: Any, templates: list[str]) -> Iterator[str]:
    for template in templates:
        parsed = _TEMPLATE.match(template)
        if not parsed:
            raise ValueError(f"bad extraction template {template!r}")
        prefix, path, suffix = parsed.groups()
        *parents, key = path.split(".")
        for value in _values(data, key, parents[-1] if parents else None):
            yield prefix + value + suffix


def _values(node: Any, key: str, parent: str | None, under: str | None = None) -> Iterator[str]:
    if isinstance(node, dict):
        value = node.get(key)
        if isinstance(value, str) and (parent is None or under == parent):
            yield value
        for k, v in node.items():
            yield from _values(v, key, parent, str(k))
    elif isinstance(node, list):
        for item in node:
            yield from _values(item, key, parent, under)


def _line_of(lines: list[str], msgid: str) -> int:
    return next((i + 1 for i, line in enumerate(lines) if msgid in line), 1)
