"""Triage: priority and reason codes for a report, from the rules in ``rules.yml`` (data).

Rules are evaluated in file order. Every matching rule adds its reason; the result's priority is
the most urgent priority among them, or the default (P4, information) when none matches.
"""

import enum
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final

from bot.triage.data import DataError, load_yaml
from bot.triage.facts import FACT_NAMES, ReportFacts
from nlu.types import INTENTS

RULES_FILE: Final = Path(__file__).resolve().parent / "rules.yml"
_CODE = re.compile(r"[a-z][a-z0-9_]{1,40}")
_OPERATORS: Final = ("in", "not_in", "at_least", "is")


class Priority(enum.Enum):
    """Urgency tiers: P1 act now, P2 held, P3 at risk, P4 information."""

    P1 = "P1"
    P2 = "P2"
    P3 = "P3"
    P4 = "P4"

    @property
    def rank(self) -> int:
        """1 for the most urgent tier, 4 for the least."""
        return int(self.value[1])

    @property
    def message_id(self) -> str:
        """The catalogue id of this tier's label."""
        return f"triage.priority.{self.value}"


@dataclass(frozen=True)
class Reason:
    """Why a report got its priority: a code and its catalogue message id."""

    code: str

    @property
    def message_id(self) -> str:
        """The catalogue id of this reason's text."""
        return f"triage.reason.{self.code}"


@dataclass(frozen=True)
class Triage:
    """The outcome: a priority and the reasons, in rule order."""

    priority: Priority
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Condition:
    """One test: a fact compared by an operator, or an NLU intent seen in the conversation."""

    fact: str | None = None
    op: str = ""
    values: tuple[str, ...] = ()
    number: int = 0
    flag: bool = False
    intent: str | None = None

    def holds(self, facts: ReportFacts) -> bool:
        """Whether the condition is true of these facts."""
        if self.intent is not None:
            return self.intent in facts.intents
        value = facts.value(self.fact or "")
        if self.op == "in":
            return value is not None and str(value) in self.values
        if self.op == "not_in":
            return value is None or str(value) not in self.values
        if self.op == "at_least":
            return isinstance(value, int) and not isinstance(value, bool) and value >= self.number
        return bool(value) is self.flag


@dataclass(frozen=True)
class Rule:
    """A reason code and its priority, given when all of ``all`` and one of ``any`` hold."""

    code: str
    priority: Priority
    all: tuple[Condition, ...] = ()
    any: tuple[Condition, ...] = ()

    def matches(self, facts: ReportFacts) -> bool:
        """Whether this rule applies to the facts."""
        if not all(c.holds(facts) for c in self.all):
            return False
        return not self.any or any(c.holds(facts) for c in self.any)


@dataclass(frozen=True)
class RuleSet:
    """The ordered rules and the default outcome."""

    rules: tuple[Rule, ...]
    default: Triage

    @property
    def codes(self) -> frozenset[str]:
        """Every reason code a triage can give."""
        return frozenset({r.code for r in self.rules} | {r.code for r in self.default.reasons})


def triage(facts: ReportFacts, rules: RuleSet | None = None) -> Triage:
    """Priority and reasons for a report (pure; the default rules are ``rules.yml``)."""
    ruleset = rules or default_rules()
    hits = [r for r in ruleset.rules if r.matches(facts)]
    if not hits:
        return ruleset.default
    reasons = tuple(dict.fromkeys(Reason(r.code) for r in hits))
    return Triage(min((r.priority for r in hits), key=lambda p: p.rank), reasons)


@lru_cache(maxsize=1)
def default_rules() -> RuleSet:
    """The shipped rules, loaded and validated once."""
    return load_rules(RULES_FILE)


def load_rules(path: Path) -> RuleSet:
    """Load and validate a rules file; errors name the file and the rule."""
    raw = load_yaml(path)
    src = str(path)
    if not isinstance(raw, dict) or not isinstance(raw.get("rules"), list) or not raw["rules"]:
        raise DataError(src, "", "needs a non-empty 'rules' list")
    default = _parse_default(raw.get("default"), src)
    rules = tuple(_parse_rule(r, src, i) for i, r in enumerate(raw["rules"], 1))
    return RuleSet(rules, default)


def _parse_default(raw: object, src: str) -> Triage:
    if not isinstance(raw, dict):
        raise DataError(src, "default", "needs 'priority' and 'reason'")
    return Triage(_priority(raw.get("priority"), src, "default"),
                  (Reason(_code(raw.get("reason"), src, "default")),))


