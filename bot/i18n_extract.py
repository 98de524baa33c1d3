"""Babel extraction method for SafePassage data files (flows, rules, indicator catalogues).

Registered as ``safepassage_flows`` (entry point ``babel.extractors``). It yields every string
found under the keys that hold message ids: ``say``, ``label``, ``title``, ``why``, ``text``
and ``msg``; message ids are symbolic (``menu.prompt``), so only such strings are taken.
"""

import re
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

import yaml

MSGID_KEYS = frozenset({"say", "label", "title", "why", "text", "msg", "message", "prompt"})
_MSGID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")


def extract_flow_yaml(
    fileobj: IO[bytes], keywords: Mapping[str, Any], comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Yield (line, function, message id, comments) for each message id in a YAML file."""
    text = fileobj.read().decode("utf-8")
    lines = text.splitlines()
    seen: set[str] = set()
    for msgid in _walk(yaml.safe_load(text)):
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


def _line_of(lines: list[str], msgid: str) -> int:
    return next((i + 1 for i, line in enumerate(lines) if msgid in line), 1)
