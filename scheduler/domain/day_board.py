"""The control page's board (pure): one day's sessions of the published timetable against the
clock, with what the coordinators marked on the day.

A session is upcoming until its start, in progress until its end (both moved on by the minutes
it runs late), then waits to be marked; once marked it is held or not held whatever the clock
says. Names pass through the privacy rule for the page's audience.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from scheduler import domain
from scheduler.domain.clocktime import clock_of, minutes_of
from scheduler.domain.privacy import redaction_for

UPCOMING = "upcoming"
IN_PROGRESS = "in_progress"
TO_MARK = "to_mark"  # over by the clock, nobody has said whether it was held
HELD = "held"
NOT_HELD = "not_held"
STATUS_LABELS = {
    UPCOMING: "upcoming",
    IN_PROGRESS: "in progress",
    TO_MARK: "ended: mark it",
    HELD: "held",
    NOT_HELD: "not held",
}
LONGEST_LATE = 240  # minutes: later than that, re-plan the day instead


@dataclass(frozen=True)
class Progress:
    """What was marked for one session on the day."""

    session: str
    state: str = ""  # "" | held | not_held
    late_minutes: int = 0
    room_freed: bool = False
    no_shows: tuple[str, ...] = ()


@dataclass(frozen=True)
class Attendee:
    key: str
    name: str  # as the page's audience may read it
    came: bool


@dataclass(frozen=True)
class BoardRow:
    session: str
    title: str
    kind: str
    planned_start: str
    planned_end: str
    start: str  # expected, with the minutes it runs late
    end: str
    late_minutes: int
    status: str
    where: str  # "Room 2.01, County Hall" or "online"
    room_freed: bool
    in_person: bool
    assessors: tuple[str, ...]
    escort: str | None
    attendees: tuple[Attendee, ...]

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def marked(self) -> bool:
        return self.status in (HELD, NOT_HELD)


@dataclass(frozen=True)
class Moment:
    """Where the clock stands, in the visit's own zone."""

    day: str
    minutes: int


def status_of(placed: domain.PlacedSession, progress: Progress | None, now: Moment) -> str:
    if progress is not None and progress.state in (HELD, NOT_HELD):
        return progress.state
    late = progress.late_minutes if progress is not None else 0
    if placed.day != now.day:
        return UPCOMING if placed.day > now.day else TO_MARK
    if now.minutes < minutes_of(placed.start) + late:
        return UPCOMING
    if now.minutes < minutes_of(placed.end) + late:
        return IN_PROGRESS
    return TO_MARK


def _where(visit: domain.Visit, placed: domain.PlacedSession) -> str:
    if placed.mode == "virtual" or placed.room is None:
        return "online"
    room = next((r for r in visit.rooms if r.id == placed.room), None)
    if room is None:
        return placed.room
    site = next((s.name for s in visit.sites if s.id == room.site), "")
    return f"{room.name}, {site}" if site else room.name


def day_board(
    visit: domain.Visit,
    timetable: domain.Timetable,
    progress: Mapping[str, Progress],
    day: str,
    now: Moment,
    audience: str,
) -> list[BoardRow]:
    """The day's sessions in time order, each with its status against the clock."""
    redaction = redaction_for(visit, audience)
    sessions = {s.id: s for s in visit.sessions}
    assessors = {a.id: a.name for a in visit.assessors}
    rows = []
    for placed in sorted(
        (p for p in timetable.assignments if p.day == day), key=lambda p: (minutes_of(p.start), p.session)
    ):
        session = sessions.get(placed.session)
        marked = progress.get(placed.session)
        late = marked.late_minutes if marked is not None else 0
        absent = set(marked.no_shows) if marked is not None else set()
        rows.append(
            BoardRow(
                session=placed.session,
                title=redaction.title(session, placed.session),
                kind=session.kind if session is not None else "other",
                planned_start=placed.start,
                planned_end=placed.end,
                start=clock_of(minutes_of(placed.start) + late),
                end=clock_of(minutes_of(placed.end) + late),
                late_minutes=late,
                status=status_of(placed, marked, now),
                where=_where(visit, placed),
                room_freed=marked.room_freed if marked is not None else False,
                in_person=placed.mode == "in_person" and placed.room is not None,
                assessors=tuple(assessors.get(a, a) for a in placed.assessors),
                escort=redaction.person(placed.escort, session) if placed.escort else None,
                attendees=tuple(
                    Attendee(key=pid, name=redaction.person(pid, session), came=pid not in absent)
                    for pid in (*placed.attendees, *placed.support)
                ),
            )
        )
    return rows
