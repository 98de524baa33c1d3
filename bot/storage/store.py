"""The SQL store: conversation state, reports, the alert outbox and the audit log.

One turn's state, any report it files and any follow-up it schedules are committed in one
transaction, so neither is lost on a crash. Alerts are claimed (pending -> sending) before a
send, so two workers never send the same alert (follow-ups: :mod:`bot.storage.followups`).
Ids of messages the bot sent are appended to the conversation in the background
(:meth:`SqlStore.append_sent`); the next turn loads them with its state.
"""

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    Engine, Table, Text, bindparam, case, delete, func, null, select, update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, sessionmaker

from bot.core.state import State
from bot.storage.audit import record_audit, utcnow
from bot.storage.crypto import Vault
from bot.storage.followups import (
    FollowUpOutbox, NewFollowUp, add_follow_ups, withdraw_follow_ups,
)
from bot.storage.models import Alert, AuditEntry, Conversation, Report, User

__all__ = ["AlertStatus", "Loaded", "NewAlert", "NewReport", "PendingAlert", "SqlStore", "utcnow"]
#: Core-level table: the sent-id flush is one executemany UPDATE, not an ORM bulk update.
CONVERSATIONS = cast(Table, Conversation.__table__)
SENT = CONVERSATIONS.c.sent_enc


@dataclass(frozen=True)
class NewAlert:
    """An alert to queue for one partner."""

    partner_id: str
    destination: str
    payload: Mapping[str, Any]


@dataclass(frozen=True)
class NewReport:
    """A report to store together with its alerts."""

    ref: str
    priority: str
    reasons: tuple[str, ...]
    payload: Mapping[str, Any]
    alerts: tuple[NewAlert, ...] = ()


@dataclass(frozen=True)
class PendingAlert:
    """A claimed alert, decrypted, ready to send."""

    id: int
    report_ref: str
    partner_id: str
    destination: str
    priority: str
    payload: Mapping[str, Any]
    attempts: int


@dataclass(frozen=True)
class Loaded:
    """A conversation as a turn loads it: the state (with the sent ids merged in) and the
    batches of sent ids it merged, which the turn's commit removes from the row."""

    state: State | None
    sent_enc: str | None = None


@dataclass(frozen=True)
class AlertStatus:
    """An alert's delivery and handling state (no personal data)."""

    id: int
    partner_id: str
    status: str
    attempts: int
    acked_by: str | None = None
    closed_by: str | None = None
    extra: Mapping[str, str] = field(default_factory=dict)


