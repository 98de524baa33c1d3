"""Tests for the Interpreter port: safety bias, direct payloads, the factory, and a contract
test run over every implementation."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from nlu.embedded import EmbeddedConfig, EmbeddedInterpreter
from nlu.interpreter import DirectInterpreter, Interpreter, SafetyBias, build_interpreter
from nlu.rasa_http import RasaHttpInterpreter
from nlu.types import DISTRESS_INTENTS, Parse
from tests.nlu.fixtures import make_data_dir
from tests.nlu.fixtures.fake_rasa import fake_rasa


def ranked(*pairs: tuple[str, float]) -> Parse:
    return Parse(text="x", intent=pairs[0][0], confidence=pairs[0][1], ranking=pairs)


def test_bias_promotes_distress_when_the_group_is_likely_enough() -> None:
    parse = ranked(("out_of_scope", 0.5), ("held_captive", 0.3), ("urgent_danger", 0.2))
    biased = SafetyBias(threshold=0.4).apply(parse)
    assert biased.intent == "held_captive"
    assert biased.confidence == pytest.approx(0.5)  # the whole distress group's probability
    assert biased.ranking[0][0] == "held_captive"


def test_distress_confidence_is_the_whole_group() -> None:
    parse = ranked(("urgent_danger", 0.45), ("held_captive", 0.35), ("greet", 0.2))
    biased = SafetyBias(threshold=0.9).apply(parse)
    assert biased.intent == "urgent_danger"
    assert biased.confidence == pytest.approx(0.8)


def test_bias_leaves_clear_non_distress_alone() -> None:
    parse = ranked(("greet", 0.9), ("held_captive", 0.05), ("urgent_danger", 0.05))
    assert SafetyBias(threshold=0.3).apply(parse) == parse


def test_prior_raises_distress_odds() -> None:
    parse = ranked(("ask_info", 0.6), ("report_for_someone", 0.4))
    assert SafetyBias(distress_prior=0.0, threshold=1.0).apply(parse).intent == "ask_info"
    assert SafetyBias(distress_prior=1.0, threshold=1.0).apply(parse).intent == \
        "report_for_someone"


def test_bias_keeps_probabilities_summing_as_before() -> None:
    parse = ranked(("greet", 0.5), ("held_captive", 0.3), ("thanks", 0.2))
    total = sum(p for _, p in SafetyBias(distress_prior=2.0).apply(parse).ranking)
    assert total == pytest.approx(1.0)


def test_bias_without_ranking_changes_nothing() -> None:
    parse = Parse(text="x", intent="greet", confidence=1.0)
    assert SafetyBias().apply(parse) is parse


def test_direct_payloads() -> None:
    direct = DirectInterpreter()
    assert (direct.parse("/held_captive").intent, direct.parse("/held_captive").confidence) == (
        "held_captive", 1.0)
    parse = direct.parse('/report_for_someone{"place": "KK Park", "people_count": 3}', "th")
    assert parse.values("place") == ("KK Park",)
    assert parse.values("people_count") == ("3",)
    assert parse.lang == "th"
    assert direct.parse("hello").intent == "out_of_scope"
    assert direct.parse("/").intent == "out_of_scope"


def test_direct_canned_texts() -> None:
    canned = Parse(text="", intent="urgent_danger", confidence=0.7)
    direct = DirectInterpreter({"hi": "greet", "help": canned})
    assert direct.parse(" hi ").intent == "greet"
    assert direct.parse("help", "en") == Parse("help", "urgent_danger", 0.7, lang="en")


def test_factory(tmp_path: Path) -> None:
    data = make_data_dir(tmp_path)
    assert isinstance(build_interpreter("direct", data, tmp_path), DirectInterpreter)
    with pytest.raises(ValueError, match="unknown NLU backend"):
        build_interpreter("telepathy", data, tmp_path)
    with pytest.raises(ValueError, match="needs a server URL"):
        build_interpreter("rasa", data, tmp_path / "cache")
    rasa = build_interpreter("rasa", data, tmp_path / "cache", "http://127.0.0.1:1", 0.5)
    assert isinstance(rasa, RasaHttpInterpreter)
    assert isinstance(rasa.fallback, EmbeddedInterpreter)


@pytest.fixture(params=["direct", "embedded", "rasa"])
def implementation(request: pytest.FixtureRequest,
                   tmp_path_factory: pytest.TempPathFactory) -> Iterator[Interpreter]:
    if request.param == "direct":
        yield DirectInterpreter()
        return
    data = make_data_dir(tmp_path_factory.mktemp("contract"))
    embedded = EmbeddedInterpreter.load_or_train(data, tmp_path_factory.mktemp("cache"),
                                                 config=EmbeddedConfig(max_iter=40))
    if request.param == "embedded":
        yield embedded
        return
    with fake_rasa() as server:
        yield RasaHttpInterpreter(server.url, 2.0, embedded)


@pytest.mark.parametrize("text", ["/urgent_danger", "please help now", "ช่วยด้วย", ""])
def test_contract_every_interpreter_returns_a_full_parse(implementation: Interpreter,
                                                         text: str) -> None:
    parse = implementation.parse(text, "en")
    assert parse.text == text
    assert parse.lang == "en"
    assert 0.0 <= parse.confidence <= 1.0
    assert isinstance(parse.intent, str) and parse.intent
    for entity in parse.entities:
        assert 0 <= entity.start <= entity.end <= max(len(text), 0)


def test_contract_distress_payload_is_distress(implementation: Interpreter) -> None:
    if isinstance(implementation, DirectInterpreter):
        assert implementation.parse("/urgent_danger").intent in DISTRESS_INTENTS
    else:
        assert implementation.parse("please help now they beat me").intent in DISTRESS_INTENTS
