"""Writing and reading a visit's audit trail."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.db.accounts import User
from scheduler.db.audit import AuditEntry


def record_audit(
    db: Session, visit_id: int, actor: User | None, action: str, detail: str, now: datetime
) -> None:
    db.add(
        AuditEntry(
            visit_id=visit_id, user_id=actor.id if actor else None, at=now, action=action, detail=detail
        )
    )


def list_audit(db: Session, visit_id: int) -> list[AuditEntry]:
    """Newest first."""
    query = select(AuditEntry).where(AuditEntry.visit_id == visit_id)
    return list(db.scalars(query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())))
