"""Which language to answer in.

An explicit choice (``/language``, the picker) beats a stored preference, which beats detection
from the user's own messages (only with enough evidence), which beats the client's
``language_code``, which beats the default.
"""

from dataclasses import replace
from typing import TYPE_CHECKING

from bot.core.events import M_, Button, Msg
from bot.core.ports import LanguageGuess
from bot.core.turn import Turn
from nlu.languages import LAUNCH_LANGUAGES, normalize_language, read_alike

if TYPE_CHECKING:
    from bot.core.engine import Engine

#: Confidence a detection needs before it changes the reply language.
SWITCH_CONFIDENCE = 0.80
#: Confidence (on two messages in a row) before offering to leave an explicit choice.
OFFER_CONFIDENCE = 0.90
HISTORY = 5
#: Pseudo message id rendered as a language's own name (from CLDR, not the catalogues).
LANGUAGE_NAME = "language.name"


def settle(turn: Turn, guess: LanguageGuess | None, default: str) -> None:
    """Update the conversation's language from this turn's evidence."""
    state = turn.state
    detected, confidence = (guess.lang, guess.confidence) if guess else (None, 0.0)
    if detected and confidence >= SWITCH_CONFIDENCE:
        state = replace(state, detected=(*state.detected, detected)[-HISTORY:])
    client = normalize_language(turn.event.sender.lang_code)
    if state.lang_explicit:
        turn.state = state
        _maybe_offer(turn, detected, confidence)
        return
    if detected and confidence >= SWITCH_CONFIDENCE:
        state = replace(state, lang=detected)
    elif (guess and detected and guess.readable >= SWITCH_CONFIDENCE
          and (state.lang is None or state.lang not in read_alike(detected))):
        # Clearly Indonesian or Malay, not clearly which: either reads better than the
        # client's English; a reply language already in the group is kept.
        state = replace(state, lang=detected)
    elif state.lang is None:
        state = replace(state, lang=client or default)
    turn.state = state


def _maybe_offer(turn: Turn, detected: str | None, confidence: float) -> None:
    recent = turn.state.detected[-2:]
    flag = f"offered_lang:{detected}"
    if (not detected or detected == turn.state.lang or confidence < OFFER_CONFIDENCE
            or recent != (detected, detected) or flag in turn.state.flags):
        return
    turn.state = turn.state.with_flag(flag)
    label = Msg(LANGUAGE_NAME, {"code": detected})
    turn.say(M_("language.offer_switch"), (Button(label, f"g:lang:{detected}"),))


def choose(turn: Turn, code: str, engine: "Engine", quiet: bool = False) -> bool:
    """Apply an explicit language choice; the conversation's place is kept."""
    lang = normalize_language(code)
    if lang is None:
        if not quiet:
            turn.say(M_("language.unsupported"))
            picker(turn)
        return not quiet
    turn.state = replace(turn.state, lang=lang, lang_explicit=True)
    if quiet:
        return True
    turn.say(M_("language.changed"))
    pos = turn.state.position
    if pos is not None and pos.flow not in ("welcome", "language"):
        engine.reprompt(turn)
    else:
        engine.start_flow(turn, "menu", interrupt=False)
    return True


def picker(turn: Turn) -> None:
    """Show every launch language, each named in its own script."""
    buttons = tuple(
        Button(Msg(LANGUAGE_NAME, {"code": code}), f"g:lang:{code}") for code in LAUNCH_LANGUAGES
    )
    turn.say(M_("language.choose"), buttons)
