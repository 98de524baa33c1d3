"""The engine's turn order, flows, interruptions, buttons and bad input (fixture flows)."""

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from bot.core.actions import ACTIONS, Services
from bot.core.engine import Engine
from bot.core.events import (
    Action, DeleteMessages, Event, LocationShared, MediaShared, Reply, Unsupported,
)
from bot.core.flows import FLOWS_DIR, load_flows
from bot.core.rules import load_rules
from bot.core.state import Position, State
from bot.core.validators import VALIDATORS
from tests.factories import KeywordInterpreter, command, press, sender, text

FIXTURES = Path(__file__).parent / "fixtures" / "flows"
CORE_FLOWS = ("welcome", "menu", "language", "info", "forget", "danger_check")


class FakePlaces:
    """Knows one place, for the `place` validator and location pins."""

    def match_text(self, text: str) -> dict[str, str] | None:
        if "kk" not in text.lower():
            return None
        return {"id": "kk_park", "name": "KK Park", "country": "MM"}

    def near(self, lat: float, lon: float) -> dict[str, str] | None:
        return {"id": "myawaddy", "name": "Myawaddy", "country": "MM"}


@pytest.fixture
def flows_dir(tmp_path: Path) -> Path:
    for name in CORE_FLOWS:
        shutil.copy(FLOWS_DIR / f"{name}.yml", tmp_path)
    for path in FIXTURES.glob("*.yml"):
        shutil.copy(path, tmp_path)
    return tmp_path


@pytest.fixture
def engine(flows_dir: Path) -> Engine:
    interpreter = KeywordInterpreter({
        "passport": ("held_captive", 0.95), "maybe trouble": ("held_captive", 0.3),
        "delete": ("quick_exit", 0.95), "job": ("check_job_offer", 0.9),
        "hiring": ("job_ad_text", 0.9), "thank": ("thanks", 0.9), "yes": ("affirm", 0.9),
        "my friend told me": ("report_for_someone", 0.77), "hi there": ("greet", 0.9),
        "no": ("deny", 0.95), "dont know": ("deny", 0.95),  # as the model reads "不知道"
    })
    services = Services(places=FakePlaces(), code_words=frozenset({"sunflower"}),
                        says_unsure=lambda text: "dont know" in text)
    return Engine(load_flows(flows_dir, ACTIONS, VALIDATORS), load_rules(), interpreter,
                  services=services)


