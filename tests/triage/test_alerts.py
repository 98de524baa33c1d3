"""Alert content and its Telegram HTML: escaping, size, case references, operator buttons."""

import html
import re
from html.parser import HTMLParser

import pytest

from bot.i18n import translator

from bot.triage.alerts import (
    CASE_ALPHABET,
    TELEGRAM_LIMIT,
    AlertContent,
    build_alerts,
    make_case_ref,
    normalize_case_ref,
    operator_buttons,
    render_alert,
    units,
)
from bot.triage.destinations import parse_destinations
from bot.triage.facts import ReportFacts
from bot.triage.partners import default_directory
from bot.triage.priority import triage
from bot.triage.routing import route_report
from tests.triage.conftest import FactsFactory

ALLOWED_TAGS = {"b", "a", "code", "blockquote"}
EVIL = '<b>boss</b> <a href="http://evil.example">click</a> Tom & Jerry &amp; <i>x</i>'
EN = translator("en").gettext


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def _tags(text: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = _Tags()
    parser.feed(text)
    return parser.tags


def _alert(facts: ReportFacts, dest: str = "default=-1") -> AlertContent:
    result = triage(facts)
    routes = route_report(default_directory(), facts, result)
    return build_alerts(facts, result, routes, parse_destinations(dest))[0]


def _evil_facts(make_facts: FactsFactory, **extra: object) -> ReportFacts:
    fields: dict[str, object] = {
        "danger": "yes", "place_text": EVIL, "landmarks": EVIL, "safe_time": EVIL,
        "reporter_contact": EVIL, "own_words": (EVIL, "second line"), "location": (16.7, 98.5),
    }
    return make_facts(**(fields | extra))


def test_user_text_cannot_inject_markup(make_facts: FactsFactory) -> None:
    text = render_alert(_alert(_evil_facts(make_facts)), EN)
    tags = _tags(text)
    assert {t for t, _ in tags} <= ALLOWED_TAGS
    links = [dict(attrs)["href"] for t, attrs in tags if t == "a"]
    assert links and all(str(h).startswith("https://www.openstreetmap.org/") for h in links)
    assert "<i>" not in text and "evil.example\">" not in text
    assert "Tom &amp; Jerry &amp;amp;" in text
    assert text.count("&lt;b&gt;boss&lt;/b&gt;") == 5


def test_a_malicious_translation_is_escaped_too(make_facts: FactsFactory) -> None:
    text = render_alert(_alert(make_facts(danger="yes")), lambda msgid: f"<u>{msgid}</u>")
    assert "<u>" not in text and "&lt;u&gt;triage.reason.imminent_danger" in text


def test_order_priority_reasons_answers_language_location_case_words(
    make_facts: FactsFactory,
) -> None:
    facts = make_facts(danger="yes", children="yes", nationality="PH", location=(16.7, 98.5),
                       own_words=("help us",), ref="SP-ABCDE", lang="fil")
    text = render_alert(_alert(facts), EN)
    marks = ["P1 · Act now", "In danger now", "Children are there", "Answers",
             "Nationality: PH", "Language:</b> fil", "Location:", "16.70000, 98.50000",
             "<code>SP-ABCDE</code>", "Their own words", "help us"]
    positions = [text.index(m) for m in marks]
    assert positions == sorted(positions)


def test_translated_templates_are_used(make_facts: FactsFactory) -> None:
    thai = {"triage.priority.P1": "ด่วนที่สุด", "triage.answer.yes": "ใช่"}
    text = render_alert(_alert(make_facts(danger="yes")), lambda m: thai.get(m) or EN(m))
    assert "ด่วนที่สุด" in text and "ใช่" in text
    assert "In danger now" in text  # untranslated ids fall back to English, never a bare id


@pytest.mark.parametrize("unit", ["a", "&", "😀", "<", "ก"])
def test_one_megabyte_of_own_words_fits_one_message(make_facts: FactsFactory, unit: str) -> None:
    words = unit * 1_000_000
    facts = _evil_facts(make_facts, own_words=(words,))
    text = render_alert(_alert(facts), EN)
    assert units(text) < TELEGRAM_LIMIT
    assert text.endswith("</blockquote>")
    assert "more characters not shown" in text
    quoted = text.split("<blockquote>", 1)[1]
    # No entity is cut in half: every & starts a complete entity.
    assert not re.search(r"&(?!(amp|lt|gt|quot|#x27);)", quoted)
    assert len(html.unescape(quoted)) > 500  # the room left is actually used


def test_long_typed_answers_are_clipped(make_facts: FactsFactory) -> None:
    facts = make_facts(place_text="x" * 5000, landmarks="&" * 5000, safe_time="y" * 5000)
    text = render_alert(_alert(facts), EN)
    assert units(text) < TELEGRAM_LIMIT
    assert "x" * 600 not in text


def test_build_alerts_default_first_then_consented_partners_with_a_chat(
    make_facts: FactsFactory,
) -> None:
    facts = make_facts(location_country="KH", nationality="ID", consent_embassy="yes",
                       danger="yes")
    result = triage(facts)
    routes = route_report(default_directory(), facts, result)
    dest = parse_destinations("default=-1,id_kemlu_protection=-2,gaso=-3")
    alerts = build_alerts(facts, result, routes, dest)
    assert [(a.partner_id, a.destination) for a in alerts] == [
        ("default", "-1"), ("id_kemlu_protection", "-2")]  # no NGO consent: gaso not alerted
    assert alerts[0].sent_to == ("Kemlu citizen protection (Perlindungan WNI)",)
    assert alerts[1].sent_to is None
    assert all(a.priority.value == "P1" and a.case_ref == facts.ref for a in alerts)


def test_cautions_for_checked_phones_and_family_reports(make_facts: FactsFactory) -> None:
    text = render_alert(_alert(make_facts(phone_checked="yes", for_someone=True,
                                          contact_ok="no")), EN)
    assert "Do not call or text them" in text
    assert "Reported by a family member" in text
    assert "not to be contacted" in text


def test_unknown_location_is_said(make_facts: FactsFactory) -> None:
    assert "Location:</b> Not known" in render_alert(_alert(make_facts()), EN)


def test_case_refs_are_short_unambiguous_and_deterministic() -> None:
    refs = {make_case_ref(seed) for seed in range(2000)}
    assert len(refs) > 1990
    for ref in refs:
        assert re.fullmatch(rf"SP-[{CASE_ALPHABET}]{{5}}", ref)
        assert not set(ref[3:]) & set("0O1I")
    assert make_case_ref(b"seed") == make_case_ref(b"seed") != make_case_ref(b"seee")


def test_typed_case_refs_are_normalized() -> None:
    ref = make_case_ref(7)
    assert normalize_case_ref(ref.lower().replace("-", " ")) == ref
    assert normalize_case_ref("hello") is None


def test_operator_buttons_fit_telegram_payloads() -> None:
    buttons = operator_buttons("SP-ABCDE.ug_coordination_office_tip")
    assert [p for _, p in buttons] == ["op:ack:SP-ABCDE.ug_coordination_office_tip",
                                      "op:close:SP-ABCDE.ug_coordination_office_tip"]
    with pytest.raises(ValueError):
        operator_buttons("x" * 60)
