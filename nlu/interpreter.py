"""The NLU port, its direct (payload) implementation, the safety bias and the factory.

Three implementations share the ``Interpreter`` protocol: ``DirectInterpreter`` (button payloads
and tests), ``EmbeddedInterpreter`` (nlu/embedded.py, the default) and ``RasaHttpInterpreter``
(nlu/rasa_http.py, a Rasa server with the embedded model as fallback).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from nlu.types import DISTRESS_INTENTS, Entity, Parse

BACKENDS: tuple[str, ...] = ("embedded", "rasa", "direct")
FALLBACK_INTENT = "out_of_scope"


class Interpreter(Protocol):
    """Understands one message: intent, confidence, entities."""

    def parse(self, text: str, lang: str | None = None) -> Parse:
        """Parse ``text`` (written in ``lang`` if known)."""
        ...


@dataclass(frozen=True)
class SafetyBias:
    """Keeps cries for help from falling to another intent.

    ``distress_prior`` is added to the log-odds of every distress intent; then, if the distress
    intents together hold at least ``threshold`` of the probability, the likeliest of them wins
    and the parse's confidence is that combined distress probability.
    """

    distress_prior: float = 0.0
    threshold: float = 0.5

    def apply(self, parse: Parse) -> Parse:
        """The parse with its ranking re-weighted and its intent re-chosen."""
        if not parse.ranking:
            return parse
        ranking = self._reweighted(parse.ranking)
        distress = [(name, p) for name, p in ranking if name in DISTRESS_INTENTS]
        mass = sum(p for _, p in distress)
        if not distress or (ranking[0][0] not in DISTRESS_INTENTS and mass < self.threshold):
            return replace(parse, intent=ranking[0][0], confidence=ranking[0][1],
                           ranking=tuple(ranking))
        # A distress parse reports the probability that the message is a cry for help at all.
        chosen = distress[0]
        ranking = [chosen] + [item for item in ranking if item != chosen]
        return replace(parse, intent=chosen[0], confidence=min(mass, 1.0),
                       ranking=tuple(ranking))

    def _reweighted(self, ranking: tuple[tuple[str, float], ...]) -> list[tuple[str, float]]:
        factor = math.exp(self.distress_prior)
        raw = [(n, p * factor if n in DISTRESS_INTENTS else p) for n, p in ranking]
        old_total = sum(p for _, p in ranking)
        new_total = sum(p for _, p in raw) or 1.0
        scaled = [(n, p * old_total / new_total) for n, p in raw]
        return sorted(scaled, key=lambda item: -item[1])


class DirectInterpreter:
    """Reads Rasa-style payloads (``/intent`` or ``/intent{"entity": "value"}``) and canned
    texts; anything else is ``out_of_scope`` with confidence 0."""

    def __init__(self, canned: Mapping[str, str | Parse] | None = None) -> None:
        self.canned = dict(canned or {})

    def parse(self, text: str, lang: str | None = None) -> Parse:
        """Parse a payload or a canned text."""
        stripped = text.strip()
        known = self.canned.get(stripped)
        if isinstance(known, Parse):
            return replace(known, text=text, lang=lang or known.lang)
        if isinstance(known, str):
            return Parse(text=text, intent=known, confidence=1.0, lang=lang)
        if stripped.startswith("/") and len(stripped) > 1:
            return _payload(text, stripped[1:], lang)
        return Parse(text=text, intent=FALLBACK_INTENT, confidence=0.0, lang=lang)


def _payload(text: str, body: str, lang: str | None) -> Parse:
    name, brace, rest = body.partition("{")
    entities: tuple[Entity, ...] = ()
    if brace:
        try:
            values = json.loads("{" + rest)
        except json.JSONDecodeError:
            values = {}
        if isinstance(values, dict):
            entities = tuple(Entity(str(k), str(v), 0, 0, extractor="payload")
                             for k, v in values.items())
    return Parse(text=text, intent=name.strip(), confidence=1.0, entities=entities,
                 ranking=((name.strip(), 1.0),), lang=lang)


def build_interpreter(backend: str, data_dir: str | Path, cache_dir: str | Path,
                      rasa_url: str | None = None, timeout: float = 2.0) -> Interpreter:
    """The interpreter for ``backend`` ("embedded", "rasa" or "direct")."""
    if backend == "direct":
        return DirectInterpreter()
    from nlu.embedded import EmbeddedInterpreter  # heavy (numpy, model load): import late

    embedded = EmbeddedInterpreter.load_or_train(data_dir, cache_dir)
    if backend == "embedded":
        return embedded
    if backend == "rasa":
        if not rasa_url:
            raise ValueError("the rasa backend needs a server URL (--rasa-url or RASA_URL)")
        from nlu.rasa_http import RasaHttpInterpreter
        from nlu.training_data import load_training_data

        return RasaHttpInterpreter(rasa_url, timeout, fallback=embedded, by_language=(
            load_training_data(data_dir).read_by_language()))
    raise ValueError(f"unknown NLU backend {backend!r}; choose one of {', '.join(BACKENDS)}")
