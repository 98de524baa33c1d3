"""Flow actions of the distress, report-for-someone and contacts flows (pure)."""

from collections.abc import Mapping
from functools import partial
from typing import TYPE_CHECKING

from bot.core.actions import Action
from bot.core.events import M_, FileReport, Msg, ScheduleFollowUp, Template
from bot.core.turn import Turn
from bot.triage.alerts import make_case_ref
from bot.triage.contacts import contacts_for, render_contacts
from bot.triage.facts import ANSWER_SLOTS, ReportFacts
from bot.triage.priority import triage

if TYPE_CHECKING:
    from bot.core.engine import Engine

#: When to check on someone who agreed to be contacted (a day later).
FOLLOW_UP_SECONDS = 24 * 3600
#: Slots cleared once a report is filed, so a second report starts clean.
REPORT_SLOTS = frozenset({*ANSWER_SLOTS, "location", "place_name", "where", "own_words",
                          "evidence", "danger_check", "report_subject"})
#: The flow of a report about someone else; every other report flow is about the writer.
FOR_SOMEONE_FLOW = "report_other"


def begin_report(turn: Turn, _engine: "Engine") -> None:
    """Start a report's facts afresh when the ones held are about someone else.

    Answers are kept across flows so nobody is asked twice, but a report for a relative must
    not take the writer's own place, pin or nationality (given to the contacts flow or their
    own report), and the writer's own report must not take a relative's. Facts held when a
    report for someone starts are the writer's or an older report's, so they are dropped; a
    report of one's own keeps them unless they came from a report for someone.
    """
    subject = "other" if _for_someone(turn) else "self"
    if subject == "other" or turn.slot("report_subject") == "other":
        turn.set_slots(**{name: None for name in REPORT_SLOTS if turn.slot(name) is not None})
    turn.set_slots(report_subject=subject)


def file_report(turn: Turn, _engine: "Engine") -> None:
    """Triage the answers, hand the report to the app layer, and show the case reference."""
    intents = sorted(f[7:] for f in turn.state.flags if f.startswith("intent:"))
    ref = make_case_ref(turn.token or int(turn.now * 1000))
    slots = dict(turn.state.slots)
    for_someone = _for_someone(turn)
    facts = ReportFacts.from_slots(slots, ref=ref, lang=turn.lang, for_someone=for_someone,
                                   intents=intents)
    result = triage(facts)
    turn.act(FileReport({
        "ref": ref, "lang": turn.lang, "for_someone": for_someone, "slots": slots,
        "intents": intents, "priority": result.priority.value,
        "reasons": [r.code for r in result.reasons],
    }))
    # Only people who agreed are ever written to first, and never on a phone others check.
    # The text never shows the ref (someone else may read the phone); the channel uses the
    # parameter to tell whether the report is still this conversation's.
    if slots.get("contact_ok") == "yes" and slots.get("phone_checked") not in ("yes", "unknown"):
        turn.act(ScheduleFollowUp(FOLLOW_UP_SECONDS, Msg(M_("followup.report"), {"ref": ref})))
    turn.set_slots(**{name: None for name in REPORT_SLOTS if name in slots})
    for flag in [f for f in turn.state.flags if f.startswith("intent:")]:
        turn.state = turn.state.with_flag(flag, on=False)
    turn.set_slots(ref=ref)


def show_contacts(turn: Turn, _engine: "Engine") -> None:
    """Reply with the public numbers for the person's nationality and location."""
    found = contacts_for(turn.slot("nationality"), turn.slot("location_country"), turn.lang)
    turn.say(M_("contacts.list"), body=Template(partial(render_contacts, found)))


def clear_place(turn: Turn, _engine: "Engine") -> None:
    """The matched place was wrong: keep what the person typed, drop the match."""
    turn.set_slots(place_id=None, place_name=None, location_country=None)


def _for_someone(turn: Turn) -> bool:
    pos = turn.state.position
    return pos is not None and pos.flow == FOR_SOMEONE_FLOW


TRIAGE_ACTIONS: Mapping[str, Action] = {
    "begin_report": begin_report, "file_report": file_report, "show_contacts": show_contacts,
    "clear_place": clear_place,
}
