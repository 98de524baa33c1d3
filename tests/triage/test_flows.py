"""The triage flows: valid YAML in the documented format, reachable, short, and translated."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.core.flows import END, Flow, Step, load_flow
from bot.core.validators import VALIDATORS
from bot.triage.actions import TRIAGE_ACTIONS
from bot.triage.partners import default_directory
from bot.triage.validators import TRIAGE_VALIDATORS
from nlu.types import DISTRESS_INTENTS
from tests.factories import english_texts

ROOT = Path(__file__).resolve().parents[2]
FLOWS = ROOT / "bot" / "flows"
NAMES = ("distress", "report_other", "contacts")
STEP_KEYS = {"say", "do", "options", "free_text", "intents", "slot", "skippable",
             "skip_when_filled", "location", "next", "routes"}
ACTIONS = set(TRIAGE_ACTIONS)
YES_NO = {"yes", "no"}
DISTRESS_SLOTS = {
    "safe_now", "danger", "injured", "medical", "location", "place_id", "place_text",
    "landmarks", "nationality", "people_count", "children", "contact_ok", "safe_time",
    "phone_checked", "consent_ngo", "consent_embassy", "consent_police",
}


def _catalogue() -> dict[str, str]:
    return english_texts()


def _flow(name: str) -> Flow:
    return load_flow(FLOWS / f"{name}.yml")


def _steps() -> Iterator[tuple[Flow, Step]]:
    for name in NAMES:
        flow = _flow(name)
        for step in flow.steps.values():
            yield flow, step


@pytest.mark.parametrize("name", NAMES)
def test_files_are_yaml_in_the_documented_format(name: str) -> None:
    raw: dict[str, Any] = yaml.safe_load((FLOWS / f"{name}.yml").read_text("utf-8"))
    assert raw["id"] == name and raw["start"] in raw["steps"]
    for step_name, step in raw["steps"].items():
        assert set(step) <= STEP_KEYS, (name, step_name)
        for option in step.get("options") or ():
            assert set(option) <= {"label", "value", "next"}, (name, step_name)
    flow = _flow(name)  # the engine's own loader accepts it
    assert flow.protect is (name != "contacts")


@pytest.mark.parametrize("name", NAMES)
def test_every_step_is_reachable_and_every_path_ends(name: str) -> None:
    flow = _flow(name)
    seen: set[str] = set()
    todo = [flow.start]
    while todo:
        current = todo.pop()
        if current in seen or current == END:
            continue
        seen.add(current)
        step = flow.step(current)
        targets = [step.next or END, *(o.next for o in step.options if o.next),
                   *(step.routes or {}).values()]
        for target in targets:
            assert target == END or target in flow.steps, (name, current, target)
            todo.append(target)
    assert seen == set(flow.steps)


def test_questions_are_skippable_and_yes_no_steps_accept_intents() -> None:
    for flow, step in _steps():
        if not step.waits:
            continue
        assert step.skippable, (flow.id, step.name)
        values = {o.value for o in step.options}
        if YES_NO <= values:  # "are you in danger?" may also take a cry of danger as yes
            assert step.intents is not None, (flow.id, step.name)
            assert {"affirm": "yes", "deny": "no"}.items() <= step.intents.items(), (
                flow.id, step.name)
            assert set(step.intents) - {"affirm", "deny"} <= DISTRESS_INTENTS, (flow.id, step.name)
            assert all(step.intents[i] == "yes" for i in set(step.intents) - {"affirm", "deny"})


def test_actions_and_validators_are_known() -> None:
    validators = set(VALIDATORS) | set(TRIAGE_VALIDATORS)
    for flow, step in _steps():
        assert step.do is None or step.do in ACTIONS, (flow.id, step.name)
        assert step.free_text is None or step.free_text in validators, (flow.id, step.name)


def test_distress_flow_fills_the_documented_slots() -> None:
    flow = _flow("distress")
    slots = {s.slot for s in flow.steps.values() if s.slot}
    # place_id/place_text come from the `place` validator, location from the pin.
    assert DISTRESS_SLOTS - {"place_id", "place_text", "location"} <= slots
    assert any(s.location for s in flow.steps.values())
    assert flow.step(flow.start).options[0].value == "yes"
    assert flow.step("safe_now").transition("no") == "not_safe"
    assert flow.step("not_safe").transition(None) == END


@pytest.mark.parametrize("name", ["distress", "report_other"])
def test_reports_ask_consent_per_recipient_kind_then_file(name: str) -> None:
    flow = _flow(name)
    order = [s.name for s in flow.steps.values()]
    consents = [order.index(f"consent_{k}") for k in ("ngo", "embassy", "police")]
    assert consents == sorted(consents)
    assert consents[-1] < order.index("file")
    assert flow.step("file").do == "file_report"
    assert any("{ref}" in _catalogue()[m] for m in flow.step("done").say)


@pytest.mark.parametrize("name", ["distress", "report_other"])
def test_police_warnings_in_the_directory_are_shown_before_police_consent(name: str) -> None:
    flow = _flow(name)
    check = flow.step("police_check")
    assert check.slot == "location_country" and check.skip_when_filled
    for partner in default_directory().partners:
        if partner.kind != "police" or not partner.warnings:
            continue
        for country in partner.countries - {"*"}:
            warn_step = flow.step(check.transition(country))
            assert {f"triage.warning.{w.code}" for w in partner.warnings} <= set(warn_step.say)
            assert warn_step.transition(None) == "consent_police"


def test_every_message_id_has_english_text_and_buttons_are_short() -> None:
    catalogue = _catalogue()
    for flow, step in _steps():
        for msg in step.say:
            assert msg in catalogue, (flow.id, step.name, msg)
        for option in step.options:
            assert option.label in catalogue, (flow.id, step.name, option.label)
            assert len(catalogue[option.label]) < 30, option.label
            payload = f"f:{flow.id}:{step.name}:{option.value}"
            assert len(payload.encode()) <= 64, payload


def test_contacts_flow_reuses_answers_and_shows_contacts() -> None:
    flow = _flow("contacts")
    for name in ("nationality", "where"):
        step = flow.step(name)
        assert step.skip_when_filled and step.skippable
    assert flow.step("where").slot == "location_country"
    assert flow.step("show").do == "show_contacts"
