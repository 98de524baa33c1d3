"""Turn an assessment into what the person reads: reasons, a level message and next steps.

Everything returned is a message id (plus parameters): the text lives in the catalogues. The
lowest level never says "safe" (see ``risk.level.low``).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from bot.core.events import M_

from bot.risk.catalogue import load_catalogue
from bot.risk.scorer import Assessment

AUTHORITIES_FILE = Path(__file__).resolve().parent / "authorities.yml"
_STATUSES = frozenset({"verified", "unverified"})
# What each level says; "low" never claims the job is safe.
LEVEL_MESSAGES = {
    "low": M_("risk.level.low"), "caution": M_("risk.level.caution"),
    "high": M_("risk.level.high"), "very_high": M_("risk.level.very_high"),
}
# Steps everyone gets after the licence check, in the order they are shown.
_COMMON_STEPS = (M_("risk.step.keep_passport"), M_("risk.step.tell_family"),
                 M_("risk.step.keep_copies"), M_("risk.step.contacts"))


class AuthoritiesError(ValueError):
    """The authorities file is malformed (the message names the file and the country)."""


@dataclass(frozen=True)
class Reason:
    """Why the offer was flagged: one indicator with its message ids and the words found."""

    indicator: str
    title: str
    why: str
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Step:
    """One thing to do next: a message id and its parameters."""

    msgid: str
    params: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Authority:
    """Who checks an agency's licence in one country, and how sure the project is of it."""

    country: str
    name: str
    source: str
    last_verified: str
    status: str


def reasons(assessment: Assessment, top: int = 3) -> tuple[Reason, ...]:
    """The strongest reasons (at most ``top``), strongest first."""
    catalogue = load_catalogue()
    out = []
    for flag in assessment.flags[:max(0, top)]:
        indicator = catalogue.indicator(flag.id)
        out.append(Reason(flag.id, indicator.title, indicator.why, flag.evidence))
    return tuple(out)


def level_message(assessment: Assessment) -> str:
    """The message id that states the result (or asks for more text)."""
    if assessment.insufficient and not assessment.flags:
        return M_("risk.insufficient")
    return LEVEL_MESSAGES[assessment.level]


def next_steps(origin_country: str | None) -> tuple[Step, ...]:
    """What to do next, with the licensing authority of the person's country where known."""
    authority = load_authorities().get((origin_country or "").upper())
    if authority is None:
        first = Step(M_("risk.step.check_licence_generic"))
    elif authority.status == "verified":
        first = Step(M_("risk.step.check_licence"), {"authority": authority.name})
    else:
        first = Step(M_("risk.step.check_licence_unverified"), {"authority": authority.name})
    return (first, *(Step(msgid) for msgid in _COMMON_STEPS))


def answers_from_slots(slots: Mapping[str, str]) -> dict[str, str]:
    """The guided answers held in a conversation's slots (slot names are question codes)."""
    questions = load_catalogue().questions
    return {q: v for q, v in slots.items() if q in questions and isinstance(v, str) and v}


def slots_to_fill(assessment: Assessment, slots: Mapping[str, str]) -> dict[str, str]:
    """Answers the ad already gives to questions not yet answered (for ``skip_when_filled``)."""
    return {q: a for q, a in assessment.answered.items() if not slots.get(q)}


def result_lines(assessment: Assessment, origin_country: str | None,
                 top: int = 3) -> tuple[Step, ...]:
    """The whole result, in reading order: level, reasons with the words found, next steps."""
    lines = [Step(level_message(assessment))]
    found = reasons(assessment, top)
    if found:
        lines.append(Step(M_("risk.result.reasons_title")))
    for reason in found:
        lines += [Step(reason.title), Step(reason.why)]
        if reason.evidence:
            quoted = ", ".join(f"\u201c{q}\u201d" for q in reason.evidence)
            lines.append(Step(M_("risk.result.evidence"), {"evidence": quoted}))
        else:
            lines.append(Step(M_("risk.result.from_answers")))
    lines.append(Step(M_("risk.result.steps_title")))
    lines += next_steps(origin_country)
    return tuple(lines)


@lru_cache(maxsize=4)
def load_authorities(path: Path = AUTHORITIES_FILE) -> Mapping[str, Authority]:
    """Load and validate the authorities file."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise AuthoritiesError(f"{path.name}: not valid YAML: {exc}") from exc
    entries = raw.get("authorities") if isinstance(raw, dict) else None
    if not isinstance(entries, dict) or not entries:
        raise AuthoritiesError(f"{path.name}: 'authorities' must be a non-empty mapping")
    return {str(code): _authority(str(code), entry, path.name) for code, entry in entries.items()}


def _authority(code: str, raw: object, file: str) -> Authority:
    where = f"{file}: country {code!r}"
    if len(code) != 2 or not code.isupper() or not isinstance(raw, dict):
        raise AuthoritiesError(f"{where}: needs an ISO alpha-2 code and a mapping")
    for key in ("name", "source", "last_verified", "status"):
        if not isinstance(raw.get(key), str) or not raw[key]:
            raise AuthoritiesError(f"{where}: {key!r} is required")
    if raw["status"] not in _STATUSES:
        raise AuthoritiesError(f"{where}: status must be one of {sorted(_STATUSES)}")
    return Authority(code, raw["name"], raw["source"], raw["last_verified"], raw["status"])
