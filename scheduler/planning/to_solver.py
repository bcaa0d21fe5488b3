"""Between the coordinator's visit (days, "HH:MM") and the solver's one minute timeline.

Day d (its index in visit.days) minute m becomes d * 1440 + m in availability spans; session
times, pins and assignments keep a day index plus a minute of the day, as solver.problem says.
"""

from __future__ import annotations

from collections.abc import Mapping

from scheduler import domain
from scheduler.domain.clocktime import clock_of, day_label, minutes_of
from scheduler.domain.home_visits import rooms_open_to
from scheduler.domain.team_limits import as_planned
from solver import problem as sp
from solver.problem import MINUTES_PER_DAY


def build_problem(
    visit: domain.Visit,
    previous: domain.Timetable | None = None,
    frozen_before: tuple[str, str] | None = None,
    not_earlier: Mapping[str, tuple[str, str]] | None = None,
) -> sp.Problem:
    """The solver's view of a visit; `previous` is the plan to keep stable when re-planning.

    `frozen_before` ("YYYY-MM-DD", "HH:MM"): what `previous` starts before it must not change.
    `not_earlier`: session id -> ("YYYY-MM-DD", "HH:MM") it may not start before (a late day).
    The app's own settings apply first: teams' shares become numbers, staff get the default cap.
    """
    visit = as_planned(visit)
    day_index = {day: i for i, day in enumerate(visit.days)}
    return sp.Problem(
        day_count=len(visit.days),
        day_start=minutes_of(visit.day_start),
        day_end=minutes_of(visit.day_end),
        slot_minutes=visit.slot_minutes,
        lunch_earliest=minutes_of(visit.lunch.earliest),
        lunch_latest=minutes_of(visit.lunch.latest),
        lunch_minutes=visit.lunch.minutes,
        escort_minutes=visit.escort_minutes,
        rooms=tuple(_room(room, day_index) for room in visit.rooms),
        assessors=tuple(_assessor(assessor, day_index) for assessor in visit.assessors),
        people=tuple(_person(person, day_index) for person in visit.people),
        sessions=tuple(
            _session(session, day_index, len(visit.assessors), rooms_open_to(visit, session))
            for session in visit.sessions
        ),
        travel=tuple((trip.from_site, trip.to_site, trip.minutes) for trip in visit.travel),
        day_labels=tuple(day_label(day) for day in visit.days),
        names=_display_names(visit),
        previous=_previous_assignments(visit, previous, day_index) if previous else (),
        teams=tuple(sp.Team(t.name, t.max_away, t.frontline) for t in visit.teams),
        frozen_before=None if frozen_before is None else moment_on_timeline(visit, *frozen_before),
        not_earlier=tuple(
            (session, moment_on_timeline(visit, *moment)) for session, moment in (not_earlier or {}).items()
        ),
    )


def moment_on_timeline(visit: domain.Visit, day: str, clock: str) -> int:
    """A moment as a minute of the visit timeline; a day between or around visit days counts from its start.

    Before the first day nothing is earlier; after the last, everything is.
    """
    earlier_days = sum(1 for d in visit.days if d < day)
    if day in visit.days:
        return earlier_days * MINUTES_PER_DAY + minutes_of(clock)
    return earlier_days * MINUTES_PER_DAY


def spans_of(intervals: tuple[domain.Interval, ...], day_index: dict[str, int]) -> tuple[sp.Span, ...]:
    """Intervals as sorted, merged spans of the visit timeline (touching spans join)."""
    spans = sorted(
        (
            day_index[i.day] * MINUTES_PER_DAY + minutes_of(i.start),
            day_index[i.day] * MINUTES_PER_DAY + minutes_of(i.end),
        )
        for i in intervals
        if i.day in day_index
    )
    merged: list[sp.Span] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def _optional_spans(
    intervals: tuple[domain.Interval, ...] | None, day_index: dict[str, int]
) -> tuple[sp.Span, ...] | None:
    return None if intervals is None else spans_of(intervals, day_index)


def _room(room: domain.Room, day_index: dict[str, int]) -> sp.Room:
    return sp.Room(
        id=room.id,
        site=room.site,
        capacity=room.capacity,
        features=frozenset(room.features),
        available=_optional_spans(room.available, day_index),
    )


def _assessor(assessor: domain.Assessor, day_index: dict[str, int]) -> sp.Assessor:
    return sp.Assessor(
        id=assessor.id,
        available=_optional_spans(assessor.available, day_index),
        max_sessions_per_day=assessor.max_sessions_per_day,
    )


def _person(person: domain.Person, day_index: dict[str, int]) -> sp.Person:
    if_needed = tuple(i for i in person.available or () if i.level == "if_needed")
    return sp.Person(
        id=person.id,
        needs=frozenset(person.needs),
        can_escort=person.can_escort,
        available=_optional_spans(person.available, day_index),
        if_needed=spans_of(if_needed, day_index),
        team=person.team or None,
        manager=person.manager,
        supporters=tuple(person.supporters),
        max_sessions_per_day=person.max_sessions_per_day,
    )


