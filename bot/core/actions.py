"""Named actions that flow steps (``do:``) and rules run. Pure: they only change the turn."""

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from bot.core import language
from bot.core.events import M_, CancelFollowUps, DeleteMessages, ForgetUser, Msg, Reply
from bot.core.ports import Places
from bot.core.turn import Turn
from nlu.languages import normalize_language

if TYPE_CHECKING:
    from bot.core.engine import Engine

Action = Callable[[Turn, "Engine"], None]


@dataclass(frozen=True)
class Services:
    """Pure helpers and settings the actions need (injected by the composition root)."""

    places: Places | None = None
    code_words: frozenset[str] = frozenset()
    default_lang: str = "en"
    #: Whether a message says "I don't know" (see ``bot/unsure.py``).
    says_unsure: Callable[[str], bool] = lambda _text: False


def start(turn: Turn, engine: "Engine") -> None:
    """``/start``: welcome a new user (with the language picker), or show the menu."""
    event_arg = getattr(turn.event, "arg", "")
    if event_arg and normalize_language(event_arg.split("_")[0]) is None:
        campaign = "".join(c for c in event_arg if c.isalnum() or c in "-_")[:32]
        turn.set_slots(campaign=campaign or None)
    flow = "menu" if turn.state.lang_explicit else "welcome"
    engine.start_flow(turn, flow, interrupt=False)


def language_picker(turn: Turn, _engine: "Engine") -> None:
    """Show the language picker."""
    language.picker(turn)


def quick_exit(turn: Turn, _engine: "Engine") -> None:
    """Delete every tracked message of the chat, forget the answers, leave one neutral line."""
    ids = turn.state.message_ids
    turn.state = replace(turn.state, position=None, slots={}, resume=(), message_ids=())
    if ids:
        turn.act(DeleteMessages(ids))
    turn.act(CancelFollowUps())  # a check-in arriving later would give the chat away
    turn.reply(Reply(Msg(M_("quick_exit.neutral"))))


def stop(turn: Turn, _engine: "Engine") -> None:
    """Leave the current flow without deleting anything; nobody writes first after a stop."""
    turn.state = replace(turn.state, position=None, resume=())
    turn.act(CancelFollowUps())
    turn.say(M_("stop.done"))


def forget(turn: Turn, _engine: "Engine") -> None:
    """Erase the user's data (after they confirmed)."""
    ids = turn.state.message_ids
    turn.state = replace(
        turn.state, position=None, slots={}, resume=(), message_ids=(), detected=(),
        flags=frozenset(),
    )
    if ids:
        turn.act(DeleteMessages(ids))
    turn.act(CancelFollowUps())
    turn.act(ForgetUser())
    turn.say(M_("forget.done"))


ACTIONS: dict[str, Action] = {
    "start": start,
    "language_picker": language_picker,
    "quick_exit": quick_exit,
    "stop": stop,
    "forget": forget,
}
