"""Judging a hand move of one session against every hard rule (pure: no database).

A hand move changes only where and when a session is held: its day, its start and its room, or
no room to hold it virtually. Its assessors and attendees stay. Its escort stays too, unless the
escort cannot do the new duty; then the escort who leaves the fewest rule breaks takes over, so
that moving a session is not refused for want of a person the coordinator did not choose.

The whole timetable, with the session moved, goes through the solver's independent checker, so
a hand move is judged exactly as a plan from the solver is. Only the breaks the move adds are
reported: a timetable that already broke a rule (after an edit of the visit, say) can still be
adjusted, and the coordinator is not blamed for what was there before.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass

from scheduler import domain
from scheduler.domain.clocktime import clock_of, day_label, is_clock, minutes_of
from scheduler.errors import NotFound, ServiceError
from scheduler.planning.to_solver import build_problem
from solver import problem as sp
from solver.checker import Violation, find_violations
from solver.score import canonical_score

# What each hard rule (spec: visit-format.md) is about, in the coordinator's words.
RULE_NAMES = {
    "H1": "Session missing",
    "H2": "Outside its hours",
    "H3": "Pinned elsewhere",
    "H4": "Wrong mode",
    "H5": "Room does not fit",
    "H6": "Room double-booked",
    "H7": "Assessor problem",
    "H8": "No lunch break",
    "H9": "Attendee problem",
    "H10": "No time to travel",
    "H11": "Escort problem",
    "H12": "Out of order",
}


@dataclass(frozen=True)
class Target:
    """Where the coordinator wants a session: a visit day, a start "HH:MM", a room or None (virtual)."""

    day: str
    start: str
    room: str | None


@dataclass(frozen=True)
class MovePreview:
    before: domain.PlacedSession
    after: domain.PlacedSession
    breaks: tuple[str, ...]  # the hard rules the move would break, in plain words
    notes: tuple[str, ...]  # what else the move changes, such as who escorts

    @property
    def changes_anything(self) -> bool:
        return (self.before.day, self.before.start, self.before.room, self.before.mode) != (
            self.after.day,
            self.after.start,
            self.after.room,
            self.after.mode,
        )


def describe_break(violation: Violation) -> str:
    """'Room double-booked: Committee Room 1 is double-booked: ...' (the rule's name, not its code:
    a coordinator does not know the format's H1-H17)."""
    return f"{RULE_NAMES.get(violation.rule, 'A rule of the visit')}: {violation.message}"


def pin_text(visit: domain.Visit, pin: domain.Pin) -> str:
    """'Tue 10 Mar 13:15, Meeting Room 2.01', '... 15:00, virtual', or just the day and start."""
    rooms = {room.id: room.name for room in visit.rooms}
    text = f"{day_label(pin.day)} {pin.start}"
    if pin.room is not None:
        return f"{text}, {rooms.get(pin.room, pin.room)}"
    return f"{text}, virtual" if pin.mode == "virtual" else text


def find_session(visit: domain.Visit, session_id: str) -> domain.Session:
    session = next((s for s in visit.sessions if s.id == session_id), None)
    if session is None:
        raise NotFound(f"there is no session {session_id}")
    return session


def find_placed(timetable: domain.Timetable, session_id: str) -> domain.PlacedSession | None:
    return next((a for a in timetable.assignments if a.session == session_id), None)


def preview_move(
    visit: domain.Visit,
    timetable: domain.Timetable,
    session_id: str,
    target: Target,
    judge: Judge | None = None,
) -> MovePreview:
    """What moving the session to the target would do, and every hard rule it would break.

    `judge` (a Judge of this visit and timetable) saves building one when many targets are tried."""
    session = find_session(visit, session_id)
    before = find_placed(timetable, session_id)
    if before is None:
        raise ServiceError(f"'{session.title}' is not placed in this timetable, so it cannot be moved")
    start = _target_start(visit, session, target)
    virtual = target.room is None
    moved = dataclasses.replace(
        before,
        day=target.day,
        start=target.start,
        end=clock_of(start + session.minutes),
        mode="virtual" if virtual else "in_person",
        room=target.room,
        escort=None if virtual or not session.needs_escort else before.escort,
    )
    judge = judge or Judge(visit, timetable)
    breaks = judge.breaks(moved)
    if _escort_is_in_the_way(breaks, session_id):
        moved, breaks = _best_escort(visit, judge, moved, breaks)
    return MovePreview(
        before=before,
        after=moved,
        breaks=tuple(describe_break(v) for v in breaks),
        notes=_escort_notes(visit, before, moved),
    )


def timetable_with(
    visit: domain.Visit, timetable: domain.Timetable, moved: domain.PlacedSession
) -> domain.Timetable:
    """The timetable with one session in its new place, scored afresh; a hand-made plan is not
    proven optimal, so at best it is FEASIBLE."""
    assignments = tuple(moved if a.session == moved.session else a for a in timetable.assignments)
    problem = build_problem(visit)
    score, _terms = canonical_score(problem, solver_assignments(visit, assignments))
    status = "FEASIBLE" if timetable.status in ("OPTIMAL", "FEASIBLE") else timetable.status
    return domain.Timetable(
        assignments=assignments,
        unscheduled=timetable.unscheduled,
        status=status,
        objective=score,
        solve_seconds=0.0,
    )


def solver_assignments(visit: domain.Visit, placed: Iterable[domain.PlacedSession]) -> list[sp.Assignment]:
    """Placed sessions on the solver's timeline; one on a day the visit no longer has is left out
    (the checker then reports a must session as missing, which is what it is)."""
    day_index = {day: i for i, day in enumerate(visit.days)}
    return [
        sp.Assignment(
            session=a.session,
            day=day_index[a.day],
            start=minutes_of(a.start),
            end=minutes_of(a.end),
            mode="virtual" if a.mode == "virtual" else "in_person",
            room=a.room,
            assessors=tuple(a.assessors),
            escort=a.escort,
            attendees=tuple(a.attendees),
            support=tuple(a.support),
        )
        for a in placed
        if a.day in day_index and is_clock(a.start) and is_clock(a.end)
    ]


class Judge:
    """Re-checks the whole timetable with one session replaced, against what was broken before."""

    def __init__(self, visit: domain.Visit, timetable: domain.Timetable) -> None:
        self.visit = visit
        self.timetable = timetable
        self.problem = build_problem(visit)
        self.before = {(v.rule, v.message) for v in self._violations(timetable.assignments)}

    def _violations(self, placed: Iterable[domain.PlacedSession]) -> list[Violation]:
        return find_violations(self.problem, solver_assignments(self.visit, placed))

    def breaks(self, moved: domain.PlacedSession) -> list[Violation]:
        placed = [moved if a.session == moved.session else a for a in self.timetable.assignments]
        return [v for v in self._violations(placed) if (v.rule, v.message) not in self.before]


def _target_start(visit: domain.Visit, session: domain.Session, target: Target) -> int:
    """The target's start in minutes, once the day, time and room are ones the visit has."""
    if target.day not in visit.days:
        raise ServiceError(f"{target.day} is not a day of the visit")
    if not is_clock(target.start):
        raise ServiceError(f"{target.start!r} is not a time 'HH:MM'")
    if target.room is not None and target.room not in {room.id for room in visit.rooms}:
        raise ServiceError(f"there is no room {target.room}")
    start = minutes_of(target.start)
    if start + session.minutes > 24 * 60:
        raise ServiceError(f"'{session.title}' would run past midnight if it started at {target.start}")
    return start


def _escort_is_in_the_way(breaks: list[Violation], session_id: str) -> bool:
    return any(v.rule == "H11" and session_id in v.sessions for v in breaks)


def _best_escort(
    visit: domain.Visit, judge: Judge, moved: domain.PlacedSession, breaks: list[Violation]
) -> tuple[domain.PlacedSession, list[Violation]]:
    """The escort (in the visit's order) leaving the fewest breaks; the current one when none does better."""
    best, best_breaks = moved, breaks
    for person in visit.people:
        if not person.can_escort or person.id == moved.escort:
            continue
        candidate = dataclasses.replace(moved, escort=person.id)
        candidate_breaks = judge.breaks(candidate)
        if len(candidate_breaks) < len(best_breaks):
            best, best_breaks = candidate, candidate_breaks
            if not best_breaks:
                break
    return best, best_breaks


def _escort_notes(
    visit: domain.Visit, before: domain.PlacedSession, after: domain.PlacedSession
) -> tuple[str, ...]:
    if before.escort == after.escort:
        return ()
    names = {person.id: person.name for person in visit.people}
    old = names.get(before.escort or "", before.escort)
    new = names.get(after.escort or "", after.escort)
    if after.escort is None:
        return (f"{old} is no longer needed as escort.",)
    if before.escort is None:
        return (f"{new} will escort it.",)
    return (f"{new} takes over as escort from {old}, who is not free for the new time.",)
