"""Flow actions of the triage flows: the report filed and its follow-up."""

from typing import TYPE_CHECKING, cast

import pytest

from bot.core.events import Action, FileReport, Msg, ScheduleFollowUp
from bot.core.state import Position, State
from bot.core.turn import Turn
from bot.i18n import translator
from bot.triage.actions import FOLLOW_UP_SECONDS, begin_report, file_report
from nlu.languages import LAUNCH_LANGUAGES
from tests.factories import text

if TYPE_CHECKING:
    from bot.core.engine import Engine

# Words of the old follow-up ("a check-in about case SP-...") and of "report" that tell whoever
# holds the phone that a report was made.
REVEALING = {
    "en": ("case", "report", "sp-"), "th": ("เคส", "รายงาน"), "vi": ("hồ sơ", "báo cáo"),
    "id": ("kasus", "laporan"), "ms": ("kes ", "laporan"), "fil": ("case", "ulat", "report"),
    "km": ("ករណី", "របាយការណ៍"), "my": ("ကိစ္စ", "တိုင်ကြား"), "lo": ("ເລື່ອງ", "ລາຍງານ"),
    "zh_Hans": ("编号", "案", "报告"), "zh_Hant": ("編號", "案", "報告"),
}


def filed(**slots: str) -> list[Action]:
    state = State("test:u1", lang="en", slots=slots, position=Position("distress", "file"))
    turn = Turn(state, text("x"), now=1.0, token=42)
    file_report(turn, cast("Engine", None))
    return turn.actions


def follow_ups(actions: list[Action]) -> list[ScheduleFollowUp]:
    return [a for a in actions if isinstance(a, ScheduleFollowUp)]


def test_a_follow_up_is_scheduled_only_for_someone_who_agreed_on_a_private_phone() -> None:
    actions = filed(contact_ok="yes", phone_checked="no")
    (report,) = [a for a in actions if isinstance(a, FileReport)]
    (follow_up,) = follow_ups(actions)
    assert follow_up.after_seconds == FOLLOW_UP_SECONDS
    # The channel matches the follow-up to the report by this parameter; the text never shows it.
    assert follow_up.text.params["ref"] == report.report["ref"]
    assert follow_ups(filed(contact_ok="no")) == []
    assert follow_ups(filed(contact_ok="yes", phone_checked="yes")) == []
    assert follow_ups(filed(contact_ok="yes", phone_checked="unknown")) == []


@pytest.mark.parametrize("lang", LAUNCH_LANGUAGES)
def test_the_follow_up_text_does_not_reveal_that_a_report_was_made(lang: str) -> None:
    shown = translator(lang).render(Msg("followup.report", {"ref": "SP-7K3Q9"}))
    assert "7K3Q9" not in shown and "{" not in shown
    assert "/help" in shown and "/x" in shown  # the way back and the way to hide the chat
    assert [w for w in REVEALING[lang] if w in shown.lower()] == [], lang


def begun(flow: str, **slots: str) -> dict[str, str]:
    state = State("test:u1", lang="en", slots=slots, position=Position(flow, "first"))
    turn = Turn(state, text("x"), now=1.0)
    begin_report(turn, cast("Engine", None))
    return dict(turn.state.slots)


MINE = {"nationality": "VN", "location_country": "VN", "location": "10.8,106.6"}


def test_a_report_for_someone_does_not_take_the_writers_own_place_or_nationality() -> None:
    # A mother at home in Viet Nam looked up numbers, then reports her son held in Cambodia.
    assert begun("report_other", **MINE, ref="SP-OLD") == {"report_subject": "other",
                                                           "ref": "SP-OLD"}


def test_ones_own_report_keeps_what_one_said_about_oneself() -> None:
    assert begun("distress", **MINE) == {**MINE, "report_subject": "self"}


def test_ones_own_report_does_not_take_a_relatives_facts() -> None:
    relative = {"location_country": "KH", "nationality": "VN", "held": "yes"}
    assert begun("distress", **relative, report_subject="other") == {"report_subject": "self"}
