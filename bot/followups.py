"""Deliver follow-ups: check-ins the engine scheduled for people who agreed to be contacted.

:class:`bot.app.SafePassage` stores them with the turn that scheduled them; a channel that
can write first (Telegram) sends the due ones from a periodic tick. Consent is checked again
at send time, and stop, quick exit and /forget withdraw them. A claimed follow-up is never
sent by two workers; one whose worker crashed before sending is sent after the lease. An
ambiguous failure (a timeout: the message may have arrived) is not retried, so nobody gets
the same check-in twice.
"""

import logging
from typing import TYPE_CHECKING, Protocol

from bot.core.events import Msg
from bot.core.state import State, user_key
from bot.outbox import DeliveryError, backoff
from bot.storage.followups import LEASE_SECONDS, PendingFollowUp

if TYPE_CHECKING:
    from bot.app import SafePassage

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


class FollowUpSender(Protocol):
    """Sends one follow-up in the user's language; returns the channel's message ids."""

    def send(self, follow_up: PendingFollowUp, lang: str) -> list[str]:
        """Deliver the follow-up or raise DeliveryError."""
        ...


def may_follow_up(state: State | None, text: Msg) -> bool:
    """Whether the person still agrees to be written to about this.

    Opted in: ``contact_ok`` is "yes", or the report the follow-up is about is still this
    conversation's (filing clears the answers but keeps ``ref``; the engine schedules a
    follow-up only with ``contact_ok`` "yes"; quick exit and /forget remove ``ref``).
    """
    if state is None or state.slots.get("contact_ok") == "no":
        return False
    ref = text.params.get("ref")
    same_report = isinstance(ref, str) and state.slots.get("ref") == ref
    return state.slots.get("contact_ok") == "yes" or same_report


def deliver_follow_ups(app: "SafePassage", sender: FollowUpSender, channel: str,
                       max_attempts: int = MAX_ATTEMPTS,
                       stale_after: float = LEASE_SECONDS) -> int:
    """Send every due follow-up of ``channel`` once; returns how many were delivered."""
    outbox = app.store.follow_ups
    delivered = 0
    for follow_up in outbox.claim_due(channel, stale_after=stale_after):
        state = app.store.load_state(user_key(follow_up.sender))
        if state is None or not may_follow_up(state, follow_up.text):
            outbox.finish(follow_up.id, "withdrawn")
            continue
        try:
            ids = sender.send(follow_up, state.lang or app.settings.default_language)
        except DeliveryError as exc:
            _failed(app, follow_up, exc.kind, exc.permanent, exc.retry_after, max_attempts)
            continue
        except Exception as exc:  # unknown failures are retried, never dropped at once
            log.exception("follow-up %s delivery crashed", follow_up.id)
            _failed(app, follow_up, type(exc).__name__, False, None, max_attempts)
            continue
        outbox.finish(follow_up.id, "sent")
        app.note_sent(follow_up.sender, ids)
        delivered += 1
    return delivered


def _failed(app: "SafePassage", follow_up: PendingFollowUp, kind: str, permanent: bool,
            retry_after: float | None, max_attempts: int) -> None:
    log.warning("follow-up %s not delivered (%s), attempt %s", follow_up.id, kind,
                follow_up.attempts)
    if permanent or follow_up.attempts >= max_attempts:
        app.store.follow_ups.finish(follow_up.id, "failed", kind)
    else:
        wait = retry_after if retry_after is not None else backoff(follow_up.attempts)
        app.store.follow_ups.retry(follow_up.id, kind, wait)
