"""Deliver stored alerts from the outbox with retries and backoff.

Alerts are written to the database in the same transaction as the report; this module only
sends what is stored, so a crash between storing and sending loses nothing, and a claimed
alert is never sent by two workers.
"""

import logging
from typing import Protocol

from bot.storage.store import PendingAlert, SqlStore

log = logging.getLogger(__name__)

MAX_BACKOFF = 3600.0


class DeliveryError(Exception):
    """A send failed; ``kind`` is a short code (never personal data)."""

    def __init__(self, kind: str, retry_after: float | None = None, permanent: bool = False):
        super().__init__(kind)
        self.kind = kind
        self.retry_after = retry_after
        self.permanent = permanent


class AlertSender(Protocol):
    """Sends one alert to its destination; returns the destination's message reference."""

    def send(self, alert: PendingAlert) -> str:
        """Deliver the alert or raise DeliveryError."""
        ...


def backoff(attempt: int) -> float:
    """Seconds to wait before the next attempt (exponential, capped)."""
    return min(5.0 * float(2 ** max(attempt - 1, 0)), MAX_BACKOFF)


def deliver_due(store: SqlStore, sender: AlertSender, max_attempts: int = 8) -> int:
    """Send every due alert once; returns how many were delivered."""
    delivered = 0
    for alert in store.claim_due_alerts():
        try:
            ref = sender.send(alert)
        except DeliveryError as exc:
            give_up = exc.permanent or alert.attempts >= max_attempts
            wait = exc.retry_after if exc.retry_after is not None else backoff(alert.attempts)
            store.mark_failed(alert.id, exc.kind, wait, give_up)
            log.warning("alert %s not delivered (%s), attempt %s",
                        alert.id, exc.kind, alert.attempts)
            continue
        except Exception as exc:  # unknown failures are retried, never dropped
            store.mark_failed(alert.id, type(exc).__name__, backoff(alert.attempts), False)
            log.exception("alert %s delivery crashed", alert.id)
            continue
        store.mark_sent(alert.id, ref)
        delivered += 1
    return delivered
