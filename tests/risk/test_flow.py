"""The job_check flow follows bot/flows/README.md and speaks the catalogue's answer codes."""

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.app import flow_registry
from bot.risk.catalogue import load_catalogue
from tests.factories import english_texts

ROOT = Path(__file__).resolve().parents[2]
FLOW = ROOT / "bot" / "flows" / "job_check.yml"
STEP_KEYS = {"say", "do", "options", "free_text", "intents", "slot", "skippable",
             "skip_when_filled", "location", "next", "routes"}
VALIDATORS = set(flow_registry()[1])


@pytest.fixture(scope="module")
def flow() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(FLOW.read_text(encoding="utf-8"))
    return data


def _questions(flow: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {n: s for n, s in flow["steps"].items() if n.startswith("q_")}


def test_flow_header_and_step_fields(flow: dict[str, Any]) -> None:
    assert flow["id"] == FLOW.stem and flow["start"] in flow["steps"]
    for name, step in flow["steps"].items():
        assert set(step) <= STEP_KEYS, name
        if step.get("free_text"):
            assert step["free_text"] in VALIDATORS, name
        waits = step.get("options") or step.get("free_text")
        assert not waits or step.get("slot"), name
        for option in step.get("options", []):
            assert set(option) <= {"label", "value", "next"}


def test_transitions_point_to_steps_or_flows(flow: dict[str, Any]) -> None:
    steps = flow["steps"]
    for name, step in steps.items():
        targets = [step.get("next"), *(o.get("next") for o in step.get("options", []))]
        for target in filter(None, targets):
            assert target in steps or target == "end" or target.startswith("flow:"), name


def test_paste_step_and_the_two_assess_actions(flow: dict[str, Any]) -> None:
    steps = flow["steps"]
    paste = steps["paste_ad"]
    assert (paste["free_text"], paste["slot"]) == ("job_ad", "ad_text")
    actions = [s.get("do") for s in steps.values()]
    assert actions.count("assess_job") == 2 and "show_job_result" in actions
    result = next(s for s in steps.values() if s.get("do") == "show_job_result")
    assert {o["next"] for o in result["options"]} == {"flow:contacts", "flow:menu"}


def test_questions_use_catalogue_codes_and_are_skippable(flow: dict[str, Any]) -> None:
    codes = load_catalogue().questions
    questions = _questions(flow)
    assert 1 <= len(questions) <= 10
    assert {q["slot"] for q in questions.values()} == set(codes)
    for name, step in questions.items():
        assert step["skippable"] is True and step["skip_when_filled"] is True, name
        assert step.get("free_text"), name
        values = [str(o["value"]) for o in step["options"]]
        assert values == list(codes[step["slot"]]), name
        for answer in (step.get("intents") or {}).values():
            assert answer in codes[step["slot"]], name


def test_every_message_id_has_short_english_text(flow: dict[str, Any]) -> None:
    texts = english_texts()
    for step in flow["steps"].values():
        says = step.get("say") or []
        for msgid in [says] if isinstance(says, str) else says:
            assert texts.get(msgid), msgid
        for option in step.get("options", []):
            assert 0 < len(texts[option["label"]]) < 30, option["label"]


def test_the_core_loader_accepts_the_flow() -> None:
    flows = pytest.importorskip("bot.core.flows")
    loaded = flows.load_flow(FLOW)
    assert loaded.id == "job_check"
