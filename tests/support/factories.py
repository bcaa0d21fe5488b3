"""Tiny visits for the solver tests: every field has a quiet default, so a test names only what it is about.

Defaults: one day 09:00-17:00 on a 15-minute grid, one room 'r1' at site 'hq' for 10 people,
one assessor 'a1', no lunch break and no escort lead time (so neither bites unless a test asks),
sessions of 60 minutes, in person, must, without escort. People and assessors a session names
but the test does not list are added with whole-visit availability.
"""

from __future__ import annotations

from collections.abc import Iterable

from solver.problem import (
    MINUTES_PER_DAY,
    Assessor,
    Assignment,
    Mode,
    Person,
    Pin,
    Priority,
    Problem,
    Room,
    Session,
    SessionMode,
    Span,
    Team,
)


def hm(clock: str) -> int:
    """'09:30' -> 570, the minute of the day."""
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def span(day: int, start: str, end: str) -> Span:
    """[start, end) of visit day `day` on the visit timeline."""
    return day * MINUTES_PER_DAY + hm(start), day * MINUTES_PER_DAY + hm(end)


def room(
    id: str = "r1",
    *,
    site: str = "hq",
    capacity: int = 10,
    features: Iterable[str] = (),
    available: tuple[Span, ...] | None = None,
) -> Room:
    return Room(id, site, capacity, frozenset(features), available)


def assessor(
    id: str = "a1", *, available: tuple[Span, ...] | None = None, max_sessions_per_day: int | None = None
) -> Assessor:
    return Assessor(id, available, max_sessions_per_day)


def person(
    id: str,
    *,
    needs: Iterable[str] = (),
    can_escort: bool = False,
    available: tuple[Span, ...] | None = None,
    if_needed: tuple[Span, ...] = (),
    team: str | None = None,
    manager: str | None = None,
    supporters: Iterable[str] = (),
    max_sessions_per_day: int | None = None,
) -> Person:
    return Person(
        id,
        frozenset(needs),
        can_escort,
        available,
        if_needed,
        team=team,
        manager=manager,
        supporters=tuple(supporters),
        max_sessions_per_day=max_sessions_per_day,
    )


def team(name: str, *, max_away: int | None = None, frontline: bool = False) -> Team:
    return Team(name, max_away, frontline)


def escort(id: str, *, available: tuple[Span, ...] | None = None) -> Person:
    return person(id, can_escort=True, available=available)


def pin(day: int, start: str, *, room: str | None = None, mode: Mode | None = None) -> Pin:
    return Pin(day, hm(start), room, mode)


def session(
    id: str,
    *,
    minutes: int = 60,
    mode: SessionMode = "in_person",
    priority: Priority = "must",
    required: Iterable[str] = (),
    invited: Iterable[str] = (),
    min_attendees: int | None = None,
    max_attendees: int | None = None,
    assessors: int = 1,
    assessors_from: Iterable[str] | None = None,
    room_features: Iterable[str] = (),
    days: Iterable[int] = (),
    not_before: str | None = None,
    not_after: str | None = None,
    after: Iterable[str] = (),
    needs_escort: bool = False,
    fixed: Pin | None = None,
    kind: str = "other",
) -> Session:
    """A session; attendee bounds default as in the visit format (required .. required + invited)."""
    required, invited = tuple(required), tuple(invited)
    return Session(
        id=id,
        minutes=minutes,
        mode=mode,
        priority=priority,
        required_people=required,
        invited_people=invited,
        min_attendees=len(required) if min_attendees is None else min_attendees,
        max_attendees=len(set(required) | set(invited)) if max_attendees is None else max_attendees,
        assessor_count=assessors,
        assessors_from=None if assessors_from is None else tuple(assessors_from),
        room_features=frozenset(room_features),
        days=tuple(days),
        not_before=None if not_before is None else hm(not_before),
        not_after=None if not_after is None else hm(not_after),
        after=tuple(after),
        needs_escort=needs_escort,
        fixed=fixed,
        title=f"Session {id}",
        kind=kind,
    )


def problem(
    *sessions: Session,
    rooms: Iterable[Room] = (room(),),
    assessors: Iterable[Assessor] = (assessor(),),
    people: Iterable[Person] = (),
    day_count: int = 1,
    day_start: str = "09:00",
    day_end: str = "17:00",
    slot_minutes: int = 15,
    lunch: tuple[str, str, int] = ("12:00", "14:00", 0),
    escort_minutes: int = 0,
    travel: Iterable[tuple[str, str, int]] = (),
    names: dict[str, str] | None = None,
    teams: Iterable[Team] = (),
    previous: Iterable[Assignment] = (),
    frozen_before: int | None = None,
) -> Problem:
    """A visit made of `sessions`; `lunch` is (earliest, latest, minutes)."""
    assessor_list = list(assessors)
    people_list = list(people)
    known_assessors = {a.id for a in assessor_list}
    known_people = {p.id for p in people_list}
    for s in sessions:
        for name in s.assessors_from or ():
            if name not in known_assessors:
                assessor_list.append(assessor(name))
                known_assessors.add(name)
        for name in (*s.required_people, *s.invited_people):
            if name not in known_people:
                people_list.append(person(name))
                known_people.add(name)
    for name in [h for p in people_list for h in p.supporters]:
        if name not in known_people:
            people_list.append(person(name))
            known_people.add(name)
    earliest, latest, lunch_minutes = lunch
    return Problem(
        day_count=day_count,
        day_start=hm(day_start),
        day_end=hm(day_end),
        slot_minutes=slot_minutes,
        lunch_earliest=hm(earliest),
        lunch_latest=hm(latest),
        lunch_minutes=lunch_minutes,
        escort_minutes=escort_minutes,
        rooms=tuple(rooms),
        assessors=tuple(assessor_list),
        people=tuple(people_list),
        sessions=tuple(sessions),
        travel=tuple(travel),
        day_labels=tuple(f"Day {d + 1}" for d in range(day_count)),
        names=tuple((names or {}).items()),
        teams=tuple(teams),
        previous=tuple(previous),
        frozen_before=frozen_before,
    )


def assignment(
    session: str,
    start: str = "09:00",
    *,
    day: int = 0,
    minutes: int = 60,
    mode: Mode = "in_person",
    room: str | None = "r1",
    assessors: Iterable[str] = ("a1",),
    escort: str | None = None,
    attendees: Iterable[str] = (),
    support: Iterable[str] = (),
) -> Assignment:
    """A hand-made placement, for checker and score tests; the room 'r1' is dropped when virtual."""
    return Assignment(
        session=session,
        day=day,
        start=hm(start),
        end=hm(start) + minutes,
        mode=mode,
        room=None if mode == "virtual" and room == "r1" else room,
        assessors=tuple(assessors),
        escort=escort,
        attendees=tuple(attendees),
        support=tuple(support),
    )


def placed(solution_assignments: Iterable[Assignment]) -> dict[str, Assignment]:
    """Assignments by session id."""
    return {a.session: a for a in solution_assignments}
