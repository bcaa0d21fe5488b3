"""A visit's numbered timetable versions: saving a plan, reading it back, publishing one.

The published version is what attendees are told and the reference that re-planning keeps
stable; a new plan is always saved as a draft beside it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scheduler import domain
from scheduler.db.accounts import User
from scheduler.db.timetables import AssignmentRecord, TimetableVersion, UnscheduledRecord
from scheduler.errors import NotFound
from scheduler.services.audit import record_audit
from scheduler.services.locks import lock_visit


def list_versions(db: Session, visit_id: int) -> list[TimetableVersion]:
    """Every version of the visit's timetable, newest first."""
    query = select(TimetableVersion).where(TimetableVersion.visit_id == visit_id)
    return list(db.scalars(query.order_by(TimetableVersion.number.desc())))


def timetable_of(version: TimetableVersion) -> domain.Timetable:
    return domain.Timetable(
        assignments=tuple(
            domain.PlacedSession(
                session=a.session,
                day=a.day,
                start=a.start,
                end=a.end,
                mode=a.mode,
                room=a.room,
                assessors=tuple(a.assessors),
                escort=a.escort,
                attendees=tuple(a.attendees),
                support=tuple(a.support or ()),
            )
            for a in version.assignments
        ),
        unscheduled=tuple(
            domain.UnscheduledSession(session=u.session, reason=u.reason) for u in version.unscheduled
        ),
        status=version.status,
        objective=version.objective,
        solve_seconds=version.solve_seconds,
    )


def get_version(db: Session, visit_id: int, number: int | None = None) -> TimetableVersion:
    """The numbered version, or the latest when number is None; NotFound when there is none."""
    query = select(TimetableVersion).where(TimetableVersion.visit_id == visit_id)
    if number is None:
        version = db.scalar(query.order_by(TimetableVersion.number.desc()).limit(1))
        if version is None:
            raise NotFound("this visit has no timetable yet")
    else:
        version = db.scalar(query.where(TimetableVersion.number == number))
        if version is None:
            raise NotFound(f"there is no timetable version {number}")
    return version


def get_timetable(
    db: Session, visit_id: int, number: int | None = None
) -> tuple[TimetableVersion, domain.Timetable]:
    version = get_version(db, visit_id, number)
    return version, timetable_of(version)


def published_version(db: Session, visit_id: int) -> TimetableVersion | None:
    query = select(TimetableVersion).where(
        TimetableVersion.visit_id == visit_id, TimetableVersion.state == "published"
    )
    return db.scalar(query.order_by(TimetableVersion.number.desc()).limit(1))


def published_timetable(db: Session, visit_id: int) -> domain.Timetable | None:
    version = published_version(db, visit_id)
    return timetable_of(version) if version is not None else None


def save_version(
    db: Session,
    actor: User | None,
    visit_id: int,
    timetable: domain.Timetable,
    now: datetime,
    note: str = "",
    bound: int = 0,
) -> int:
    """Store the timetable as the visit's next draft version and return its number.

    Savers of the same visit take turns (a solve finishing while a coordinator saves a move), so
    each reads the number the one before it took.
    """
    lock_visit(db, visit_id)
    latest = db.scalar(select(func.max(TimetableVersion.number)).where(TimetableVersion.visit_id == visit_id))
    number = (latest or 0) + 1
    version = TimetableVersion(
        visit_id=visit_id,
        number=number,
        state="draft",
        status=timetable.status,
        objective=timetable.objective,
        bound=bound,
        solve_seconds=timetable.solve_seconds,
        created_at=now,
        created_by=actor.id if actor else None,
        note=note,
        assignments=[
            AssignmentRecord(
                position=position,
                session=a.session,
                day=a.day,
                start=a.start,
                end=a.end,
                mode=a.mode,
                room=a.room,
                assessors=list(a.assessors),
                escort=a.escort,
                attendees=list(a.attendees),
                support=list(a.support) or None,
            )
            for position, a in enumerate(timetable.assignments)
        ],
        unscheduled=[
            UnscheduledRecord(position=position, session=u.session, reason=u.reason)
            for position, u in enumerate(timetable.unscheduled)
        ],
    )
    db.add(version)
    detail = (
        f"version {number}: {len(timetable.assignments)} placed, {len(timetable.unscheduled)} unscheduled"
    )
    record_audit(db, visit_id, actor, "save_version", detail, now)
    db.flush()
    return number


def publish_version(db: Session, actor: User | None, visit_id: int, number: int, now: datetime) -> None:
    """Make this version the published one; the one published before goes back to draft.

    The app publishes only through `scheduler.invites.publishing.send_publication`, which calls
    this after queueing the invites, so no version is published while nobody was told of it."""
    version = get_version(db, visit_id, number)
    previous = published_version(db, visit_id)
    if previous is not None and previous.id != version.id:
        previous.state = "draft"
    version.state = "published"
    version.published_at = now
    record_audit(db, visit_id, actor, "publish_version", f"version {number}", now)
    db.flush()
