"""Adjusting a timetable by hand: move one session, pin a session where it is, and compare two
versions to see what moved and who is affected.

A move never overwrites a version: it is saved as the visit's next draft, and only when it breaks
no hard rule. A pin is part of the visit (the session's `fixed`), so the next re-plan keeps the
session exactly there while stability keeps the rest of the plan where it can.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from scheduler import domain
from scheduler.db.accounts import User
from scheduler.domain.clocktime import clock_of, day_label, minutes_of
from scheduler.domain.compare import Comparison, compare_versions
from scheduler.domain.views import place_text
from scheduler.errors import NotFound, ServiceError
from scheduler.planning.free_slots import FreeSlot, free_slots
from scheduler.planning.move_preview import (
    MovePreview,
    Target,
    find_placed,
    find_session,
    pin_text,
    preview_move,
    timetable_with,
)
from scheduler.services.confirmed_availability import ACTION as CONFIRM_ACTION
from scheduler.services.confirmed_availability import (
    check_confirmation,
    record_confirmations,
    with_confirmed_availability,
)
from scheduler.services.timetables import get_timetable, list_versions, save_version
from scheduler.services.visits import load_visit, update_visit


@dataclass(frozen=True)
class MoveOptions:
    """What the move page offers for one session of one version."""

    session: domain.Session
    number: int  # the version the session is moved from
    placed: domain.PlacedSession
    where: str  # its place now, in words
    days: tuple[tuple[str, str], ...]  # (day, "Tue 10 Mar")
    starts: tuple[str, ...]  # every start on the slot grid that lets it end by day_end
    rooms: tuple[tuple[str, str], ...]  # (room id, "Room 2.01 (12 seats)")
    latest_number: int
    latest_place: str | None  # where a pin would hold it: its place in the latest version, if any
    pinned_place: str | None  # where its pin holds it now; None when it is not pinned
    free: tuple[FreeSlot, ...]  # places it could move to that break no rule, nearest first
    people: tuple[tuple[str, str], ...]  # (person id, name): whose availability may be confirmed


def move_options(db: Session, visit_id: int, number: int, session_id: str) -> MoveOptions:
    visit = load_visit(db, visit_id)
    _version, timetable = get_timetable(db, visit_id, number)
    session = find_session(visit, session_id)
    placed = find_placed(timetable, session_id)
    if placed is None:
        raise NotFound(f"'{session.title}' is not placed in version {number}")
    latest, latest_timetable = get_timetable(db, visit_id)
    in_latest = find_placed(latest_timetable, session_id)
    return MoveOptions(
        session=session,
        number=number,
        placed=placed,
        where=place_text(visit, placed),
        days=tuple((day, day_label(day)) for day in visit.days),
        starts=_starts(visit, session),
        rooms=tuple((room.id, f"{room.name} ({room.capacity} seats)") for room in visit.rooms),
        latest_number=latest.number,
        latest_place=place_text(visit, in_latest) if in_latest else None,
        pinned_place=pin_text(visit, session.fixed) if session.fixed else None,
        free=free_slots(visit, timetable, session_id),
        people=tuple(
            (p.id, p.name)
            for p in visit.people
            if p.id in session.required_people or p.id in session.invited_people
        ),
    )


def _starts(visit: domain.Visit, session: domain.Session) -> tuple[str, ...]:
    first, last = minutes_of(visit.day_start), minutes_of(visit.day_end) - session.minutes
    return tuple(clock_of(minute) for minute in range(first, last + 1, visit.slot_minutes))


def preview(
    db: Session,
    visit_id: int,
    number: int,
    session_id: str,
    day: str,
    start: str,
    room: str | None,
    confirmed: tuple[str, ...] = (),
) -> MovePreview:
    """The move of a session of version `number` to (day, start, room or None for virtual), judged;
    `confirmed` people count as available for it (a coordinator has their word)."""
    visit = load_visit(db, visit_id)
    _version, timetable = get_timetable(db, visit_id, number)
    target = Target(day=day, start=start, room=room)
    moved = preview_move(visit, timetable, session_id, target)
    if not confirmed:
        return moved
    vouched = with_confirmed_availability(visit, confirmed, day, moved.after.start, moved.after.end)
    return preview_move(vouched, timetable, session_id, target)


def check_move(
    db: Session, visit_id: int, number: int, session_id: str, day: str, start: str, room: str | None
) -> list[str]:
    """The hard rules the move would break, in plain words; empty when it may be saved."""
    return list(preview(db, visit_id, number, session_id, day, start, room).breaks)


def move_session(
    db: Session,
    actor: User | None,
    visit_id: int,
    number: int,
    session_id: str,
    day: str,
    start: str,
    room: str | None,
    now: datetime,
    *,
    confirmed: tuple[str, ...] = (),
    note: str = "",
) -> int:
    """Save version `number` with the session moved as the visit's next draft; returns its number.

    Refused with every break listed when the move would break a hard rule, and refused when it
    moves nothing. `confirmed` people have told the coordinator they can come (`note` says how):
    their availability gains the session's new time, and the audit trail keeps the note.
    """
    visit = load_visit(db, visit_id)
    check_confirmation(visit, confirmed, note)
    _version, timetable = get_timetable(db, visit_id, number)
    target = Target(day=day, start=start, room=room)
    moved = preview_move(visit, timetable, session_id, target)
    if confirmed:
        visit = with_confirmed_availability(visit, confirmed, day, moved.after.start, moved.after.end)
        moved = preview_move(visit, timetable, session_id, target)
    session = find_session(visit, session_id)
    title = session.title
    if moved.breaks:
        count = len(moved.breaks)
        raise ServiceError(
            f"'{title}' was not moved: the move would break {count} rule{'s' if count != 1 else ''}",
            list(moved.breaks),
        )
    if not moved.changes_anything:
        raise ServiceError(f"'{title}' is already at {place_text(visit, moved.before)}, so nothing moved")
    if confirmed:
        update_visit(db, actor, visit_id, visit, now, action=CONFIRM_ACTION, answers="replace")
        record_confirmations(db, actor, visit_id, visit, confirmed, session, moved.after, note, now)
    saved_note = (
        f"moved by hand from version {number}: '{title}' "
        f"{place_text(visit, moved.before)} -> {place_text(visit, moved.after)}"
    )
    return save_version(
        db, actor, visit_id, timetable_with(visit, timetable, moved.after), now, note=saved_note
    )


def pin_session(
    db: Session, actor: User | None, visit_id: int, session_id: str, pinned: bool, now: datetime
) -> domain.Pin | None:
    """Pin the session to its place in the latest version (or clear its pin); returns the pin.

    The pin holds its day and start, its room when it is held in person, and its mode when it
    could be held either way. The visit is re-validated like any other edit.
    """
    visit = load_visit(db, visit_id)
    session = find_session(visit, session_id)
    pin = _pin_from_latest(db, visit_id, session) if pinned else None
    if pin == session.fixed:
        return pin
    sessions = tuple(dataclasses.replace(s, fixed=pin) if s.id == session_id else s for s in visit.sessions)
    action = "pin_session" if pinned else "unpin_session"
    update_visit(db, actor, visit_id, dataclasses.replace(visit, sessions=sessions), now, action=action)
    return pin


def _pin_from_latest(db: Session, visit_id: int, session: domain.Session) -> domain.Pin:
    version, timetable = get_timetable(db, visit_id)
    placed = find_placed(timetable, session.id)
    if placed is None:
        raise ServiceError(
            f"'{session.title}' is not placed in version {version.number}, so there is no place to pin it to"
        )
    in_person = placed.mode == "in_person"
    return domain.Pin(
        day=placed.day,
        start=placed.start,
        room=placed.room if in_person else None,
        mode=placed.mode if session.mode == "either" else None,
    )


@dataclass(frozen=True)
class VersionComparison:
    numbers: tuple[int, ...]  # every version of the visit, oldest first
    a: int | None  # the older side; None when the visit has fewer than two versions
    b: int | None
    comparison: Comparison | None


def compare_numbered_versions(db: Session, visit_id: int, a: int | None, b: int | None) -> VersionComparison:
    """Compare versions a and b of the visit; by default the latest against the one before it."""
    numbers = tuple(sorted(version.number for version in list_versions(db, visit_id)))
    if a is None and b is None and len(numbers) < 2:
        return VersionComparison(numbers=numbers, a=None, b=None, comparison=None)
    if b is None:
        b = numbers[-1] if numbers else 1
    if a is None:
        a = max((n for n in numbers if n < b), default=b)
    visit = load_visit(db, visit_id)
    _version_a, timetable_a = get_timetable(db, visit_id, a)
    _version_b, timetable_b = get_timetable(db, visit_id, b)
    return VersionComparison(
        numbers=numbers, a=a, b=b, comparison=compare_versions(visit, timetable_a, timetable_b)
    )
