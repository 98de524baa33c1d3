"""Small factories shared by the tests: senders, events, a keyword interpreter."""

from collections.abc import Mapping
from typing import Any

from typing import TYPE_CHECKING

from bot.core.events import ButtonPress, Command, LocationShared, Sender, Text
from bot.storage.store import NewAlert, NewReport
from nlu.types import Parse

if TYPE_CHECKING:
    from bot.app import SafePassage


def sender(user: str = "u1", lang_code: str | None = None, channel: str = "test") -> Sender:
    """A sender in a private chat."""
    return Sender(channel, user, user, lang_code)


def text(body: str, user: str = "u1", lang_code: str | None = None, mid: str | None = None) -> Text:
    """A typed message."""
    return Text(sender(user, lang_code), body, mid)


def press(payload: str, user: str = "u1") -> ButtonPress:
    """A button press."""
    return ButtonPress(sender(user), payload)


def command(name: str, arg: str = "", user: str = "u1", lang_code: str | None = None) -> Command:
    """A slash command."""
    return Command(sender(user, lang_code), name, arg)


class KeywordInterpreter:
    """Maps a message to an intent when it contains a keyword; out_of_scope otherwise."""

    def __init__(self, keywords: Mapping[str, tuple[str, float]] | None = None) -> None:
        self.keywords = dict(keywords or {})

    def parse(self, text: str, lang: str | None = None) -> Parse:
        """The first keyword found decides the intent."""
        low = text.casefold()
        for word, (intent, conf) in self.keywords.items():
            if word in low:
                return Parse(text, intent, conf, lang=lang)
        return Parse(text, "out_of_scope", 0.9, lang=lang)


def fake_report(facts: Mapping[str, Any]) -> NewReport:
    """One P2 report with one alert to a fixed operator chat."""
    ref = str(facts.get("ref", "SP-TEST"))
    return NewReport(ref, "P2", ("held",), dict(facts),
                     (NewAlert("ops", "chat-ops", {"text": "alert", "reasons": ["held"]}),))


def file_report(app: "SafePassage", who: Sender, contact: str = "yes") -> str:
    """File a report through the harness's small distress flow; returns its case ref.

    Answering "yes" to being contacted schedules a follow-up (the flow never asks whether
    the phone is checked).
    """
    app.process(Command(who, "help"))
    app.process(LocationShared(who, 16.69, 98.51))
    app.process(ButtonPress(who, "f:distress:consent:yes"))
    app.process(ButtonPress(who, f"f:distress:contact:{contact}"))
    state = app.store.load_state(f"{who.channel}:{who.user_id}")
    assert state is not None and "ref" in state.slots
    return state.slots["ref"]


def english_texts() -> dict[str, str]:
    """The English catalogue: message id -> source text."""
    from pathlib import Path

    from babel.messages.pofile import read_po

    po = Path(__file__).resolve().parent.parent / "locales" / "en" / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as handle:
        return {m.id: m.string for m in read_po(handle)
                if m.id and isinstance(m.id, str) and isinstance(m.string, str)}
