"""Helpers for the availability tests: the small example visit stored, with a link for someone."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from scheduler.db.visits import VisitRecord
from scheduler.services.availability_links import issue_link
from tests.support.store import NOW, SMALL, add_user, add_visit, open_store

DAY = "2026-03-10"  # the small example's one day, 09:00-17:00 in 15-minute slots


def small_store(tmp_path: Path) -> tuple[sessionmaker[Session], int]:
    factory = open_store(tmp_path)
    with factory() as db:
        visit_id = add_visit(db, add_user(db), SMALL)
        db.commit()
    return factory, visit_id


def link_for(factory: sessionmaker[Session], visit_id: int, key: str, who_kind: str = "person") -> str:
    with factory() as db:
        token = issue_link(db, None, visit_id, who_kind, key, NOW)
        db.commit()
    return token


def set_deadline_directly(factory: sessionmaker[Session], visit_id: int, deadline: datetime) -> None:
    """Stand-in for the coordinator's set_deadline: writes the visit's deadline column."""
    with factory() as db:
        record = db.get(VisitRecord, visit_id)
        assert record is not None
        record.availability_deadline = deadline
        db.commit()


def slots(start: str, end: str) -> list[str]:
    """The 15-minute slot starts from start (inclusive) to end (exclusive)."""
    first = int(start[:2]) * 60 + int(start[3:])
    last = int(end[:2]) * 60 + int(end[3:])
    return [f"{m // 60:02d}:{m % 60:02d}" for m in range(first, last, 15)]


def only_free(start: str, end: str, level: str = "yes") -> dict[tuple[str, str], str]:
    """Cells for the whole day: free (at `level`) from start to end, not available otherwise."""
    free = set(slots(start, end))
    return {(DAY, s): (level if s in free else "no") for s in slots("09:00", "17:00")}
