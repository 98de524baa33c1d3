"""Triage rules: every priority and reason, precedence, and validation of the rules file."""

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.triage.data import DataError
from bot.triage.priority import Priority, RuleSet, default_rules, load_rules, triage
from tests.triage.conftest import FactsFactory


@pytest.mark.parametrize(("fields", "priority", "reason"), [
    ({"danger": "yes"}, Priority.P1, "imminent_danger"),
    ({"intents": frozenset({"urgent_danger"})}, Priority.P1, "imminent_danger"),
    ({"danger": "moving"}, Priority.P1, "about_to_be_moved"),
    ({"injured": "yes"}, Priority.P1, "injured"),
    ({"medical": "yes"}, Priority.P1, "medical_need"),
    ({"children": "yes"}, Priority.P1, "children"),
    ({"held": "yes"}, Priority.P2, "held"),
    ({"intents": frozenset({"held_captive"})}, Priority.P2, "held"),
    ({"for_someone": True}, Priority.P2, "held_reported_by_other"),
    ({"intents": frozenset({"report_for_someone"})}, Priority.P2, "held_reported_by_other"),
    ({"held": "escaped"}, Priority.P3, "recently_escaped"),
    ({"intents": frozenset({"check_job_offer"})}, Priority.P3, "pre_departure"),
    ({"intents": frozenset({"plan_trip"})}, Priority.P3, "pre_departure"),
    ({}, Priority.P4, "information"),
    ({"danger": "no", "held": "no", "children": "no"}, Priority.P4, "information"),
])
def test_each_priority_and_reason(
    make_facts: FactsFactory, fields: dict[str, Any], priority: Priority, reason: str
) -> None:
    result = triage(make_facts(**fields))
    assert result.priority is priority
    assert reason in [r.code for r in result.reasons]
    assert all(r.message_id == f"triage.reason.{r.code}" for r in result.reasons)


def test_most_urgent_wins_and_reasons_keep_rule_order(make_facts: FactsFactory) -> None:
    result = triage(make_facts(held="yes", children="yes", danger="yes",
                               intents=frozenset({"held_captive"})))
    assert result.priority is Priority.P1
    assert [r.code for r in result.reasons] == ["imminent_danger", "children", "held"]


def test_the_persons_own_answer_overrides_an_intent(make_facts: FactsFactory) -> None:
    said_no = triage(make_facts(danger="no", intents=frozenset({"urgent_danger"})))
    assert said_no.priority is Priority.P4
    got_out = triage(make_facts(held="escaped", intents=frozenset({"held_captive"})))
    assert [r.code for r in got_out.reasons] == ["recently_escaped"]


def test_unknown_answers_do_not_raise_priority(make_facts: FactsFactory) -> None:
    assert triage(make_facts(children="unknown", injured="unknown")).priority is Priority.P4


def test_every_rules_file_reason_is_in_the_docs() -> None:
    docs = Path(__file__).resolve().parents[2] / "docs" / "triage.md"
    text = docs.read_text(encoding="utf-8")
    for code in default_rules().codes:
        assert f"`{code}`" in text


def _rules_file(tmp_path: Path, rules: list[Any], default: Any = None) -> Path:
    path = tmp_path / "rules.yml"
    data = {"default": default or {"priority": "P4", "reason": "information"}, "rules": rules}
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_custom_rules_are_data(tmp_path: Path, make_facts: FactsFactory) -> None:
    path = _rules_file(tmp_path, [
        {"code": "big_group", "priority": "P2", "all": [{"fact": "people_count", "at_least": 50}]},
    ])
    rules = load_rules(path)
    assert isinstance(rules, RuleSet)
    assert triage(make_facts(people_count=60), rules).priority is Priority.P2
    assert triage(make_facts(people_count=49), rules).priority is Priority.P4


@pytest.mark.parametrize(("rule", "problem"), [
    ({"code": "x1", "priority": "P9", "any": [{"fact": "danger", "in": ["yes"]}]}, "priority"),
    ({"code": "x1", "priority": "P1", "any": [{"fact": "mood", "in": ["yes"]}]}, "unknown fact"),
    ({"code": "x1", "priority": "P1", "any": [{"intent": "dance"}]}, "intent"),
    ({"code": "x1", "priority": "P1", "any": [{"fact": "danger", "like": ["y"]}]}, "operator"),
    ({"code": "x1", "priority": "P1"}, "at least one condition"),
    ({"code": "X-1", "priority": "P1", "any": [{"fact": "danger", "in": ["yes"]}]}, "code"),
    ({"code": "x1", "priority": "P1", "any": [{"fact": "people_count", "at_least": "a"}]},
     "whole number"),
])
def test_rule_errors_name_the_file_and_the_rule(
    tmp_path: Path, rule: dict[str, Any], problem: str
) -> None:
    ok = {"code": "fine", "priority": "P2", "any": [{"fact": "held", "in": ["yes"]}]}
    path = _rules_file(tmp_path, [ok, rule])
    with pytest.raises(DataError) as err:
        load_rules(path)
    assert str(path) in str(err.value)
    assert "rule 2" in str(err.value) or err.value.entry == "rule 2"
    assert problem in str(err.value)
