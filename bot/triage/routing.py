"""Routing: who should hear about a report, from where the person is, who they are, and consent.

Pure. Consent is enforced here: a partner whose kind the person did not consent to is never
returned by :func:`route`. The only exception is the documented imminent-danger policy
(``allow_police_without_consent_on_p1``, off by default; see docs/triage.md).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Final

from bot.triage.facts import ReportFacts
from bot.triage.partners import Directory, Partner
from bot.triage.priority import Priority, Triage

#: Which consent question covers which kind of partner.
CONSENT_FOR_KIND: Final = {
    "ngo": "ngo", "national_hotline": "ngo", "embassy": "embassy", "police": "police",
}
#: Topics that make a partner useful for a distress report.
ROUTABLE_TOPICS: Final = frozenset({"trafficking", "consular", "emergency"})


@dataclass(frozen=True)
class Consent:
    """What the person agreed to share, per kind of recipient."""

    ngo: bool = False
    embassy: bool = False
    police: bool = False

    def allows(self, kind: str) -> bool:
        """Whether the person consented to alerts to this kind of partner."""
        return bool(getattr(self, CONSENT_FOR_KIND[kind]))

    @classmethod
    def from_facts(cls, facts: ReportFacts) -> "Consent":
        """Consent as answered in the report (a skipped question is a no)."""
        return cls(facts.said_yes("consent_ngo"), facts.said_yes("consent_embassy"),
                   facts.said_yes("consent_police"))

    @classmethod
    def parse(cls, text: str) -> "Consent":
        """Parse ``"ngo,embassy,police"`` (any subset); ValueError names an unknown kind."""
        kinds = {k.strip() for k in text.split(",") if k.strip()}
        unknown = kinds - {"ngo", "embassy", "police"}
        if unknown:
            raise ValueError(f"unknown consent kinds: {sorted(unknown)}")
        return cls("ngo" in kinds, "embassy" in kinds, "police" in kinds)


@dataclass(frozen=True)
class RoutingPolicy:
    """Deployment choices about routing (documented in docs/triage.md)."""

    allow_police_without_consent_on_p1: bool = False


@dataclass(frozen=True)
class Route:
    """One recipient: the partner, why it was chosen, and whether the person consented."""

    partner: Partner
    reason: str
    consented: bool


@dataclass(frozen=True)
class _Category:
    reason: str
    kinds: tuple[str, ...]
    test: Callable[[Partner, str | None, str | None], bool]


def _for_nationality(p: Partner, loc: str | None, nat: str | None) -> bool:
    """Serves this nationality by name, and may help wherever the person is."""
    return p.serves(nat, explicitly=True) and p.helps_in(loc)


def _at_location(p: Partner, loc: str | None, nat: str | None) -> bool:
    """Helps in this country by name, and may serve this nationality."""
    return p.helps_in(loc, explicitly=True) and p.serves(nat)


# In order: the person's own country first (embassy, hotline, NGOs for their nationality), then
# help where they are (NGOs, local hotlines), and the police last.
_CATEGORIES: Final = (
    _Category("own_embassy", ("embassy",), _for_nationality),
    _Category("own_hotline", ("national_hotline",), _for_nationality),
    _Category("ngo_for_nationality", ("ngo",), _for_nationality),
    _Category("ngo_at_location", ("ngo",), _at_location),
    _Category("local_hotline", ("national_hotline",), _at_location),
    _Category("local_police", ("police",), _at_location),
    _Category("home_police", ("police",), _for_nationality),
)
REASONS: Final = tuple(c.reason for c in _CATEGORIES)


def candidates(
    directory: Directory, *, location_country: str | None, nationality: str | None,
    lang: str | None = None,
) -> tuple[Route, ...]:
    """Every partner that could help, ordered, before consent (all marked not consented)."""
    seen: set[str] = set()
    out: list[Route] = []
    for cat in _CATEGORIES:
        found = [
            p for p in directory.partners
            if p.id not in seen and p.kind in cat.kinds and p.topics & ROUTABLE_TOPICS
            and cat.test(p, location_country, nationality)
        ]
        for partner in sorted(found, key=lambda p: _rank(p, location_country, lang)):
            seen.add(partner.id)
            out.append(Route(partner, cat.reason, consented=False))
    return tuple(out)


def route(
    directory: Directory, *, location_country: str | None, nationality: str | None,
    lang: str | None, consent: Consent, priority: Priority = Priority.P4,
    policy: RoutingPolicy = RoutingPolicy(),
) -> tuple[Route, ...]:
    """The partners to alert, ordered; never a kind without consent (except the P1 policy)."""
    out = []
    for cand in candidates(directory, location_country=location_country,
                           nationality=nationality, lang=lang):
        if consent.allows(cand.partner.kind):
            out.append(Route(cand.partner, cand.reason, consented=True))
        elif _p1_exception(cand, priority, policy):
            out.append(cand)
    return tuple(out)


def route_report(
    directory: Directory, facts: ReportFacts, result: Triage,
    policy: RoutingPolicy = RoutingPolicy(),
) -> tuple[Route, ...]:
    """:func:`route` for a filed report, with the consent it recorded."""
    return route(directory, location_country=facts.location_country,
                 nationality=facts.nationality, lang=facts.lang,
                 consent=Consent.from_facts(facts), priority=result.priority, policy=policy)


def police_warnings(directory: Directory, country: str | None) -> tuple[str, ...]:
    """Message ids of the warnings about police where the person is (for consent steps)."""
    codes = (
        w.code for p in directory.partners
        if p.kind == "police" and p.helps_in(country, explicitly=True) for w in p.warnings
    )
    return tuple(f"triage.warning.{c}" for c in dict.fromkeys(codes))


def _p1_exception(cand: Route, priority: Priority, policy: RoutingPolicy) -> bool:
    # Imminent danger may justify the local police without consent, but never a police line
    # the sources warn about: there, the police can be the danger.
    return (
        policy.allow_police_without_consent_on_p1 and priority is Priority.P1
        and cand.reason == "local_police" and not cand.partner.warnings
    )


def _rank(partner: Partner, location: str | None, lang: str | None) -> tuple[int, int, str]:
    local = 0 if location is not None and location in partner.countries else 1
    speaks = 0 if lang is not None and lang in partner.languages else 1
    return (local, speaks, partner.id)


def kinds_of(routes: Iterable[Route]) -> frozenset[str]:
    """The partner kinds among some routes."""
    return frozenset(r.partner.kind for r in routes)
