"""Global safety rules and NLU routes, loaded from ``bot/rules.yml`` (rules as data)."""

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.core.events import ButtonPress, Command, Event, Text
from bot.core.flows import FlowError
from nlu.types import Parse

RULES_FILE = Path(__file__).resolve().parent.parent / "rules.yml"
_KEYS = frozenset({
    "name", "commands", "buttons", "intents", "min_confidence", "code_word", "flow", "do",
    "say", "unless_in", "only_in", "prefill", "prefill_entities", "min_total",
    "min_confidence_answering",
})


@dataclass(frozen=True)
class EntityFill:
    """Fill ``slot`` from an entity of the message, read by the flows' ``validator``."""

    entity: str
    validator: str
    slot: str


@dataclass(frozen=True)
class Rule:
    """When an input matches, start a flow, run an action, or say something."""

    name: str
    commands: frozenset[str] = frozenset()
    buttons: frozenset[str] = frozenset()
    intents: frozenset[str] = frozenset()
    min_confidence: float = 0.5
    #: The bar while another flow waits for an answer, when it differs: a reply to a job
    #: check's question ("my friend told me about it") reads like other things out of context.
    min_confidence_answering: float | None = None
    min_total: float = 0.0
    code_word: bool = False
    flow: str | None = None
    do: str | None = None
    say: str | None = None
    unless_in: frozenset[str] = frozenset()
    #: When set, the rule applies only inside these flows.
    only_in: frozenset[str] = frozenset()
    prefill: Mapping[str, str] | None = None
    #: Entities of the message that answer questions of the flow it starts ("I am
    #: Indonesian": the nationality question is not asked again).
    prefill_entities: tuple[EntityFill, ...] = ()

    def applies_in(self, current: str | None) -> bool:
        """Whether the rule may fire while flow ``current`` (None: none) is open."""
        return current not in self.unless_in and (not self.only_in or current in self.only_in)

    def matches(self, event: Event, parse: Parse | None, code_words: frozenset[str],
                answering: bool = False) -> bool:
        """Whether this rule fires for the input (``answering``: a flow's question waits)."""
        if isinstance(event, Command):
            return event.name in self.commands
        if isinstance(event, ButtonPress):
            return event.payload in self.buttons
        if not isinstance(event, Text):
            return False
        if self.code_word and _has_code_word(event.text, code_words):
            return True
        return parse is not None and self.intent_matches(parse, answering)

    def intent_matches(self, parse: Parse, answering: bool = False) -> bool:
        """Whether the parse gives this rule's intents enough confidence."""
        if not self.intents:
            return False
        if self.min_total:
            return sum(parse.score(i) for i in self.intents) >= self.min_total
        bar = self.min_confidence
        if answering and self.min_confidence_answering is not None:
            bar = self.min_confidence_answering
        return parse.intent in self.intents and parse.confidence >= bar


@dataclass(frozen=True)
class RuleBook:
    """Global rules (stage 1), routes for free text (stage 3), and the uncertain-distress check."""

    global_rules: tuple[Rule, ...]
    routes: tuple[Rule, ...]
    uncertain: Rule | None

    def targets(self) -> set[str]:
        """Every flow the rules can start (for cross-checking against the loaded flows)."""
        every = (*self.global_rules, *self.routes, *((self.uncertain,) if self.uncertain else ()))
        return {r.flow for r in every if r.flow}

    def validators(self) -> set[str]:
        """Every validator the rules read entities with."""
        every = (*self.global_rules, *self.routes)
        return {fill.validator for r in every for fill in r.prefill_entities}

    def actions(self) -> set[str]:
        """Every action the rules can run."""
        every = (*self.global_rules, *self.routes)
        return {r.do for r in every if r.do}

    def rule_for_free_text(self, parse: Parse) -> Rule | None:
        """The rule a free-text message with this parse fires outside any flow, by intent alone
        (global rules, then routes, then the uncertain-distress check), or None (fallback).

        The engine's order for a message that no flow step is waiting for; ``nlu eval`` uses it
        to tell what the bot would do with each parse."""
        for rule in self.global_rules:
            if rule.applies_in(None) and rule.intent_matches(parse):
                return rule
        return self.route_for(parse)

    def route_for(self, parse: Parse, current: str | None = None) -> Rule | None:
        """The route (stage 3) for free text no step took in flow ``current`` (None: no
        flow), else the uncertain-distress check when the parse leans to distress, else None."""
        for rule in self.routes:
            if rule.applies_in(current) and rule.intent_matches(parse):
                return rule
        unc = self.uncertain
        if unc is not None and (parse.intent in unc.intents or unc.intent_matches(parse)):
            return unc
        return None