class Chat:
    """Drives the engine turn by turn, keeping state like the store would."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.state: State | None = None

    def send(self, event: Event) -> list[Action]:
        decision = self.engine.decide(self.state, event)
        self.state = decision.state
        return list(decision.actions)

    @property
    def position(self) -> Position | None:
        return self.state.position if self.state else None


def ids(actions: list[Action]) -> list[str]:
    return [a.text.id for a in actions if isinstance(a, Reply)]


def payloads(actions: list[Action]) -> list[str]:
    return [b.payload for a in actions if isinstance(a, Reply) for b in a.buttons]


def test_first_contact_greets_in_client_language_and_offers_picker(engine: Engine) -> None:
    chat = Chat(engine)
    out = chat.send(command("start", lang_code="th"))
    assert ids(out) == ["welcome.intro", "language.choose"]
    assert "g:lang:km" in payloads(out)
    assert chat.state and chat.state.lang == "th"


def test_choosing_a_language_opens_the_menu(engine: Engine) -> None:
    chat = Chat(engine)
    chat.send(command("start"))
    out = chat.send(press("g:lang:vi"))
    assert ids(out) == ["language.changed", "menu.prompt"]
    assert chat.state and chat.state.lang == "vi" and chat.state.lang_explicit
    assert chat.position == Position("menu", "main")


def test_distress_words_interrupt_any_flow_and_offer_to_resume(engine: Engine) -> None:
    chat = Chat(engine)
    chat.send(press("f:menu:main:job"))
    assert chat.position == Position("job_check", "intro")
    out = chat.send(text("they took my passport"))
    assert ids(out) == ["t.safe_now"]
    assert all(a.protect for a in out if isinstance(a, Reply))
    chat.send(press("f:distress:safe_now:no"))
    out = chat.send(press("g:resume"))
    assert chat.position == Position("job_check", "intro")
    assert ids(out) == ["t.intro"]


def test_help_command_button_and_code_word_all_open_help(engine: Engine) -> None:
    for event in (command("help"), press("g:help"), text("sunflower")):
        chat = Chat(engine)
        assert ids(chat.send(event)) == ["t.safe_now"], event


def test_distress_rule_does_not_restart_the_distress_flow(engine: Engine) -> None:
    chat = Chat(engine)
    chat.send(command("help"))
    chat.send(press("f:distress:safe_now:yes"))
    out = chat.send(text("near kk park, they took my passport"))
    assert ids(out) == ["t.confirm_place"]
    assert chat.state and chat.state.slots["place_id"] == "kk_park"
    assert "passport" in chat.state.slots["own_words"]


def test_help_inside_a_report_gives_the_numbers_then_the_way_back(engine: Engine) -> None:
    chat = Chat(engine)
    chat.send(command("help"))
    chat.send(press("f:distress:safe_now:yes"))
    out = chat.send(command("help"))
    assert chat.position is not None and chat.position.flow == "contacts"
    assert "fallback.not_understood" not in ids(out)
    assert chat.state and [p.flow for p in chat.state.resume] == ["distress"]


def test_location_pin_fills_the_step_and_routes(engine: Engine) -> None:
    chat = Chat(engine)
    chat.send(command("help"))
    chat.send(press("f:distress:safe_now:yes"))
    out = chat.send(LocationShared(sender(), 16.7, 98.5))
    assert ids(out) == ["t.count"]
    assert chat.state and chat.state.slots["location_country"] == "MM"


def test_a_pin_shared_before_the_location_question_skips_it(engine: Engine) -> None:
    chat = Chat(engine)
    chat.send(command("help"))
    out = chat.send(LocationShared(sender(), 16.7, 98.5))
    assert ids(out) == ["location.saved", "t.safe_now"]  # saved, and the question stands
    out = chat.send(press("f:distress:safe_now:yes"))
    assert ids(out) == ["t.count"]  # routed like a pin given as the answer
    assert chat.state and chat.state.slots["location"] == "16.70000,98.50000"


def test_another_flows_answer_in_the_same_slot_does_not_skip_the_location_question(
    engine: Engine,
) -> None:
    chat = Chat(engine)
    chat.send(press("f:menu:main:job"))
    chat.send(press("f:job_check:intro:questions"))
    chat.send(press("f:job_check:q_where:KH"))  # the job's destination, also slot `where`
    assert chat.state and chat.state.slots["where"] == "KH"
    chat.send(command("help"))
    out = chat.send(press("f:distress:safe_now:yes"))
    assert ids(out) == ["t.where"]


def test_skip_and_validation(engine: Engine) -> None:
    chat = Chat(engine)
    chat.send(command("help"))
    chat.send(press("f:distress:safe_now:yes"))
    chat.send(press("g:skip"))
    out = chat.send(text("many"))
    assert ids(out)[0] == "validate.number"
    out = chat.send(text("they took my passport too"))  # not a count, but a cry: kept
    assert ids(out) == ["report.words_saved", "t.count"]
    out = chat.send(text("three of us"))
    assert ids(out) == ["t.done"]
    assert chat.state and chat.state.slots["people_count"] == "3"
    assert chat.position is None


def test_stale_and_malformed_buttons_get_a_polite_answer(engine: Engine) -> None:
    chat = Chat(engine)
    chat.send(press("f:menu:main:job"))
    for bad in ("f:distress:count:7", "garbage", "f:menu:main", "f:nope:x:y", "g:lang:"):
        out = chat.send(press(bad))
        assert ids(out)[0] in ("button.stale", "language.unsupported"), bad
    assert chat.position == Position("job_check", "intro")


def test_menu_buttons_work_from_an_old_message(engine: Engine) -> None:
    chat = Chat(engine)
    chat.send(command("help"))
    out = chat.send(press("f:menu:main:info"))
    assert ids(out) == ["info.prompt"]


def test_job_ad_text_prefills_and_skips_the_paste_step(engine: Engine) -> None:
    chat = Chat(engine)
    chat.send(command("start"))
    out = chat.send(text("hiring customer service in Cambodia, free flight"))
    assert ids(out) == ["t.q_where"]
    assert chat.state and "Cambodia" in chat.state.slots["ad_text"]


def test_quick_exit_deletes_tracked_messages_and_forgets_answers(engine: Engine) -> None:
    chat = Chat(engine)
    chat.send(text("hello", mid="m1"))
    chat.send(text("they took my passport", mid="m2"))
    out = chat.send(command("x"))
    deletes = [a for a in out if isinstance(a, DeleteMessages)]
    assert deletes and set(deletes[0].message_ids) == {"m1", "m2"}
    assert ids(out) == ["quick_exit.neutral"]
    assert chat.state and chat.state.position is None and not chat.state.slots


def test_uncertain_distress_asks_a_yes_no_question(engine: Engine) -> None:
    chat = Chat(engine)
    out = chat.send(text("maybe trouble here"))
    assert ids(out) == ["danger_check.ask"]
    out = chat.send(text("yes"))
    assert ids(out) == ["t.safe_now"]


def test_fallback_shows_the_menu(engine: Engine) -> None:
    chat = Chat(engine)
    out = chat.send(text("blorp"))
    assert ids(out) == ["fallback.not_understood", "menu.prompt"]


@pytest.mark.parametrize("event", [
    text(""), text("   "), text("\x00\x07\x1b[31m"), text("🙂🙂🙂"), text("x" * 1_000_000),
    Unsupported(sender(), "sticker"), MediaShared(sender(), "photo", "file-1"),
])
def test_bad_input_gets_an_answer_never_an_exception(engine: Engine, event: Event) -> None:
    out = Chat(engine).send(event)
    assert ids(out), "every input gets a reply"


def test_a_position_in_a_flow_that_no_longer_exists_never_blocks_help(engine: Engine) -> None:
    chat = Chat(engine)
    chat.send(command("menu"))
    assert chat.state is not None
    chat.state = replace(chat.state, position=Position("retired_flow", "ask"))
    assert ids(chat.send(command("help"))) == ["t.safe_now"]
    assert chat.state and chat.state.resume == ()


def test_language_switch_keeps_the_conversation(engine: Engine) -> None:
    chat = Chat(engine)
    chat.send(command("help"))
    chat.send(press("f:distress:safe_now:yes"))
    out = chat.send(command("language", "km"))
    assert chat.state and chat.state.lang == "km"
    assert chat.position == Position("distress", "where")
    assert ids(out) == ["language.changed", "t.where"]


def test_language_picker_then_choice_returns_to_the_question(engine: Engine) -> None:
    chat = Chat(engine)
    chat.send(command("help"))
    chat.send(command("language"))
    out = chat.send(press("g:lang:id"))
    assert ids(out) == ["language.changed", "t.safe_now"]


def test_a_possible_cry_for_help_is_never_taken_as_an_answer(engine: Engine) -> None:
    chat = Chat(engine)
    chat.send(press("f:menu:main:job"))
    chat.send(press("f:job_check:intro:questions"))
    assert chat.position == Position("job_check", "q_where")
    out = chat.send(text("maybe trouble here"))  # distress, but the model is unsure
    assert ids(out) == ["danger_check.ask"]
    assert chat.state and "where" not in chat.state.slots


def test_no_to_the_danger_check_goes_back_to_the_question_it_interrupted(
        engine: Engine) -> None:
    chat = Chat(engine)
    chat.send(press("f:menu:main:job"))
    chat.send(press("f:job_check:intro:questions"))
    chat.send(text("maybe trouble here"))
    out = chat.send(press("f:danger_check:ask:no"))
    assert ids(out) == ["danger_check.not_now", "t.q_where"]
    assert chat.position == Position("job_check", "q_where")


def test_the_danger_check_takes_typed_replies_without_trapping_anyone(engine: Engine) -> None:
    def at_check() -> Chat:
        chat = Chat(engine)
        chat.send(press("f:menu:main:job"))
        chat.send(press("f:job_check:intro:questions"))
        assert ids(chat.send(text("maybe trouble here"))) == ["danger_check.ask"]
        return chat

    chat = at_check()  # the next answer to the job check, typed instead of tapping "no"
    assert ids(chat.send(text("a job offer"))) == ["prompt.menu_hint", "t.q_where"]
    chat = at_check()  # still doubtful words: kept, and the question stays
    assert ids(chat.send(text("maybe trouble here"))) == ["report.words_saved", "danger_check.ask"]
    chat = at_check()  # about someone else: their report
    chat.send(text("my friend told me"))
    assert chat.position is not None and chat.position.flow == "report_other"


def test_a_clear_cry_at_the_danger_check_never_comes_back_to_the_check(
        engine: Engine) -> None:
    chat = Chat(engine)
    chat.send(press("f:menu:main:job"))
    chat.send(text("maybe trouble here"))
    out = chat.send(text("they took my passport"))
    assert ids(out) == ["t.safe_now"]
    assert chat.state and [p.flow for p in chat.state.resume] == ["job_check"]


def test_no_to_the_danger_check_outside_a_flow_opens_the_menu(engine: Engine) -> None:
    chat = Chat(engine)
    chat.send(text("maybe trouble here"))
    out = chat.send(press("f:danger_check:ask:no"))
    assert ids(out) == ["danger_check.not_now", "menu.prompt"]


def test_a_reply_to_a_question_needs_more_to_start_a_report_for_someone(
        engine: Engine) -> None:
    chat = Chat(engine)
    chat.send(press("f:menu:main:job"))
    chat.send(press("f:job_check:intro:questions"))
    out = chat.send(text("my friend told me"))  # how they heard of the job, most likely
    assert ids(out) == ["danger_check.ask"]
    fresh = Chat(engine)  # the same words with no question waiting start the report
    fresh.send(text("my friend told me"))
    assert fresh.position is not None and fresh.position.flow == "report_other"


def test_words_the_model_reads_as_small_talk_never_drop_a_report(engine: Engine) -> None:
    chat = Chat(engine)
    chat.send(command("help"))
    assert chat.position == Position("distress", "safe_now")
    out = chat.send(text("hi there"))  # "在妙瓦底" (in Myawaddy) reads as a greeting
    assert ids(out) == ["report.words_saved", "t.safe_now"]
    assert chat.position == Position("distress", "safe_now")
    assert ids(Chat(engine).send(text("hi there"))) == ["menu.prompt"]  # outside a report


def test_i_dont_know_is_that_option_or_a_skip_never_a_no(engine: Engine) -> None:
    chat = Chat(engine)
    chat.send(command("help"))
    out = chat.send(text("dont know"))  # skippable, no "I don't know" option: skipped
    assert chat.state and "safe_now" not in chat.state.slots
    assert ids(out) == ["t.where"]
    check = Chat(engine)
    check.send(text("maybe trouble here"))
    check.send(text("dont know"))  # the danger check offers "I don't know": the numbers
    assert check.position is not None and check.position.flow == "contacts"
    job = Chat(engine)
    job.send(press("f:menu:main:job"))
    job.send(press("f:job_check:intro:questions"))
    job.send(text("dont know maybe trouble"))  # read as weak distress, as "មិនដឹង" is
    assert job.position is not None and job.position.flow == "job_check"
    cry = Chat(engine)
    cry.send(command("help"))
    cry.send(text("dont know, passport"))  # the model is sure: a cry for help, not a skip
    assert cry.position == Position("distress", "safe_now")


def test_words_a_report_step_cannot_take_are_kept_not_refused(engine: Engine) -> None:
    chat = Chat(engine)
    chat.send(text("they took my passport"))
    assert chat.position == Position("distress", "safe_now")
    out = chat.send(text("they beat people here, i am scared"))
    assert ids(out) == ["report.words_saved", "t.safe_now"]  # never "I didn't understand"
    assert chat.state and "i am scared" in chat.state.slots["own_words"]


def test_a_known_place_typed_where_a_place_was_asked_is_an_answer(engine: Engine) -> None:
    # Compound names lean to distress in the NLU; asked where a job is, they are the answer.
    chat = Chat(engine)
    chat.send(press("f:menu:main:job"))
    chat.send(press("f:job_check:intro:questions"))
    out = chat.send(text("maybe trouble kk"))
    assert ids(out) == ["t.result"]
    assert chat.state and chat.state.slots["where"] == "KK Park"
    assert "location_country" not in chat.state.slots  # where the job is, not the person


def test_a_clear_cry_for_help_naming_a_place_still_interrupts(engine: Engine) -> None:
    chat = Chat(engine)
    chat.send(press("f:menu:main:job"))
    chat.send(press("f:job_check:intro:questions"))
    assert chat.position == Position("job_check", "q_where")
    out = chat.send(text("they took my passport in kk"))
    assert ids(out)[-1] == "t.safe_now"
