"""The jsonl channel: the line protocol, bad lines, and conversations continued across runs."""

import io
import json
from typing import Any

from bot.app import SafePassage, build_engine, open_store
from bot.channels.jsonl import JsonlChannel
from bot.settings import Settings
from tests.factories import fake_report
from tests.factories import KeywordInterpreter


def run(app: SafePassage, *lines: Any) -> list[dict[str, Any]]:
    out = io.StringIO()
    raw = [line if isinstance(line, str) else json.dumps(line) for line in lines]
    JsonlChannel(app, out).run(io.StringIO("\n".join(raw) + "\n"))
    return [json.loads(line) for line in out.getvalue().splitlines()]


def messages(out: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [o for o in out if o.get("type") == "message"]


def test_a_conversation_uses_the_documented_fields(app: SafePassage) -> None:
    out = run(app, {"user": "u1", "text": "/start", "lang_code": "th"})
    first = messages(out)[0]
    assert {"user", "type", "text", "buttons", "lang"} <= set(first)
    assert first["user"] == "u1" and first["lang"] == "th" and first["text"]
    picker = messages(out)[-1]
    assert {"label": "ไทย", "payload": "g:lang:th"} in picker["buttons"]


def test_buttons_and_locations_drive_the_flow(app: SafePassage) -> None:
    out = run(app, {"user": "u2", "button": "g:help"},
              {"user": "u2", "button": "f:distress:safe_now:yes"},
              {"user": "u2", "location": [16.69, 98.51]})
    assert all(m["protect"] for m in messages(out))
    assert len(messages(out)) == 3


def test_bad_lines_get_error_lines_and_the_run_goes_on(app: SafePassage) -> None:
    out = run(app, "", "not json", "[1,2]", {"text": "no user"}, {"user": "u3"},
              {"user": "u3", "location": [999, 1]}, {"user": "u3", "button": "x" * 100},
              {"user": "u3", "text": "hi", "mood": "happy"},
              {"user": "u3", "text": "x" * 1_000_000},
              {"user": "u3", "text": "\x00\x01\x02"}, {"user": "u3", "button": "f:nope:a:b"})
    errors = [o for o in out if o["type"] == "error"]
    assert [e["line"] for e in errors] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert "unknown fields ignored: mood" in errors[-1]["error"]
    assert len(messages(out)) >= 4  # the unknown-field line, huge text, control chars, bad button


def test_two_runs_continue_one_conversation(settings: Settings, fixture_flows: Any) -> None:
    def fresh_app() -> SafePassage:
        engine = build_engine(settings, KeywordInterpreter(), None, None, flows_dir=fixture_flows)
        return SafePassage(engine, open_store(settings), fake_report, settings)

    run(fresh_app(), {"user": "u4", "button": "g:help"})
    out = run(fresh_app(), {"user": "u4", "button": "f:distress:safe_now:yes"})
    assert messages(out)[0]["buttons"][-1]["payload"] == "g:skip"
    assert "button.stale" not in json.dumps(out)


def test_quick_exit_emits_a_delete_with_every_tracked_id(app: SafePassage) -> None:
    out = run(app, {"user": "u5", "text": "hello", "message_id": "in-1"},
              {"user": "u5", "text": "/x", "message_id": "in-2"})
    sent = [m["message_id"] for m in messages(out)[:-1]]
    [delete] = [o for o in out if o["type"] == "delete"]
    assert set(delete["message_ids"]) == {"in-1", "in-2", *sent}
    assert messages(out)[-1]["buttons"] == []
    assert [o for o in out if o["type"] == "cancel_follow_ups"] == [
        {"user": "u5", "type": "cancel_follow_ups"}]  # the integrator withdraws its check-ins
