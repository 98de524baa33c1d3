"""Tests for the rule book: loading, intent thresholds, and what free text fires."""

from pathlib import Path

import pytest

from bot.core.flows import FlowError
from bot.core.rules import load_rules
from nlu.types import Parse

RULES = """
global:
  - name: help
    commands: [help]
    intents: [held_captive, urgent_danger]
    min_confidence: 0.60
    flow: distress
routes:
  - name: info
    intents: [ask_info]
    min_confidence: 0.50
    flow: info
uncertain_distress:
  name: are_you_in_danger
  intents: [held_captive, urgent_danger, report_for_someone]
  min_total: 0.20
  flow: danger_check
"""


def parse(intent: str, confidence: float, *rest: tuple[str, float]) -> Parse:
    return Parse("text", intent, confidence, ranking=((intent, confidence), *rest))


def write_rules(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.yml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def rules_file(tmp_path: Path) -> Path:
    return write_rules(tmp_path, RULES)


def test_free_text_goes_to_help_when_a_distress_rule_is_confident(rules_file: Path) -> None:
    rules = load_rules(rules_file)
    fired = rules.rule_for_free_text(parse("held_captive", 0.9))
    assert fired is not None and fired.name == "help"


def test_a_doubtful_distress_parse_asks_instead(rules_file: Path) -> None:
    rules = load_rules(rules_file)
    assert rules.rule_for_free_text(parse("held_captive", 0.3)) is rules.uncertain


def test_distress_mass_spread_over_intents_asks_even_when_another_intent_leads(
        rules_file: Path) -> None:
    rules = load_rules(rules_file)
    spread = parse("out_of_scope", 0.45, ("held_captive", 0.12), ("urgent_danger", 0.1))
    assert rules.rule_for_free_text(spread) is rules.uncertain


def test_routes_before_the_check_and_nothing_for_a_weak_parse(rules_file: Path) -> None:
    rules = load_rules(rules_file)
    info = rules.rule_for_free_text(parse("ask_info", 0.8, ("held_captive", 0.19)))
    assert info is not None and info.name == "info"
    assert rules.rule_for_free_text(parse("out_of_scope", 0.3, ("ask_info", 0.2))) is None


def test_a_rule_can_ask_more_while_another_flow_waits_for_an_answer(tmp_path: Path) -> None:
    path = write_rules(tmp_path, """
global:
  - name: someone
    intents: [report_for_someone]
    min_confidence: 0.70
    min_confidence_answering: 0.90
    flow: report_other
""")
    rule = load_rules(path).global_rules[0]
    heard_from_a_friend = parse("report_for_someone", 0.77)
    assert rule.intent_matches(heard_from_a_friend)
    assert not rule.intent_matches(heard_from_a_friend, answering=True)
    assert rule.intent_matches(parse("report_for_someone", 0.95), answering=True)


def test_without_an_answering_bar_the_rule_keeps_its_own(rules_file: Path) -> None:
    rule = load_rules(rules_file).global_rules[0]
    assert rule.intent_matches(parse("held_captive", 0.61), answering=True)


def test_entity_fills_are_read_and_a_bad_one_is_refused(tmp_path: Path) -> None:
    path = write_rules(tmp_path, """
routes:
  - name: hotline
    intents: [ask_hotline]
    flow: contacts
    prefill_entities: [{entity: nationality, validator: nationality, slot: nationality}]
""")
    rules = load_rules(path)
    assert rules.validators() == {"nationality"}
    assert rules.routes[0].prefill_entities[0].slot == "nationality"
    write_rules(tmp_path, path.read_text(encoding="utf-8").replace("slot: nationality", "slo: x"))
    with pytest.raises(FlowError, match="prefill_entities"):
        load_rules(path)


def test_the_shipped_rules_send_a_confident_cry_for_help_to_the_distress_flow() -> None:
    rules = load_rules()
    fired = rules.rule_for_free_text(parse("urgent_danger", 0.95))
    assert fired is not None and fired.flow == "distress"


def test_unknown_keys_are_rejected_with_the_rule_named(tmp_path: Path) -> None:
    path = write_rules(tmp_path, "global:\n  - name: x\n    flow: menu\n    colour: red\n")
    with pytest.raises(FlowError, match=r"global\[0\].*colour"):
        load_rules(path)
