"""Sessions taken out of a visit, kept as they were so that what was published about them can
be cancelled, and so that calendars built from an older version know them as gone, not broken.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from scheduler import domain
from scheduler.db.visit_records import session_from_record, session_values, visit_from_record
from scheduler.db.visits import RemovedSessionRecord, SessionRecord, VisitRecord
from scheduler.domain.clocktime import day_label
from scheduler.services.timetables import published_version, timetable_of


def remember_removed_sessions(
    db: Session, visit_id: int, before: domain.Visit, after: domain.Visit, now: datetime
) -> None:
    """Keep every session `after` drops; forget a kept one whose id `after` brings back."""
    kept_ids = {s.id for s in after.sessions}
    dropped = [s for s in before.sessions if s.id not in kept_ids]
    back = kept_ids - {s.id for s in before.sessions}
    stale = back | {s.id for s in dropped}
    if stale:
        db.execute(
            delete(RemovedSessionRecord).where(
                RemovedSessionRecord.visit_id == visit_id, RemovedSessionRecord.key.in_(stale)
            )
        )
    for session in dropped:
        db.add(
            RemovedSessionRecord(
                visit_id=visit_id, key=session.id, definition=session_values(session), removed_at=now
            )
        )


def removed_sessions(
    db: Session, visit_id: int, keys: Iterable[str] | None = None
) -> dict[str, domain.Session]:
    """The removed sessions of the visit (only those named by `keys`, when given), by id."""
    query = select(RemovedSessionRecord).where(RemovedSessionRecord.visit_id == visit_id)
    if keys is not None:
        query = query.where(RemovedSessionRecord.key.in_(list(keys)))
    found = {}
    for row in db.scalars(query):
        values = {name: value for name, value in row.definition.items() if name != "key"}
        # A transient record only to reuse the one mapping from columns to the domain.
        found[row.key] = session_from_record(SessionRecord(key=row.key, position=0, **values))
    return found


def placeholder_session(session_id: str) -> domain.Session:
    """A session removed before removed sessions were kept: only its id is known."""
    return domain.Session(id=session_id, title="A session that has been removed", kind="other")


def with_removed_sessions(
    db: Session, visit_id: int, visit: domain.Visit, keys: Iterable[str]
) -> domain.Visit:
    """The visit plus, for each of `keys` it no longer has, that session as it was removed.

    For building what is said about sessions that are gone (cancellations); never for planning.
    """
    present = {s.id for s in visit.sessions}
    missing = sorted(set(keys) - present)
    if not missing:
        return visit
    kept = removed_sessions(db, visit_id, missing)
    extra = tuple(kept.get(key) or placeholder_session(key) for key in missing)
    return dataclasses.replace(visit, sessions=(*visit.sessions, *extra))


@dataclass(frozen=True)
class PublishedSession:
    """What removing a published session will undo: where it is, and who will be told."""

    version: int
    title: str
    day: str
    start: str
    end: str
    people: tuple[str, ...]  # names, attendees then assessors, then the escort marked "(escort)"


def published_session(db: Session, visit_id: int, session_id: str) -> PublishedSession | None:
    """The session as the published timetable places it, or None when it is not published."""
    version = published_version(db, visit_id)
    if version is None:
        return None
    placed = next((a for a in timetable_of(version).assignments if a.session == session_id), None)
    if placed is None:
        return None
    record = db.get(VisitRecord, visit_id)
    if record is None:
        return None
    visit = visit_from_record(record)
    names = {p.id: p.name for p in visit.people} | {a.id: a.name for a in visit.assessors}
    session = next((s for s in visit.sessions if s.id == session_id), None)
    people = [names.get(key, key) for key in (*placed.attendees, *placed.assessors)]
    if placed.escort and placed.mode == "in_person":
        people.append(f"{names.get(placed.escort, placed.escort)} (escort)")
    return PublishedSession(
        version=version.number,
        title=session.title if session is not None else session_id,
        day=day_label(placed.day),
        start=placed.start,
        end=placed.end,
        people=tuple(people),
    )
