"""Making the writers of one visit take turns, on SQLite and on PostgreSQL alike.

A read followed by a write (the next version number, "is a solve already running?") is only
safe when no other transaction can do the same read in between. A write to the visit's own row
is the one lock both databases give for the asking: PostgreSQL locks that row until the
transaction ends, SQLite takes its single write lock. The write changes nothing.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from scheduler.db.visits import VisitRecord
from scheduler.errors import NotFound


def lock_visit(db: Session, visit_id: int) -> None:
    """Hold the visit until this transaction ends; NotFound when there is no such visit.

    Call it before the read that the write depends on: a later read then sees every write of
    the transaction that held the lock before.
    """
    result = db.execute(update(VisitRecord).where(VisitRecord.id == visit_id).values(id=VisitRecord.id))
    if not result.rowcount:  # type: ignore[attr-defined]
        raise NotFound(f"there is no visit {visit_id}")
