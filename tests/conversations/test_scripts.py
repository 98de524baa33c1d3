"""Whole conversations as YAML scripts, run through the real engine, NLU and store.

Each script lists what the user sends and the message ids the bot must answer with, in
order; optionally the language (or languages) and protection of the replies, and the report
that ends up stored (priority, reasons, who it was routed to).
"""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import SecretStr

from bot.app import SafePassage, build_app
from bot.channels.jsonl import parse_line
from bot.core.events import Reply
from bot.core.state import user_key
from bot.i18n import translator
from bot.settings import Settings
from bot.storage.crypto import new_key
from bot.triage.partners import default_directory

SCRIPTS = sorted(Path(__file__).parent.glob("*.yml"))


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, interpreter: Any) -> Iterator[SafePassage]:
    var = tmp_path_factory.mktemp("var")
    settings = Settings(  # type: ignore[call-arg]
        var_dir=var, data_key=SecretStr(new_key()), _env_file=None,
        alert_destinations=SecretStr("default=-1001"),
    )
    yield build_app(settings, interpreter=interpreter)


def event_for(user: str, send: Any, lang_code: str | None) -> Any:
    line: dict[str, Any] = {"user": user, "lang_code": lang_code}
    if isinstance(send, str):
        line["text"] = send
    else:
        line.update(send)
    return parse_line(json.dumps(line))[0]


@pytest.mark.parametrize("script", SCRIPTS, ids=[p.stem for p in SCRIPTS])
def test_conversation_script(app: SafePassage, script: Path) -> None:
    data = yaml.safe_load(script.read_text(encoding="utf-8"))
    user, lang_code = data["user"], data.get("lang_code")
    sender, seen = None, set()
    for number, turn in enumerate(data["turns"], start=1):
        if data.get("stop_when") in seen:
            break
        event = event_for(user, turn["send"], lang_code)
        sender = event.sender
        outcome = app.handle(event)
        replies = [a for a in outcome.actions if isinstance(a, Reply)]
        seen |= {r.text.id for r in replies}
        check_turn(turn, replies, outcome.lang, f"{script.name} turn {number} ({turn['send']!r})")
    assert sender is not None
    if "stop_when" in data:
        assert data["stop_when"] in seen, f"{script.name}: never reached {data['stop_when']}"
    if "result_level" in data:
        state = app.store.load_state(user_key(sender))
        assert state and state.slots.get("risk_level") in data["result_level"]
    if "report" in data:
        check_report(app, sender, data["report"])


def check_turn(turn: dict[str, Any], replies: list[Reply], lang: str, where: str) -> None:
    ids = [r.text.id for r in replies]
    if "expect" in turn:
        assert ids == turn["expect"], where
    if "expect_first" in turn:
        assert ids and ids[0].startswith(turn["expect_first"]), (where, ids)
    if "lang" in turn:  # one language, or a list of acceptable ones
        expected = turn["lang"] if isinstance(turn["lang"], list) else [turn["lang"]]
        assert lang in expected, where
    if "protect" in turn:
        assert all(r.protect == turn["protect"] for r in replies), where
    texts = [translator(lang).render(r.text) for r in replies]
    for reply, text in zip(replies, texts, strict=True):
        assert text and text != reply.text.id and "{" not in text, where
    for needle in turn.get("contains", []):
        assert any(needle in text for text in texts), (where, needle)


def check_report(app: SafePassage, sender: Any, expected: dict[str, Any]) -> None:
    state = app.store.load_state(user_key(sender))
    assert state is not None and "ref" in state.slots, "a report was filed"
    payload = app.store.report_payload(state.slots["ref"])
    assert payload is not None
    assert payload["priority"] == expected["priority"]
    assert set(expected["reasons"]) <= set(payload["reasons"])
    kinds = {p.id: p.kind for p in default_directory().partners}
    routed = {kinds[pid] for pid in payload["routed"]}
    if expected.get("no_police"):
        assert "police" not in routed
    assert set(expected.get("routed_kinds", [])) <= routed
    assert payload.get("for_someone", False) == expected.get("for_someone", False)
    alerts = app.store.alerts_for(state.slots["ref"])
    assert [a.partner_id for a in alerts][:1] == ["default"], "the operators always hear"
