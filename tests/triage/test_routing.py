"""Routing: ordering, consent enforcement, and the imminent-danger policy."""

import itertools

import pytest

from bot.triage.partners import Directory, default_directory
from bot.triage.priority import Priority, Triage
from bot.triage.routing import (
    REASONS,
    Consent,
    RoutingPolicy,
    candidates,
    police_warnings,
    route,
    route_report,
)
from tests.triage.conftest import DirectoryFactory, EntryFactory, FactsFactory

ALL = Consent(ngo=True, embassy=True, police=True)
NONE = Consent()
CONSENTS = [Consent(*bits) for bits in itertools.product((False, True), repeat=3)]


def _table(directory: Directory) -> list[tuple[str | None, str | None]]:
    countries = sorted(directory.countries()) + [None]
    nationalities = sorted(directory.nationalities()) + [None]
    return list(itertools.product(countries, nationalities))


def test_routing_table_over_every_nationality_and_country() -> None:
    directory = default_directory()
    table = _table(directory)
    assert len(table) > 100
    for loc, nat in table:
        for consent in CONSENTS:
            first = route(directory, location_country=loc, nationality=nat, lang="en",
                          consent=consent, priority=Priority.P1)
            again = route(directory, location_country=loc, nationality=nat, lang="en",
                          consent=consent, priority=Priority.P1)
            assert first == again, (loc, nat)
            ids = [r.partner.id for r in first]
            assert len(ids) == len(set(ids)), (loc, nat)
            # Categories appear in their documented order.
            order = [REASONS.index(r.reason) for r in first]
            assert order == sorted(order), (loc, nat)
            for r in first:
                assert r.consented and consent.allows(r.partner.kind), (loc, nat, r)


def test_own_embassy_and_hotline_are_routed_whenever_the_directory_has_one() -> None:
    directory = default_directory()
    for loc, nat in _table(directory):
        if nat is None:
            continue
        routed = {r.partner.id for r in route(directory, location_country=loc, nationality=nat,
                                              lang="en", consent=ALL)}
        own = [
            p for p in directory.partners
            if p.kind in ("embassy", "national_hotline") and nat in p.nationalities
            and (loc in p.countries or "*" in p.countries)
            and p.topics & {"trafficking", "consular", "emergency"}
        ]
        assert {p.id for p in own} <= routed, (loc, nat)


def test_indonesian_in_cambodia_gets_kemlu_first_and_local_ngos() -> None:
    routes = route(default_directory(), location_country="KH", nationality="ID", lang="id",
                   consent=Consent(ngo=True, embassy=True))
    assert routes[0].partner.id == "id_kemlu_protection"
    assert routes[0].reason == "own_embassy"
    assert {"gaso", "ijm"} <= {r.partner.id for r in routes}
    assert all(r.partner.kind != "police" for r in routes)


@pytest.mark.parametrize("missing", ["ngo", "embassy", "police"])
def test_a_kind_without_consent_is_never_routed(missing: str) -> None:
    consent = Consent(**{k: k != missing for k in ("ngo", "embassy", "police")})
    directory = default_directory()
    for loc, nat in _table(directory):
        for r in route(directory, location_country=loc, nationality=nat, lang="en",
                       consent=consent, priority=Priority.P1):
            kind = {"national_hotline": "ngo"}.get(r.partner.kind, r.partner.kind)
            assert kind != missing, (loc, nat, r.partner.id)


def test_no_consent_means_no_alert() -> None:
    assert route(default_directory(), location_country="TH", nationality="MM", lang="my",
                 consent=NONE, priority=Priority.P2) == ()


def test_consent_from_facts_treats_skipped_as_no(make_facts: FactsFactory) -> None:
    consent = Consent.from_facts(make_facts(consent_ngo="yes", consent_police="no"))
    assert consent == Consent(ngo=True, embassy=False, police=False)
    assert Consent.parse("ngo, police") == Consent(ngo=True, police=True)
    with pytest.raises(ValueError, match="unknown"):
        Consent.parse("ngo,press")


def _police_world(make_directory: DirectoryFactory, make_entry: EntryFactory) -> Directory:
    return make_directory(
        make_entry(id="th_police", kind="police", topics=["emergency"]),
        make_entry(id="kh_police", kind="police", countries=["KH"], topics=["trafficking"],
                   warnings=[{"code": "caution", "text": "Police may sell people on."}]),
        make_entry(id="th_ngo", kind="ngo"),
    )


@pytest.mark.parametrize(("policy_on", "priority", "expected"), [
    (False, Priority.P1, []),
    (True, Priority.P1, ["th_police"]),
    (True, Priority.P2, []),
])
def test_imminent_danger_policy(
    make_directory: DirectoryFactory, make_entry: EntryFactory,
    policy_on: bool, priority: Priority, expected: list[str],
) -> None:
    directory = _police_world(make_directory, make_entry)
    policy = RoutingPolicy(allow_police_without_consent_on_p1=policy_on)
    routes = route(directory, location_country="TH", nationality="MM", lang="my",
                   consent=Consent(ngo=True), priority=priority, policy=policy)
    police = [r for r in routes if r.partner.kind == "police"]
    assert [r.partner.id for r in police] == expected
    assert all(not r.consented for r in police)
    assert [r.partner.id for r in routes if r.partner.kind == "ngo"] == ["th_ngo"]


def test_policy_never_overrides_a_police_warning(
    make_directory: DirectoryFactory, make_entry: EntryFactory
) -> None:
    directory = _police_world(make_directory, make_entry)
    routes = route(directory, location_country="KH", nationality="VN", lang="vi", consent=NONE,
                   priority=Priority.P1,
                   policy=RoutingPolicy(allow_police_without_consent_on_p1=True))
    assert routes == ()
    with_consent = route(directory, location_country="KH", nationality="VN", lang="vi",
                         consent=Consent(police=True))
    assert [r.partner.id for r in with_consent] == ["kh_police"]


def test_policy_is_off_by_default() -> None:
    assert RoutingPolicy().allow_police_without_consent_on_p1 is False


def test_language_orders_partners_within_a_category(
    make_directory: DirectoryFactory, make_entry: EntryFactory
) -> None:
    directory = make_directory(
        make_entry(id="a_ngo", kind="ngo", languages=["en"]),
        make_entry(id="b_ngo", kind="ngo", languages=["my"]),
    )
    for lang, first in (("my", "b_ngo"), ("en", "a_ngo")):
        routes = candidates(directory, location_country="TH", nationality="MM", lang=lang)
        assert routes[0].partner.id == first


def test_unknown_location_routes_only_lines_that_work_anywhere() -> None:
    routes = candidates(default_directory(), location_country=None, nationality="VN", lang="vi")
    assert [r.partner.id for r in routes] == ["vn_mofa_citizen"]


def test_route_report_uses_the_reports_consent(make_facts: FactsFactory) -> None:
    facts = make_facts(location_country="KH", nationality="VN", consent_embassy="yes")
    routes = route_report(default_directory(), facts, Triage(Priority.P2, ()))
    assert [r.partner.id for r in routes] == ["vn_mofa_citizen"]


def test_police_warnings_for_consent_steps() -> None:
    assert police_warnings(default_directory(), "KH") == ("triage.warning.kh_police_caution",)
    assert police_warnings(default_directory(), "TH") == ()
    assert police_warnings(default_directory(), None) == ()