def _session(
    session: domain.Session, day_index: dict[str, int], assessor_total: int, rooms: tuple[str, ...] | None
) -> sp.Session:
    need = session.assessors
    from_ids = None if need.from_ids is None else tuple(need.from_ids)
    if need.count == "all":
        count = len(from_ids) if from_ids is not None else assessor_total
    else:
        count = int(need.count)
    return sp.Session(
        id=session.id,
        minutes=session.minutes,
        mode=_session_mode(session.mode),
        priority=_priority(session.priority),
        required_people=tuple(session.required_people),
        invited_people=tuple(session.invited_people),
        min_attendees=session.min_attendees,
        max_attendees=session.max_attendees,
        assessor_count=count,
        assessors_from=from_ids,
        room_features=frozenset(session.room_features),
        days=tuple(day_index[day] for day in session.days if day in day_index),
        not_before=None if session.not_before is None else minutes_of(session.not_before),
        not_after=None if session.not_after is None else minutes_of(session.not_after),
        after=tuple(session.after),
        needs_escort=session.needs_escort,
        fixed=_pin(session.fixed, day_index),
        title=session.title,
        kind=session.kind,
        rooms=rooms,
    )


def _pin(pin: domain.Pin | None, day_index: dict[str, int]) -> sp.Pin | None:
    if pin is None:
        return None
    return sp.Pin(
        day=day_index[pin.day],
        start=minutes_of(pin.start),
        room=pin.room,
        mode=None if pin.mode is None else _mode(pin.mode),
    )


def _session_mode(mode: str) -> sp.SessionMode:
    if mode == "virtual":
        return "virtual"
    return "either" if mode == "either" else "in_person"


def _mode(mode: str) -> sp.Mode:
    return "virtual" if mode == "virtual" else "in_person"


def _priority(priority: str) -> sp.Priority:
    if priority == "should":
        return "should"
    return "reserve" if priority == "reserve" else "must"


def _display_names(visit: domain.Visit) -> tuple[tuple[str, str], ...]:
    names = [(person.id, person.name) for person in visit.people]
    names += [(assessor.id, assessor.name) for assessor in visit.assessors]
    names += [(room.id, room.name) for room in visit.rooms]
    return tuple(names)


def _previous_assignments(
    visit: domain.Visit, previous: domain.Timetable, day_index: dict[str, int]
) -> tuple[sp.Assignment, ...]:
    """The earlier plan's assignments that still name a session and day of the visit."""
    sessions = {session.id for session in visit.sessions}
    return tuple(
        sp.Assignment(
            session=placed.session,
            day=day_index[placed.day],
            start=minutes_of(placed.start),
            end=minutes_of(placed.end),
            mode=_mode(placed.mode),
            room=placed.room,
            assessors=tuple(placed.assessors),
            escort=placed.escort,
            attendees=tuple(placed.attendees),
            support=tuple(placed.support),
        )
        for placed in previous.assignments
        if placed.session in sessions and placed.day in day_index
    )


def placed_session(visit: domain.Visit, a: sp.Assignment) -> domain.PlacedSession:
    """One of the solver's assignments in the coordinator's terms: a visit day and clock times."""
    return domain.PlacedSession(
        session=a.session,
        day=visit.days[a.day],
        start=clock_of(a.start),
        end=clock_of(a.end),
        mode=a.mode,
        room=a.room,
        assessors=tuple(a.assessors),
        escort=a.escort,
        attendees=tuple(a.attendees),
        support=tuple(a.support),
    )


def timetable_from_solution(visit: domain.Visit, solution: sp.Solution) -> domain.Timetable:
    """The solver's answer in the coordinator's terms; each unplaced session's reasons joined by "; "."""
    placed = tuple(placed_session(visit, a) for a in solution.assignments)
    unscheduled = [domain.UnscheduledSession(u.session, "; ".join(u.reasons)) for u in solution.unplaced]
    accounted = {a.session for a in solution.assignments} | {u.session for u in solution.unplaced}
    # A session the solver neither placed nor explained must still show up as not scheduled.
    held_back = solution.status == "INFEASIBLE" and solution.unplaced and not solution.assignments
    if solution.status == "UNKNOWN":
        why = "not placed before the time limit ran out"
    elif held_back:
        why = "held back until the must sessions that cannot be placed are resolved (or plan with --relax)"
    else:
        why = "not scheduled (the solver gave no reason)"
    unscheduled += [domain.UnscheduledSession(s.id, why) for s in visit.sessions if s.id not in accounted]
    return domain.Timetable(
        assignments=placed,
        unscheduled=tuple(unscheduled),
        status=solution.status,
        objective=solution.score,
        solve_seconds=round(solution.solve_seconds, 3),
    )
