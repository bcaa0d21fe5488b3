"""The days on site: what the coordinators mark on the control page (held, not held, running
late, room freed, who did not come), and the board of a day against the clock.

The board follows the published timetable: it is what everyone was told. Each mark is one row
per session (`SessionProgress`), changed in place, with an audit line saying who marked what.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler import domain
from scheduler.db.accounts import User
from scheduler.db.on_the_day import SessionProgress
from scheduler.domain.day_board import (
    HELD,
    LONGEST_LATE,
    NOT_HELD,
    BoardRow,
    Moment,
    Progress,
    day_board,
)
from scheduler.errors import NotFound, ServiceError
from scheduler.services.audit import record_audit
from scheduler.services.timetables import published_timetable
from scheduler.services.visits import load_visit

MARKS = (HELD, NOT_HELD, "")  # "" takes a mark back


def moment_of(visit: domain.Visit, now: datetime) -> Moment:
    """The app's clock as a day and minute of the visit's own zone."""
    local = now.astimezone(ZoneInfo(visit.timezone))
    return Moment(day=local.date().isoformat(), minutes=local.hour * 60 + local.minute)


def progress_of(db: Session, visit_id: int) -> dict[str, Progress]:
    rows = db.scalars(select(SessionProgress).where(SessionProgress.visit_id == visit_id))
    return {
        row.session: Progress(
            session=row.session,
            state=row.state,
            late_minutes=row.late_minutes,
            room_freed=row.room_freed,
            no_shows=tuple(row.no_shows or ()),
        )
        for row in rows
    }


@dataclass(frozen=True)
class DayControl:
    visit: domain.Visit
    published: bool
    day: str  # the day shown
    today: str  # the clock's day in the visit's zone
    now: Moment
    rows: list[BoardRow]

    @property
    def is_visit_day(self) -> bool:
        return self.today in self.visit.days

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def no_shows(self) -> int:
        return sum(1 for row in self.rows for attendee in row.attendees if not attendee.came)


def control_day(
    db: Session, visit_id: int, now: datetime, audience: str, day: str | None = None
) -> DayControl:
    """The board of `day` (default: today by the clock, or the visit's first day before it, its
    last after it); NotFound for a day that is not one of the visit's."""
    visit = load_visit(db, visit_id)
    moment = moment_of(visit, now)
    if day is None:
        day = _default_day(visit, moment.day)
    elif day not in visit.days:
        raise NotFound(f"{day} is not a day of this visit")
    timetable = published_timetable(db, visit_id)
    rows = (
        []
        if timetable is None
        else day_board(visit, timetable, progress_of(db, visit_id), day, moment, audience)
    )
    return DayControl(
        visit=visit, published=timetable is not None, day=day, today=moment.day, now=moment, rows=rows
    )


def _default_day(visit: domain.Visit, today: str) -> str:
    if not visit.days:
        return today
    if today in visit.days:
        return today
    return visit.days[0] if today < visit.days[0] else visit.days[-1]


def _placed(db: Session, visit_id: int, session_key: str) -> tuple[domain.Visit, domain.PlacedSession]:
    visit = load_visit(db, visit_id)
    timetable = published_timetable(db, visit_id)
    if timetable is None:
        raise ServiceError("Nothing is published yet: the control page follows the published timetable.")
    placed = next((p for p in timetable.assignments if p.session == session_key), None)
    if placed is None:
        raise NotFound(f"session '{session_key}' is not in the published timetable")
    return visit, placed


def _row(
    db: Session, visit_id: int, placed: domain.PlacedSession, actor: User, now: datetime
) -> SessionProgress:
    row = db.scalar(
        select(SessionProgress).where(
            SessionProgress.visit_id == visit_id, SessionProgress.session == placed.session
        )
    )
    if row is None:
        row = SessionProgress(
            visit_id=visit_id,
            session=placed.session,
            day=placed.day,
            state="",
            late_minutes=0,
            room_freed=False,
            no_shows=[],
            updated_at=now,
            updated_by=actor.id,
        )
        db.add(row)
    row.day = placed.day
    row.updated_at = now
    row.updated_by = actor.id
    return row


def _title(visit: domain.Visit, session_key: str) -> str:
    session = next((s for s in visit.sessions if s.id == session_key), None)
    return session.title if session is not None else session_key


def mark_session(db: Session, actor: User, visit_id: int, session_key: str, state: str, now: datetime) -> str:
    """Mark a session held or not held ("" takes the mark back); returns what was done, in words."""
    if state not in MARKS:
        raise ServiceError(f"'{state}' is not a mark: choose held or not held")
    visit, placed = _placed(db, visit_id, session_key)
    row = _row(db, visit_id, placed, actor, now)
    row.state = state
    title = _title(visit, session_key)
    said = {HELD: "held", NOT_HELD: "not held", "": "not marked"}[state]
    record_audit(db, visit_id, actor, "mark_session", f"{session_key} ({title}): {said}", now)
    db.flush()
    return f"'{title}' marked {said}."


def set_running_late(
    db: Session, actor: User, visit_id: int, session_key: str, minutes: int, now: datetime
) -> str:
    if not 0 <= minutes <= LONGEST_LATE:
        raise ServiceError(
            f"Running late must be between 0 and {LONGEST_LATE} minutes, not {minutes}:"
            " later than that, re-plan the day."
        )
    visit, placed = _placed(db, visit_id, session_key)
    row = _row(db, visit_id, placed, actor, now)
    row.late_minutes = minutes
    title = _title(visit, session_key)
    record_audit(
        db, visit_id, actor, "session_running_late", f"{session_key} ({title}): {minutes} minutes", now
    )
    db.flush()
    if minutes == 0:
        return f"'{title}' is on time again."
    return f"'{title}' runs {minutes} minutes late."


def mark_no_show(
    db: Session, actor: User, visit_id: int, session_key: str, person_key: str, came: bool, now: datetime
) -> str:
    """Record that an attendee (or supporter) of the session did not come, or did after all."""
    visit, placed = _placed(db, visit_id, session_key)
    if person_key not in (*placed.attendees, *placed.support):
        raise NotFound(f"'{person_key}' is not an attendee of session '{session_key}'")
    row = _row(db, visit_id, placed, actor, now)
    absent = [key for key in (row.no_shows or []) if key != person_key]
    if not came:
        absent.append(person_key)
    row.no_shows = absent
    title = _title(visit, session_key)
    # The audit names people by their key: the trail is read outside the coordinators' pages too.
    record_audit(
        db,
        visit_id,
        actor,
        "mark_no_show",
        f"{session_key} ({title}): {person_key} {'came' if came else 'no-show'}",
        now,
    )
    db.flush()
    return f"Attendance of '{title}' saved."


def free_room(db: Session, actor: User, visit_id: int, session_key: str, freed: bool, now: datetime) -> str:
    visit, placed = _placed(db, visit_id, session_key)
    if placed.mode != "in_person" or placed.room is None:
        raise ServiceError(f"'{_title(visit, session_key)}' is held online: it has no room to free.")
    row = _row(db, visit_id, placed, actor, now)
    row.room_freed = freed
    room = next((r.name for r in visit.rooms if r.id == placed.room), placed.room)
    record_audit(
        db, visit_id, actor, "free_room", f"{session_key}: {room} {'freed' if freed else 'in use'}", now
    )
    db.flush()
    return f"{room} is free again." if freed else f"{room} is marked in use."
