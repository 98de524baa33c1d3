"""Which language to answer in.

An explicit choice (``/language``, the picker) beats a stored preference, which beats detection
from the user's own messages (only with enough evidence), which beats the client's
``language_code``, which beats the default.

Two refinements for the region. Names are no evidence ("Malaysia" answering "where is the
job?" comes from English readers too). And a message clearly Indonesian or Malay, but not
clearly which, moves the reply into that pair: both read alike, and either reaches its writer
better than the English of their phone.
"""

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from bot.core.events import M_, Button, Event, Msg, Text
from bot.core.ports import LanguageGuess
from bot.core.state import State
from bot.core.turn import Turn
from nlu.languages import LAUNCH_LANGUAGES, normalize_language, read_alike

if TYPE_CHECKING:
    from bot.core.engine import Engine

#: Confidence a detection needs before it changes the reply language.
SWITCH_CONFIDENCE = 0.80
#: Confidence (on two messages in a row) before offering to leave an explicit choice.
OFFER_CONFIDENCE = 0.90
HISTORY = 5
#: Answers to a question asking for a name or a number (``validators.NON_LINGUISTIC``) up to
#: this many words are taken as names: "Ho Chi Minh", "Phnom Penh city".
NAME_WORDS = 3
_WORD = re.compile(r"[^\W\d_]+")
#: Pseudo message id rendered as a language's own name (from CLDR, not the catalogues).
LANGUAGE_NAME = "language.name"


def settle(turn: Turn, guess: LanguageGuess | None, default: str,
           expects_name: bool = False) -> None:
    """Update the conversation's language from this turn's evidence (``expects_name``: the
    current question asks for a place, a country, a nationality or a number)."""
    state = turn.state
    if guess and _names_only(turn.event, expects_name):
        guess = None
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
    elif guess and detected and _read_alike_switch(state, guess):
        state = replace(state, lang=detected)
    elif state.lang is None:
        state = replace(state, lang=client or default)
    turn.state = state


def _names_only(event: Event, expects_name: bool) -> bool:
    """Whether a message is only names, which say nothing of the language a person reads:
    "Malaysia" or "Ho Chi Minh" answering "where is the job?", or capitalised words alone
    ("Kuala Lumpur", "Nguyen Van An"). Only plain ASCII: a name typed in Thai or Chinese
    script, or with Vietnamese marks ("Hồ Chí Minh"), shows the keyboard the person uses."""
    if not isinstance(event, Text) or not event.text.isascii():
        return False
    words = _WORD.findall(event.text)
    if expects_name and len(words) <= NAME_WORDS:
        return True
    return len(words) >= 2 and all(w[0].isupper() and not w.isupper() for w in words)


def _read_alike_switch(state: State, guess: LanguageGuess) -> bool:
    """Whether a message clearly in a group of languages read alike (Indonesian, Malay) but
    not clearly in one of them should move the reply into the group: either reads better than
    the client's English to the people who write it. Not when the reply language is already in
    the group, and not once the person has clearly written another language."""
    group = read_alike(guess.lang or "")
    return (guess.readable >= SWITCH_CONFIDENCE and state.lang not in group
            and all(lang in group for lang in state.detected))


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
