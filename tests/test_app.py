"""The application: a failing turn leaves state untouched and still answers."""

from collections.abc import Mapping
from typing import Any

from bot.app import SafePassage
from bot.core.events import Reply
from bot.core.state import user_key
from tests.factories import command, press, text


def test_a_crash_in_one_turn_never_corrupts_stored_state(app: SafePassage) -> None:
    app.process(press("f:menu:main:job"))
    before = app.store.load_state(user_key(press("x").sender))

    def broken(report: Mapping[str, Any]) -> Any:
        raise RuntimeError("report builder failed")

    original, app.engine.interpreter.parse = app.engine.interpreter.parse, None  # type: ignore[method-assign, assignment]
    try:
        out = app.process(text("hello"))
    finally:
        app.engine.interpreter.parse = original  # type: ignore[method-assign]
    assert [a.text.id for a in out if isinstance(a, Reply)] == ["error.generic"]
    assert any(b.payload == "g:help" for a in out if isinstance(a, Reply) for b in a.buttons)
    assert app.store.load_state(user_key(press("x").sender)) == before
    app.build_report = broken
    assert app.process(command("menu"))  # turns without reports still work


def test_forget_erases_the_conversation(app: SafePassage) -> None:
    app.process(text("hello", user="f1"))
    app.process(command("forget", user="f1"))
    out = app.process(press("f:forget:confirm:yes", user="f1"))
    assert [a.text.id for a in out if isinstance(a, Reply)] == ["forget.done"]
    assert app.store.load_state(user_key(press("x", user="f1").sender)) is None
