"""The audit log's writer and the store's clock, shared by the store's modules."""

from collections.abc import Mapping
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from bot.storage.models import AuditEntry


def utcnow() -> datetime:
    """The current time, timezone-aware."""
    return datetime.now(UTC)


def record_audit(s: Session, actor: str, action: str, subject: str,
                 detail: Mapping[str, str], now: datetime) -> None:
    """Add an audit entry in ``s`` (ids and codes only, never personal data)."""
    s.add(AuditEntry(at=now, actor=actor[:64], action=action[:32], subject=subject[:64],
                     detail=dict(detail)))
