"""Follow-ups end to end without Telegram: stored with the turn, delivered once after a restart
or a crashed worker, never after stop, quick exit or /forget, and consent checked at send time."""

import time
from collections.abc import Callable

import pytest

from bot.app import SafePassage
from bot.core.events import (
    ButtonPress, CancelFollowUps, Command, Event, Msg, ScheduleFollowUp, Sender,
)
from bot.core.state import State
from bot.followups import deliver_follow_ups, may_follow_up
from bot.outbox import DeliveryError
from bot.storage.followups import PendingFollowUp
from bot.triage.actions import FOLLOW_UP_SECONDS
from tests.factories import file_report

Start = Callable[[], SafePassage]
NAM = Sender("telegram", "4242", "4242", "vi")
KEY = "telegram:4242"


class Phone:
    """A FollowUpSender that records what it sends, or fails as told."""

    def __init__(self, fail: Exception | None = None) -> None:
        self.sent: list[tuple[str, object, str]] = []
        self.fail = fail

    def send(self, follow_up: PendingFollowUp, lang: str) -> list[str]:
        if self.fail is not None:
            raise self.fail
        self.sent.append((follow_up.sender.user_id, follow_up.text.params.get("ref"), lang))
        return [f"m{len(self.sent)}"]


def filed_a_day_ago(restartable: Start, who: Sender = NAM) -> str:
    """File a report whose follow-up is due now, in a process that then goes away."""
    first = restartable()
    first.clock = lambda: time.time() - FOLLOW_UP_SECONDS
    return file_report(first, who)


def test_a_follow_up_survives_a_restart_and_is_delivered_once(restartable: Start) -> None:
    ref = filed_a_day_ago(restartable)
    again, phone = restartable(), Phone()
    assert deliver_follow_ups(again, phone, "telegram") == 1
    assert deliver_follow_ups(again, phone, "telegram") == 0
    assert deliver_follow_ups(restartable(), phone, "telegram") == 0
    assert phone.sent == [("4242", ref, "vi")]  # in the conversation's language
    again.sent.flush()  # the check-in is tracked, so quick exit deletes it too
    state = again.store.load_state(KEY)
    assert state is not None and "m1" in state.message_ids


def test_a_crash_between_claim_and_send_does_not_send_twice(restartable: Start) -> None:
    filed_a_day_ago(restartable)
    restartable().store.follow_ups.claim_due("telegram")  # that worker dies before sending
    again, phone = restartable(), Phone()
    assert deliver_follow_ups(again, phone, "telegram") == 0  # its claim still holds
    assert deliver_follow_ups(again, phone, "telegram", stale_after=-1) == 1  # lease over
    assert deliver_follow_ups(again, phone, "telegram", stale_after=-1) == 0
    assert len(phone.sent) == 1


@pytest.mark.parametrize("events", [
    (Command(NAM, "x"),),
    (Command(NAM, "stop"),),
    (Command(NAM, "forget"), ButtonPress(NAM, "f:forget:confirm:yes")),
], ids=["quick exit", "stop", "forget"])
def test_no_follow_up_after_quick_exit_stop_or_forget(
    restartable: Start, events: tuple[Event, ...]
) -> None:
    filed_a_day_ago(restartable)
    app, phone = restartable(), Phone()
    for event in events:
        app.process(event)
    assert app.store.follow_ups.waiting(KEY) == 0
    assert deliver_follow_ups(app, phone, "telegram") == 0 and phone.sent == []


def test_consent_is_checked_again_at_send_time(restartable: Start) -> None:
    filed_a_day_ago(restartable)
    app, phone = restartable(), Phone()
    state = app.store.load_state(KEY)
    assert state is not None
    app.store.save_state(state.with_slots(contact_ok="no"))  # changed their mind
    assert deliver_follow_ups(app, phone, "telegram") == 0 and phone.sent == []
    assert app.store.follow_ups.waiting() == 0
    assert [a for _, a, _ in app.store.audit_entries()].count("follow_up_withdrawn") == 1


@pytest.mark.parametrize(("fail", "left"), [
    (DeliveryError("network"), 1),
    (RuntimeError("bug"), 1),
    (DeliveryError("forbidden", permanent=True), 0),
    (DeliveryError("timeout", permanent=True), 0),
])
def test_a_failed_send_is_retried_later_or_given_up(
    restartable: Start, fail: Exception, left: int
) -> None:
    filed_a_day_ago(restartable)
    app = restartable()
    assert deliver_follow_ups(app, Phone(fail), "telegram") == 0
    assert app.store.follow_ups.waiting() == left
    assert deliver_follow_ups(app, Phone(), "telegram") == 0  # not due again yet (or gone)


def test_the_last_attempt_gives_up(restartable: Start) -> None:
    filed_a_day_ago(restartable)
    app = restartable()
    deliver_follow_ups(app, Phone(DeliveryError("network", retry_after=-1)), "telegram",
                       max_attempts=2)
    assert app.store.follow_ups.waiting() == 1
    deliver_follow_ups(app, Phone(DeliveryError("network", retry_after=-1)), "telegram",
                       max_attempts=2)
    assert app.store.follow_ups.waiting() == 0


def test_only_channels_that_deliver_follow_ups_store_them(restartable: Start) -> None:
    app = restartable()
    file_report(app, Sender("jsonl", "j1", "j1"))
    assert app.store.follow_ups.waiting() == 0
    outcome = app.handle(Command(Sender("jsonl", "j1", "j1"), "stop"))
    assert any(isinstance(a, CancelFollowUps) for a in outcome.actions)
    file_report(app, NAM)
    assert app.store.follow_ups.waiting() == 1
    assert not [a for a in app.process(Command(NAM, "stop")) if isinstance(a, CancelFollowUps)]
    assert app.store.follow_ups.waiting() == 0


def test_the_filing_turn_hands_no_follow_up_to_telegram(restartable: Start) -> None:
    app = restartable()
    app.process(Command(NAM, "help"))
    app.process(ButtonPress(NAM, "g:skip"))
    app.process(ButtonPress(NAM, "f:distress:consent:yes"))
    actions = app.process(ButtonPress(NAM, "f:distress:contact:yes"))
    assert not [a for a in actions if isinstance(a, ScheduleFollowUp)]
    assert app.store.follow_ups.waiting(KEY) == 1


@pytest.mark.parametrize(("slots", "ref", "allowed"), [
    ({"contact_ok": "yes"}, "SP-1", True),
    ({"ref": "SP-1"}, "SP-1", True),  # filing cleared the answers, the report is still theirs
    ({"ref": "SP-2"}, "SP-1", False),
    ({"contact_ok": "no", "ref": "SP-1"}, "SP-1", False),
    ({}, "SP-1", False),  # quick exit cleared everything
])
def test_may_follow_up(slots: dict[str, str], ref: str, allowed: bool) -> None:
    text = Msg("followup.report", {"ref": ref})
    assert may_follow_up(State(KEY, slots=slots), text) is allowed
    assert may_follow_up(None, text) is False
