"""Tests for the Rasa HTTP client, against a local fake server (and a real one if RASA_URL)."""

import json
import logging
import os
import socket

import pytest

from nlu.interpreter import DirectInterpreter, SafetyBias
from nlu.rasa_http import (
    RasaAdmin,
    RasaError,
    RasaFoldTrainer,
    RasaHttpInterpreter,
    parse_from_rasa,
    training_payload,
)
from nlu.training_data import Example, TrainingData
from nlu.types import INTENTS
from tests.nlu.fixtures.fake_rasa import fake_rasa

FALLBACK = DirectInterpreter({"help KK Park": "held_captive", "hello": "affirm"})
SECRET = "help KK Park"


def client(url: str, timeout: float = 2.0, **kwargs: object) -> RasaHttpInterpreter:
    return RasaHttpInterpreter(url, timeout, FALLBACK, **kwargs)  # type: ignore[arg-type]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_parse_maps_rasa_json_to_a_parse() -> None:
    with fake_rasa() as server:
        parse = client(server.url, bias=None).parse("please help me in KK Park", "en")
    assert (parse.intent, parse.confidence, parse.lang) == ("urgent_danger", 0.9, "en")
    assert parse.ranking == (("urgent_danger", 0.9), ("greet", 0.1))
    (entity,) = parse.entities
    assert (entity.entity, entity.value, entity.text) == ("place", "KK Park", "KK Park")
    method, path, body = server.requests[0]
    assert (method, path, json.loads(body)) == ("POST", "/model/parse",
                                                {"text": "please help me in KK Park"})


def test_safety_bias_applies_to_rasa_answers() -> None:
    with fake_rasa() as server:
        parse = client(server.url, bias=SafetyBias(distress_prior=5.0, threshold=0.5)).parse("hi")
    assert parse.intent == "urgent_danger"


def test_texts_read_by_language_go_to_the_fallback_when_the_language_is_known() -> None:
    # Rasa cannot tell "k" (ok in English chat, no in Vietnamese) without the chat's language.
    with fake_rasa() as server:
        rasa = client(server.url, bias=None, by_language=frozenset({"hello"}))
        assert rasa.parse("hello", "en").intent == "affirm"  # the fallback's reading
        rasa.parse(" HELLO ", "en")  # matched ignoring case and spaces
        assert server.requests == []
        rasa.parse("Hello", None)  # no language known: Rasa reads it
        rasa.parse("hello there", "en")  # not a language-dependent text: Rasa reads it
    assert [json.loads(body)["text"] for _, _, body in server.requests] == ["Hello",
                                                                           "hello there"]


@pytest.mark.parametrize("mode, kind", [("error", "http-500"), ("slow", "timeout"),
                                        ("garbage", "bad-response")])
def test_failures_fall_back_and_log_the_kind_not_the_text(
        mode: str, kind: str, caplog: pytest.LogCaptureFixture) -> None:
    with fake_rasa(mode) as server, caplog.at_level(logging.WARNING):
        parse = client(server.url, timeout=0.2).parse(SECRET)
    assert parse.intent == "held_captive"  # the fallback's answer
    assert kind in caplog.text
    assert SECRET not in caplog.text and "KK Park" not in caplog.text


def test_connection_refused_falls_back(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        parse = client(f"http://127.0.0.1:{free_port()}").parse("hello")
    assert parse.intent == "affirm"
    assert "connection" in caplog.text


def test_a_failed_server_is_skipped_for_a_while() -> None:
    with fake_rasa("error") as server:
        interpreter = client(server.url, retry_after=60.0)
        interpreter.parse("hello")
        interpreter.parse("hello")
        assert len(server.requests) == 1
        server.mode = "ok"
        assert interpreter.parse("hello").intent == "affirm"  # still skipping


def test_parse_remote_raises_without_fallback() -> None:
    with fake_rasa("error") as server, pytest.raises(RasaError) as caught:
        client(server.url).parse_remote("hello")
    assert caught.value.kind == "http-500"


def test_repeated_and_overlapping_rasa_entities_are_cleaned() -> None:
    text = "in KK Park now"
    entity = {"entity": "place", "value": "KK Park", "start": 3, "end": 10}
    short = {"entity": "place", "value": "KK Park", "start": 3, "end": 5}
    result = {"intent": {"name": "held_captive", "confidence": 0.9},
              "entities": [entity, entity, short]}
    parse = parse_from_rasa(result, text, None)
    assert [(e.start, e.end) for e in parse.entities] == [(3, 10)]


def test_missing_intent_becomes_out_of_scope() -> None:
    parse = parse_from_rasa({"intent": None, "entities": []}, "x", None)
    assert (parse.intent, parse.confidence) == ("out_of_scope", 0.0)


def test_training_payload_has_config_domain_and_data() -> None:
    data = TrainingData(examples=(Example("hello", "greet", "en"),))
    payload = training_payload("language: xx\npipeline:\n- name: WhitespaceTokenizer\n", data)
    import yaml

    parsed = yaml.safe_load(payload)
    assert parsed["language"] == "xx"
    assert parsed["intents"] == list(INTENTS)
    assert parsed["nlu"][0] == {"intent": "greet", "examples": "- hello\n"}


def test_fold_trainer_trains_loads_parses_and_restores() -> None:
    data = TrainingData(examples=(Example("hello", "greet", "en"),))
    with fake_rasa() as server:
        trainer = RasaFoldTrainer(server.url, "language: xx\n")
        interpreter = trainer(data, 0)
        assert interpreter.parse("hello").intent == "greet"
        trainer.restore()
        paths = [(method, path.split("?")[0]) for method, path, _ in server.requests]
        loads = [json.loads(body) for method, _, body in server.requests if method == "PUT"]
    assert paths == [("GET", "/status"), ("POST", "/model/train"), ("PUT", "/model"),
                     ("POST", "/model/parse"), ("PUT", "/model")]
    assert loads == [{"model_file": "models/nlu-fold.tar.gz"},
                     {"model_file": "models/original.tar.gz"}]


def test_fold_trainer_works_on_a_server_with_no_model_and_restores_nothing() -> None:
    data = TrainingData(examples=(Example("hello", "greet", "en"),))
    with fake_rasa("no-model") as server:
        trainer = RasaFoldTrainer(server.url, "language: xx\n")
        trainer(data, 0)
        trainer.restore()
        loads = [json.loads(body) for method, _, body in server.requests if method == "PUT"]
    assert loads == [{"model_file": "models/nlu-fold.tar.gz"}]


def test_fold_trainer_parses_fail_loudly() -> None:
    data = TrainingData(examples=(Example("hello", "greet", "en"),))
    with fake_rasa() as server:
        interpreter = RasaFoldTrainer(server.url, "language: xx\n")(data, 0)
        server.mode = "error"
        with pytest.raises(RasaError):
            interpreter.parse("hello")


@pytest.mark.rasa
@pytest.mark.skipif(not os.environ.get("RASA_URL"), reason="needs a Rasa server at RASA_URL")
def test_real_rasa_server() -> None:
    url = os.environ["RASA_URL"]
    assert RasaAdmin(url).status().get("model_file")
    parse = RasaHttpInterpreter(url, 10.0, FALLBACK).parse_remote("they took my passport")
    assert parse.intent in INTENTS
    assert 0.0 <= parse.confidence <= 1.0
