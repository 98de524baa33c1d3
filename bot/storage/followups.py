"""Follow-ups in the database: an outbox of check-ins for people who agreed to be contacted.

Rows are added in the transaction of the turn that scheduled them, so a crash never loses
one. A sender claims due rows (pending -> sending) before sending, so two ticks or two
workers never send the same one; a claim older than the lease (its worker crashed) is taken
again. A row is deleted once sent, withdrawn or given up: no personal data outlives its use.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.core.events import Msg, Sender
from bot.storage.audit import record_audit, utcnow
from bot.storage.crypto import Vault
from bot.storage.models import FollowUp

#: Seconds after which a claim is presumed dead (a send takes at most a couple of minutes).
LEASE_SECONDS = 300.0


@dataclass(frozen=True)
class NewFollowUp:
    """A follow-up to store with a turn: to whom, what, and when."""

    sender: Sender
    text: Msg
    due_at: datetime


@dataclass(frozen=True)
class PendingFollowUp:
    """A claimed follow-up, decrypted, ready to send; ``attempts`` counts this one."""

    id: int
    sender: Sender
    text: Msg
    attempts: int


def add_follow_ups(s: Session, vault: Vault, uid: str, new: Sequence[NewFollowUp],
                   now: datetime) -> None:
    """Queue follow-ups in the caller's transaction."""
    for item in new:
        payload = {"sender": _sender_json(item.sender), "msg": _msg_json(item.text)}
        s.add(FollowUp(user_id=uid, channel=item.sender.channel[:16],
                       payload_enc=vault.seal(payload), status="pending", attempts=0,
                       due_at=item.due_at, updated_at=now))


def withdraw_follow_ups(s: Session, uid: str, now: datetime) -> int:
    """Withdraw every follow-up of one user in the caller's transaction; returns how many."""
    gone = s.execute(delete(FollowUp).where(FollowUp.user_id == uid)).rowcount  # type: ignore[attr-defined]
    if gone:
        record_audit(s, "bot", "follow_ups_cancelled", uid[:8], {"count": str(gone)}, now)
    return int(gone)


class FollowUpOutbox:
    """Claims, finishes and retries stored follow-ups."""

    def __init__(self, sessions: sessionmaker[Session], vault: Vault) -> None:
        self._sessions = sessions
        self.vault = vault

    def claim_due(self, channel: str, limit: int = 20, stale_after: float = LEASE_SECONDS,
                  now: datetime | None = None) -> list[PendingFollowUp]:
        """Claim due follow-ups of one channel (and ones stuck in 'sending' after a crash)."""
        now = now or utcnow()
        with self._sessions.begin() as s:
            s.execute(update(FollowUp).where(
                FollowUp.status == "sending",
                FollowUp.updated_at < now - timedelta(seconds=stale_after),
            ).values(status="pending"))
        with self._sessions.begin() as s:
            rows = s.scalars(
                select(FollowUp).where(FollowUp.status == "pending", FollowUp.channel == channel,
                                       FollowUp.due_at <= now)
                .order_by(FollowUp.due_at, FollowUp.id).limit(limit)).all()
            claimed = []
            for row in rows:
                # Counted when claimed, so one that keeps crashing its worker is given up.
                attempts = row.attempts + 1
                won = s.execute(update(FollowUp).where(
                    FollowUp.id == row.id, FollowUp.status == "pending",
                ).values(status="sending", attempts=attempts, updated_at=now))
                if won.rowcount == 1:  # type: ignore[attr-defined]
                    claimed.append(self._pending(row, attempts))
            return claimed

    def _pending(self, row: FollowUp, attempts: int) -> PendingFollowUp:
        payload = self.vault.open(row.payload_enc)
        return PendingFollowUp(row.id, _sender_from(payload["sender"]),
                               _msg_from(payload["msg"]), attempts)

    def finish(self, follow_up_id: int, outcome: str, error_kind: str = "") -> None:
        """Delete a claimed follow-up: ``sent``, ``withdrawn`` (no consent now) or ``failed``."""
        now = utcnow()
        detail = {"error": error_kind[:64]} if error_kind else {}
        with self._sessions.begin() as s:
            s.execute(delete(FollowUp).where(FollowUp.id == follow_up_id))
            record_audit(s, "bot", f"follow_up_{outcome}", str(follow_up_id), detail, now)

    def retry(self, follow_up_id: int, error_kind: str, retry_in: float) -> None:
        """Release a claimed follow-up after a failed attempt, due again in ``retry_in`` s."""
        now = utcnow()
        with self._sessions.begin() as s:
            s.execute(update(FollowUp).where(FollowUp.id == follow_up_id).values(
                status="pending", due_at=now + timedelta(seconds=retry_in),
                last_error=error_kind[:64], updated_at=now))
            record_audit(s, "bot", "follow_up_retry", str(follow_up_id),
                         {"error": error_kind[:64]}, now)

    def waiting(self, user_key: str | None = None) -> int:
        """How many follow-ups are stored (for one user, or all)."""
        query = select(func.count()).select_from(FollowUp)
        if user_key is not None:
            query = query.where(FollowUp.user_id == self.vault.pseudonym(user_key))
        with self._sessions() as s:
            return int(s.scalar(query) or 0)


def _sender_json(sender: Sender) -> dict[str, Any]:
    return {"channel": sender.channel, "user_id": sender.user_id, "chat_id": sender.chat_id,
            "lang_code": sender.lang_code}


def _sender_from(data: Mapping[str, Any]) -> Sender:
    lang = data.get("lang_code")
    return Sender(str(data["channel"]), str(data["user_id"]), str(data["chat_id"]),
                  str(lang) if lang is not None else None)


def _msg_json(msg: Msg) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for name, value in msg.params.items():
        if isinstance(value, Msg):
            params[name] = {"msg": _msg_json(value)}
        elif isinstance(value, str):
            params[name] = value
        else:  # a template renders through code: it cannot wait in the database
            raise TypeError(f"follow-up parameter {name!r} must be text or a message")
    return {"id": msg.id, "params": params}


def _msg_from(data: Mapping[str, Any]) -> Msg:
    params = {name: _msg_from(value["msg"]) if isinstance(value, dict) else str(value)
              for name, value in (data.get("params") or {}).items()}
    return Msg(str(data["id"]), params)