def load_rules(path: Path = RULES_FILE) -> RuleBook:
    """Load and validate the rule book."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise FlowError(f"{path.name}: must be a mapping with 'global' and 'routes'")
    glob = tuple(_rule(r, f"{path.name}, global[{i}]") for i, r in enumerate(raw.get("global", [])))
    routes = tuple(
        _rule(r, f"{path.name}, routes[{i}]") for i, r in enumerate(raw.get("routes", []))
    )
    unc = raw.get("uncertain_distress")
    return RuleBook(glob, routes, _rule(unc, f"{path.name}, uncertain_distress") if unc else None)


def _rule(raw: Any, where: str) -> Rule:
    if not isinstance(raw, dict) or "name" not in raw:
        raise FlowError(f"{where}: a rule must be a mapping with a 'name'")
    unknown = set(raw) - _KEYS
    if unknown:
        raise FlowError(f"{where}: unknown keys {sorted(unknown)}")
    if sum(1 for k in ("flow", "do", "say") if raw.get(k)) != 1:
        raise FlowError(f"{where}: a rule needs exactly one of 'flow', 'do', 'say'")
    return Rule(
        name=str(raw["name"]), commands=_set(raw, "commands"), buttons=_set(raw, "buttons"),
        intents=_set(raw, "intents"), min_confidence=float(raw.get("min_confidence", 0.5)),
        min_confidence_answering=_optional_float(raw.get("min_confidence_answering")),
        min_total=float(raw.get("min_total", 0.0)), code_word=bool(raw.get("code_word", False)),
        flow=raw.get("flow"), do=raw.get("do"), say=raw.get("say"),
        unless_in=_set(raw, "unless_in"), only_in=_set(raw, "only_in"),
        prefill=_prefill(raw.get("prefill"), where),
        prefill_entities=_entity_fills(raw.get("prefill_entities"), where),
    )


def _entity_fills(raw: Any, where: str) -> tuple[EntityFill, ...]:
    if raw is None:
        return ()
    keys = {"entity", "validator", "slot"}
    if not isinstance(raw, list) or not all(isinstance(f, dict) and set(f) == keys for f in raw):
        raise FlowError(f"{where}: 'prefill_entities' is a list of {{entity, validator, slot}}")
    return tuple(EntityFill(str(f["entity"]), str(f["validator"]), str(f["slot"])) for f in raw)


def _optional_float(raw: Any) -> float | None:
    return None if raw is None else float(raw)


def _prefill(raw: Any, where: str) -> Mapping[str, str] | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise FlowError(f"{where}: 'prefill' maps slots to values ($text = the message)")
    return {str(k): str(v) for k, v in raw.items()}


def _set(raw: Mapping[str, Any], key: str) -> frozenset[str]:
    value = raw.get(key) or ()
    return frozenset(str(v) for v in ([value] if isinstance(value, str) else value))


def _has_code_word(text: str, code_words: frozenset[str]) -> bool:
    words = text.casefold().split()
    if text.strip().casefold() in code_words:
        return True
    return any(w.strip(".,!?") in code_words for w in words)