def _parse_rule(raw: object, src: str, index: int) -> Rule:
    entry = f"rule {index}"
    if not isinstance(raw, dict):
        raise DataError(src, entry, "must be a mapping")
    code = _code(raw.get("code"), src, entry)
    entry = f"rule {index} ({code})"
    unknown = set(raw) - {"code", "priority", "all", "any", "note"}
    if unknown:
        raise DataError(src, entry, f"unknown keys {sorted(unknown)}")
    alls = _conditions(raw.get("all"), src, entry, "all")
    anys = _conditions(raw.get("any"), src, entry, "any")
    if not alls and not anys:
        raise DataError(src, entry, "needs at least one condition under 'all' or 'any'")
    return Rule(code, _priority(raw.get("priority"), src, entry), alls, anys)


def _conditions(raw: object, src: str, entry: str, key: str) -> tuple[Condition, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise DataError(src, entry, f"'{key}' must be a list of conditions")
    return tuple(_condition(c, src, f"{entry}, {key}[{i}]") for i, c in enumerate(raw))


def _condition(raw: object, src: str, entry: str) -> Condition:
    if not isinstance(raw, dict):
        raise DataError(src, entry, "a condition must be a mapping")
    if "intent" in raw:
        if set(raw) != {"intent"} or raw["intent"] not in INTENTS:
            raise DataError(src, entry, f"unknown intent condition {raw!r}")
        return Condition(intent=str(raw["intent"]))
    fact = raw.get("fact")
    if fact not in FACT_NAMES:
        raise DataError(src, entry, f"unknown fact {fact!r}")
    ops = [k for k in raw if k != "fact"]
    if len(ops) != 1 or ops[0] not in _OPERATORS:
        raise DataError(src, entry, f"needs exactly one operator of {list(_OPERATORS)}")
    return _operator(str(fact), ops[0], raw[ops[0]], src, entry)


def _operator(fact: str, op: str, arg: object, src: str, entry: str) -> Condition:
    if op in ("in", "not_in"):
        if not isinstance(arg, list) or not arg:
            raise DataError(src, entry, f"'{op}' needs a non-empty list")
        return Condition(fact=fact, op=op, values=tuple(_answer(v) for v in arg))
    if op == "at_least":
        if not isinstance(arg, int) or isinstance(arg, bool):
            raise DataError(src, entry, "'at_least' needs a whole number")
        return Condition(fact=fact, op=op, number=arg)
    if not isinstance(arg, bool):
        raise DataError(src, entry, "'is' needs true or false")
    return Condition(fact=fact, op=op, flag=arg)


def _answer(value: object) -> str:
    # YAML 1.1 reads bare yes/no as booleans; the flows mean the answer codes.
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _priority(raw: object, src: str, entry: str) -> Priority:
    try:
        return Priority(str(raw))
    except ValueError:
        raise DataError(src, entry, f"priority must be one of P1..P4, not {raw!r}") from None


def _code(raw: object, src: str, entry: str) -> str:
    if not isinstance(raw, str) or not _CODE.fullmatch(raw):
        raise DataError(src, entry, f"code must be lower_snake_case, not {raw!r}")
    return raw


def reason_codes(rules: RuleSet | None = None) -> frozenset[str]:
    """Every reason code the rules can give (for catalogue consistency checks)."""
    return (rules or default_rules()).codes


def describe(rules: RuleSet) -> Sequence[Mapping[str, str]]:
    """One row per rule (code, priority, conditions) for documentation and review."""
    return [
        {"code": r.code, "priority": r.priority.value,
         "when": _render(r.all, " and ") + (" and " if r.all and r.any else "")
         + (f"({_render(r.any, ' or ')})" if r.any else "")}
        for r in rules.rules
    ]


def _render(conds: tuple[Condition, ...], sep: str) -> str:
    parts = []
    for c in conds:
        if c.intent:
            parts.append(f"intent {c.intent}")
        elif c.op in ("in", "not_in"):
            parts.append(f"{c.fact} {c.op.replace('_', ' ')} {'/'.join(c.values)}")
        elif c.op == "at_least":
            parts.append(f"{c.fact} >= {c.number}")
        else:
            parts.append(f"{c.fact} is {str(c.flag).lower()}")
    return sep.join(parts)
