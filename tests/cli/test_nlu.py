"""Tests for ``python -m bot nlu parse|eval``."""

import argparse
import io
import json
from pathlib import Path

import pytest

from bot.cli import nlu
from nlu.types import Parse
from tests.nlu.fixtures import make_data_dir, write_yaml
from tests.nlu.fixtures.fake_rasa import fake_rasa


def parse_args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    nlu.register(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(["nlu", *argv])


@pytest.fixture
def dirs(tmp_path: Path) -> list[str]:
    return ["--data-dir", str(make_data_dir(tmp_path)), "--cache-dir", str(tmp_path / "cache")]


def test_register_sets_run_as_the_command(dirs: list[str]) -> None:
    args = parse_args("eval", "--folds", "3", *dirs)
    assert args.func is nlu.run
    assert (args.backend, args.folds, args.json) == ("embedded", 3, False)


def test_parse_writes_one_json_line_per_input_line(dirs: list[str]) -> None:
    args = parse_args("parse", "--lang", "en", *dirs)
    out = io.StringIO()
    text = "my son is stuck in cambodia, salary $1200\n\nthey took my passport\n"
    assert nlu.run_parse(args, io.StringIO(text), out) == 0
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["text"] for r in records] == ["my son is stuck in cambodia, salary $1200",
                                            "they took my passport"]
    first = records[0]
    assert set(first) == {"text", "lang", "intent", "confidence", "entities"}
    assert first["lang"] == "en"
    assert first["intent"] == "report_for_someone"
    assert {"entity": "salary", "value": "$1200", "start": 36, "end": 41} in first["entities"]


def test_parse_detects_the_language_when_not_given(dirs: list[str]) -> None:
    out = io.StringIO()
    nlu.run_parse(parse_args("parse", *dirs), io.StringIO("ช่วยด้วย\n"), out)
    lang = json.loads(out.getvalue())["lang"]
    assert lang in (None, "th")  # None only while the language detector is absent


def test_parse_reads_text_as_the_bot_does(dirs: list[str]) -> None:
    # Zawgyi is parsed (and echoed) as Unicode; the zero-width spaces Khmer keyboards put
    # between words are dropped, as the bot drops them.
    zawgyi = "\u103b\u1019\u1014\u1039\u1019\u102c"
    unicode = "\u1019\u103c\u1014\u103a\u1019\u102c"
    out = io.StringIO()
    nlu.run_parse(parse_args("parse", "--lang", "my", *dirs),
                  io.StringIO(f"{zawgyi}\n\u1787\u17bd\u1799\u200b\u1795\u1784\n"), out)
    texts = [json.loads(line)["text"] for line in out.getvalue().splitlines()]
    assert texts == [unicode, "\u1787\u17bd\u1799\u1795\u1784"]


def test_parse_with_the_rasa_backend(dirs: list[str]) -> None:
    with fake_rasa() as server:
        out = io.StringIO()
        args = parse_args("parse", "--backend", "rasa", "--rasa-url", server.url, "--lang", "en",
                          *dirs)
        nlu.run_parse(args, io.StringIO("help me in KK Park\n"), out)
    record = json.loads(out.getvalue())
    assert record["intent"] == "urgent_danger"
    assert record["entities"] == [{"entity": "place", "value": "KK Park", "start": 11, "end": 18}]


def test_eval_prints_the_tables(dirs: list[str]) -> None:
    out = io.StringIO()
    assert nlu.run_eval(parse_args("eval", "--folds", "2", *dirs), out) == 0
    text = out.getvalue()
    assert "2-fold" in text
    for lang in ("en", "th", "vi"):
        assert f"\n{lang} " in text
    assert "held_captive" in text and "latency" in text


def test_eval_json(dirs: list[str]) -> None:
    out = io.StringIO()
    nlu.run_eval(parse_args("eval", "--folds", "2", "--json", *dirs), out)
    report = json.loads(out.getvalue())
    assert report["folds"] == 2
    assert set(report["per_language"]) == {"en", "th", "vi"}
    assert 0.0 <= report["distress_recall"] <= 1.0
    assert set(report["dialogue"]) == {"reach_help", "straight_to_help", "asked"}


@pytest.mark.parametrize(("parse", "expected"), [
    (Parse("x", "urgent_danger", 0.9), "help"),
    (Parse("x", "report_for_someone", 0.95), "help"),
    (Parse("x", "held_captive", 0.3), "ask"),
    (Parse("x", "ask_info", 0.9), "other"),
    (Parse("x", "out_of_scope", 0.2), "other"),
])
def test_dialogue_outcome_follows_the_shipped_rules(parse: Parse, expected: str) -> None:
    assert nlu.dialogue_outcome()(parse) == expected


def test_eval_with_the_rasa_backend_trains_per_fold_and_restores(dirs: list[str]) -> None:
    out = io.StringIO()
    with fake_rasa() as server:
        args = parse_args("eval", "--folds", "2", "--backend", "rasa", "--rasa-url", server.url,
                          "--json", *dirs)
        assert nlu.run_eval(args, out) == 0
        trainings = [p for m, p, _ in server.requests if p.startswith("/model/train")]
        last_load = [b for m, _, b in server.requests if m == "PUT"][-1]
    assert len(trainings) == 2
    assert json.loads(last_load) == {"model_file": "models/original.tar.gz"}
    report = json.loads(out.getvalue())
    assert report["examples"] > 0
    assert set(report["per_language"]) == {"en", "th", "vi"}


def test_eval_scores_a_held_out_set(dirs: list[str], tmp_path: Path) -> None:
    test_dir = tmp_path / "heldout"
    write_yaml(test_dir, "en/nlu.yml", "version: '3.1'\nnlu:\n- intent: held_captive\n"
               "  examples: |\n    - the boss locked us in and kept our passports\n")
    out = io.StringIO()
    args = parse_args("eval", "--test-dir", str(test_dir), "--json", *dirs)
    assert nlu.run_eval(args, out) == 0
    report = json.loads(out.getvalue())
    assert (report["folds"], report["examples"]) == (0, 1)
    assert set(report["per_language"]) == {"en"}


def test_eval_refuses_an_empty_held_out_set(dirs: list[str], tmp_path: Path) -> None:
    (tmp_path / "heldout" / "en").mkdir(parents=True)
    out = io.StringIO()
    args = parse_args("eval", "--test-dir", str(tmp_path / "heldout"), *dirs)
    assert nlu.run_eval(args, out) == 1
    assert "no held-out examples" in out.getvalue()


def test_eval_refuses_too_little_data(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    out = io.StringIO()
    args = parse_args("eval", "--data-dir", str(tmp_path), "--cache-dir", str(tmp_path))
    assert nlu.run_eval(args, out) == 1
    assert "not enough" in out.getvalue()