class SqlStore:
    """Store over SQLAlchemy; the same code serves SQLite and PostgreSQL."""

    def __init__(self, engine: Engine, vault: Vault) -> None:
        self.engine = engine
        self.vault = vault
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self.follow_ups = FollowUpOutbox(self._sessions, vault)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction: committed on success, rolled back on any error."""
        with self._sessions.begin() as session:
            yield session

    # -- conversation state --------------------------------------------------------------
    def load_state(self, user_key: str) -> State | None:
        """The saved state, or None for a new user."""
        return self.load_turn(user_key).state

    def load_turn(self, user_key: str) -> Loaded:
        """The saved state with the sent ids stored since, in one query."""
        query = select(Conversation.state_enc, Conversation.sent_enc).where(
            Conversation.user_id == self.vault.pseudonym(user_key))
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            return Loaded(None)
        state = State.from_json(self.vault.open(row.state_enc))
        if not row.sent_enc:
            return Loaded(state)
        ids = [str(i) for batch in row.sent_enc.split(",") if batch
               for i in self.vault.open(batch.encode("ascii"))]
        return Loaded(state.with_message_ids(ids), row.sent_enc)

    def append_sent(self, batch: Mapping[str, Sequence[str]]) -> None:
        """Add ids of messages the bot sent to their users' conversations, in one transaction.

        Appended in SQL (no read), each user's batch encrypted; a user without a conversation
        (forgotten) is skipped.
        """
        rows = [{"uid": self.vault.pseudonym(key), "batch": self.vault.seal(list(ids)).decode()}
                for key, ids in batch.items() if ids]
        if not rows:
            return
        stmt = update(CONVERSATIONS).where(
            CONVERSATIONS.c.user_id == bindparam("uid")
        ).values(sent_enc=func.coalesce(SENT + ",", "") + bindparam("batch", type_=Text))
        with self.engine.begin() as conn:
            conn.execute(stmt, rows)

    def save_state(self, state: State) -> None:
        """Persist the state of one conversation."""
        self.commit_turn(state, ())

    def commit_turn(self, state: State, reports: Sequence[NewReport],
                    before: State | None = None, *, follow_ups: Sequence[NewFollowUp] = (),
                    cancel_follow_ups: bool = False, merged_sent: str | None = None) -> list[int]:
        """Save the state, file reports with their alerts and queue (or first withdraw)
        follow-ups, atomically; returns report ids.

        ``before`` is the state loaded at the start of the turn: when the user's row would not
        change, it is not written again. ``merged_sent`` is :attr:`Loaded.sent_enc`: those ids
        are in ``state`` now, so they leave the row (batches appended since then stay).
        """
        now = utcnow()
        uid = self.vault.pseudonym(state.user_key)
        user = {"id": uid, "channel": state.user_key.split(":", 1)[0], "language": state.lang,
                "opted_in": state.slots.get("contact_ok") == "yes", "created_at": now,
                "updated_at": now}
        conv = {"user_id": uid, "state_enc": self.vault.seal(state.to_json()), "version": 1,
                "updated_at": now}
        unchanged = before is not None and before.lang == state.lang and (
            before.slots.get("contact_ok") == state.slots.get("contact_ok"))
        sent = {"sent_enc": _sent_left(merged_sent)} if merged_sent else {}
        with self.session() as s:
            if not unchanged:
                s.execute(self._upsert(User, user, ("id",),
                                       ("language", "opted_in", "updated_at")))
            s.execute(self._upsert(Conversation, conv, ("user_id",), ("state_enc", "updated_at"),
                                   sent))
            if cancel_follow_ups:
                withdraw_follow_ups(s, uid, now)
            add_follow_ups(s, self.vault, uid, follow_ups, now)
            return [self._add_report(s, uid, r, now) for r in reports]

    def _upsert(self, model: Any, values: dict[str, Any], keys: tuple[str, ...],
                update_cols: tuple[str, ...], extra: Mapping[str, Any] | None = None) -> Any:
        """INSERT ... ON CONFLICT DO UPDATE, in the dialect of the database in use."""
        dialect_insert = pg_insert if self.engine.dialect.name == "postgresql" else sqlite_insert
        stmt = dialect_insert(model).values(**values)
        return stmt.on_conflict_do_update(
            index_elements=list(keys),
            set_={**{c: stmt.excluded[c] for c in update_cols}, **(extra or {})})

    def _add_report(self, s: Session, uid: str, new: NewReport, now: datetime) -> int:
        report = Report(ref=new.ref, user_id=uid, priority=new.priority, reasons=list(new.reasons),
                        payload_enc=self.vault.seal(dict(new.payload)), created_at=now)
        s.add(report)
        s.flush()
        for alert in new.alerts:
            s.add(Alert(
                report_id=report.id, partner_id=alert.partner_id,
                destination_enc=self.vault.seal(alert.destination), priority=new.priority,
                payload_enc=self.vault.seal(dict(alert.payload)), status="pending", attempts=0,
                next_attempt_at=now, updated_at=now,
            ))
        record_audit(s, "bot", "report_filed", new.ref, {"priority": new.priority}, now)
        return report.id

    def forget_user(self, user_key: str) -> None:
        """Erase a user, their conversation and follow-ups; their reports stay for the
        partners, unlinked."""
        uid = self.vault.pseudonym(user_key)
        with self.session() as s:
            withdraw_follow_ups(s, uid, utcnow())
            s.execute(update(Report).where(Report.user_id == uid).values(user_id=None))
            s.execute(delete(Conversation).where(Conversation.user_id == uid))
            s.execute(delete(User).where(User.id == uid))
            record_audit(s, "user", "forget", uid[:8], {}, utcnow())

    def report_payload(self, ref: str) -> Mapping[str, Any] | None:
        """A stored report's decrypted content."""
        with self.session() as s:
            row = s.scalar(select(Report).where(Report.ref == ref))
            return self.vault.open(row.payload_enc) if row else None

    # -- alert outbox --------------------------------------------------------------------
    def claim_due_alerts(self, limit: int = 20, stale_after: float = 300.0) -> list[PendingAlert]:
        """Claim alerts that are due (and ones stuck in 'sending' after a crash)."""
        now = utcnow()
        with self.session() as s:
            s.execute(update(Alert).where(
                Alert.status == "sending", Alert.updated_at < now - timedelta(seconds=stale_after)
            ).values(status="pending"))
        claimed: list[PendingAlert] = []
        with self.session() as s:
            rows = s.execute(
                select(Alert, Report.ref).join(Report, Report.id == Alert.report_id)
                .where(Alert.status == "pending", Alert.next_attempt_at <= now)
                .order_by(Alert.priority, Alert.id).limit(limit)
            ).all()
            for alert, ref in rows:
                won = s.execute(update(Alert).where(Alert.id == alert.id, Alert.status == "pending")
                                .values(status="sending", updated_at=now))
                if won.rowcount == 1:  # type: ignore[attr-defined]
                    claimed.append(PendingAlert(
                        alert.id, ref, alert.partner_id, self.vault.open(alert.destination_enc),
                        alert.priority, self.vault.open(alert.payload_enc), alert.attempts + 1))
        return claimed

    def mark_sent(self, alert_id: int, external_ref: str = "") -> None:
        """Record a successful delivery."""
        now = utcnow()
        with self.session() as s:
            s.execute(update(Alert).where(Alert.id == alert_id).values(
                status="sent", sent_at=now, updated_at=now, external_ref=external_ref or None,
                attempts=Alert.attempts + 1, last_error=None))
            record_audit(s, "bot", "alert_sent", str(alert_id), {}, now)

    def mark_failed(self, alert_id: int, error_kind: str, retry_in: float, give_up: bool) -> None:
        """Record a failed attempt; retry later unless giving up."""
        now = utcnow()
        status = "failed" if give_up else "pending"
        with self.session() as s:
            s.execute(update(Alert).where(Alert.id == alert_id).values(
                status=status, attempts=Alert.attempts + 1, last_error=error_kind[:64],
                next_attempt_at=now + timedelta(seconds=retry_in), updated_at=now))
            record_audit(s, "bot", "alert_failed", str(alert_id), {"error": error_kind[:64]}, now)

    def alert_status(self, alert_id: int) -> AlertStatus | None:
        """An alert's current state."""
        with self.session() as s:
            row = s.get(Alert, alert_id)
            if row is None:
                return None
            return AlertStatus(row.id, row.partner_id, row.status, row.attempts,
                               row.acked_by, row.closed_by)

    def alerts_for(self, ref: str) -> list[AlertStatus]:
        """Every alert of one report."""
        with self.session() as s:
            rows = s.scalars(select(Alert).join(Report).where(Report.ref == ref).order_by(Alert.id))
            return [AlertStatus(r.id, r.partner_id, r.status, r.attempts, r.acked_by, r.closed_by)
                    for r in rows]

    def operator_action(self, alert_id: int, operator: str, action: str) -> bool:
        """Acknowledge or close an alert; every action (and every refusal) is audited."""
        now = utcnow()
        with self.session() as s:
            row = s.get(Alert, alert_id)
            if row is None or action not in ("ack", "close"):
                record_audit(s, operator, f"refused_{action}"[:32], str(alert_id), {}, now)
                return False
            if action == "ack":
                row.acked_by = row.acked_by or operator
            else:
                row.closed_by, row.status = operator, "closed"
            row.updated_at = now
            record_audit(s, operator, action, str(alert_id), {}, now)
            return True

    def audit(self, actor: str, action: str, subject: str, detail: Mapping[str, str]) -> None:
        """Add an audit entry (ids and codes only, never personal data)."""
        with self.session() as s:
            record_audit(s, actor, action, subject, detail, utcnow())

    def audit_entries(self, limit: int = 100) -> list[tuple[str, str, str]]:
        """The latest audit entries as (actor, action, subject)."""
        with self.session() as s:
            rows = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit))
            return [(r.actor, r.action, r.subject) for r in rows]


def _sent_left(merged: str) -> Any:
    """sent_enc after a turn took ``merged``: only the batches a flush appended since."""
    return case((SENT == merged, null()),
                (func.substr(SENT, 1, len(merged)) == merged, func.substr(SENT, len(merged) + 2)),
                else_=SENT)
