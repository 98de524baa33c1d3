"""Which language the bot answers in, turn by turn (``bot.core.language.settle``)."""

from dataclasses import replace

from bot.core.language import SWITCH_CONFIDENCE, settle
from bot.core.ports import LanguageGuess
from bot.core.state import State, user_key
from bot.core.turn import Turn
from tests.factories import text

# Clearly Indonesian or Malay, not clearly which ("tolong saya").
MALAY_FAMILY = LanguageGuess("ms", 0.52, 0.98)


def turn_for(lang_code: str | None, body: str = "tolong saya") -> Turn:
    event = text(body, lang_code=lang_code)
    return Turn(State(user_key=user_key(event.sender), chat_id=event.sender.chat_id), event)


def settled(guess: LanguageGuess | None, lang_code: str | None = "en", body: str = "tolong saya",
            **state: object) -> State:
    turn = turn_for(lang_code, body)
    turn.state = replace(turn.state, **state)  # type: ignore[arg-type]
    settle(turn, guess, "en")
    return turn.state


def test_without_evidence_the_client_language_is_used() -> None:
    assert settled(None, "th").lang == "th"
    assert settled(LanguageGuess(None, 0.3, 0.0), "th").lang == "th"
    assert settled(None, None).lang == "en"


def test_a_clear_detection_switches_and_is_remembered() -> None:
    state = settled(LanguageGuess("vi", 0.97, 0.97), "en", lang="en")
    assert state.lang == "vi"
    assert state.detected == ("vi",)


def test_a_weak_detection_changes_nothing() -> None:
    state = settled(LanguageGuess("fil", SWITCH_CONFIDENCE - 0.1, SWITCH_CONFIDENCE - 0.1),
                    "en", lang="en")
    assert state.lang == "en"
    assert state.detected == ()


def test_malay_family_text_is_answered_in_the_family_not_in_the_client_language() -> None:
    assert settled(MALAY_FAMILY, "en").lang == "ms"
    assert settled(MALAY_FAMILY, "en", lang="en").lang == "ms"


def test_names_alone_do_not_move_the_reply() -> None:
    assert settled(MALAY_FAMILY, "en", "Kuala Lumpur", lang="en").lang == "en"
    state = settled(LanguageGuess("vi", 0.98, 0.98), "en", "Ho Chi Minh", lang="en")
    assert (state.lang, state.detected) == ("en", ())
    assert settled(MALAY_FAMILY, "en", "Tolong saya", lang="en").lang == "ms"


def test_a_short_answer_to_a_question_asking_for_a_name_is_no_evidence() -> None:
    malay = LanguageGuess("ms", 0.93, 0.97)
    turn = turn_for("en", "Malaysia")
    turn.state = replace(turn.state, lang="en")
    settle(turn, malay, "en", expects_name=True)
    assert (turn.state.lang, turn.state.detected) == ("en", ())
    turn = turn_for("en", "saya tak tahu di mana")  # a sentence is evidence, whatever was asked
    turn.state = replace(turn.state, lang="en")
    settle(turn, malay, "en", expects_name=True)
    assert turn.state.lang == "ms"


def test_a_name_in_its_own_script_or_marks_is_evidence() -> None:
    for body, lang in (("กัมพูชา", "th"), ("Hồ Chí Minh", "vi"), ("柬埔寨", "zh_Hans")):
        turn = turn_for("en", body)
        turn.state = replace(turn.state, lang="en")
        settle(turn, LanguageGuess(lang, 0.99, 0.99), "en", expects_name=True)
        assert turn.state.lang == lang, body


def test_a_person_who_clearly_wrote_another_language_keeps_it() -> None:
    assert settled(MALAY_FAMILY, "en", lang="en", detected=("en",)).lang == "en"


def test_a_reply_language_already_in_the_family_is_kept() -> None:
    state = settled(MALAY_FAMILY, "id", lang="id")
    assert state.lang == "id"
    # Not clear enough about which of the two to count as the person's language.
    assert state.detected == ()


def test_an_explicit_choice_is_never_switched_by_detection() -> None:
    state = settled(MALAY_FAMILY, "en", lang="en", lang_explicit=True)
    assert state.lang == "en"
    state = settled(LanguageGuess("th", 0.99, 0.99), "en", lang="en", lang_explicit=True)
    assert state.lang == "en"
