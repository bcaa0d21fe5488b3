"""The smallest single changes that would give an impossible must session a possible start.

Each candidate is one change of the problem a coordinator can make in one click ("hold it
virtually", "treat A. Smith's unavailable time on Tuesday as 'if needed'"); only those after
which the session has some possible start (solver.candidates) are offered, smallest first.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from solver.candidates import Lookup, session_options
from solver.problem import MINUTES_PER_DAY, Person, Problem, Session, Span
from solver.timeline import clock, merge


@dataclass(frozen=True)
class Relaxation:
    key: str  # stable id of the change: "virtual", "if_needed:p3:1", "invite:p3", ...
    kind: str  # if_needed | virtual | invite | any_assessor | any_time | any_day | unpin
    text: str  # the change in the coordinator's words
    size: int  # how much it gives away; smaller is offered first
    problem: Problem  # the problem with the change made
    person: str | None = None  # if_needed and invite: whose entry changes
    day: int | None = None  # if_needed: the visit day
    spans: tuple[Span, ...] = ()  # if_needed: the times that become "if needed"


def suggest_relaxations(problem: Problem, session_id: str) -> list[Relaxation]:
    """Single relaxations after which the session has a possible start; [] when it has one already."""
    lookup = Lookup(problem)
    session = lookup.sessions.get(session_id)
    if session is None:
        raise KeyError(f"the problem has no session {session_id}")
    if session_options(problem, lookup, session).starts:
        return []
    candidates = [
        *_if_needed_time(problem, lookup, session),
        *_session_changes(problem, lookup, session),
    ]
    works = [c for c in candidates if _has_a_start(c.problem, session_id)]
    return sorted(works, key=lambda c: c.size)  # stable: the order above breaks ties


def _has_a_start(problem: Problem, session_id: str) -> bool:
    lookup = Lookup(problem)
    return bool(session_options(problem, lookup, lookup.sessions[session_id]).starts)


def _title(session: Session) -> str:
    return f"'{session.title or session.id}'"


def _with_session(problem: Problem, changed: Session) -> Problem:
    return replace(problem, sessions=tuple(changed if s.id == changed.id else s for s in problem.sessions))


def _with_person(problem: Problem, changed: Person) -> Problem:
    return replace(problem, people=tuple(changed if p.id == changed.id else p for p in problem.people))


def _missing_time(problem: Problem, person: Person, day: int) -> tuple[Span, ...]:
    """The parts of the visit day the person has not said they are free."""
    low, high = day * MINUTES_PER_DAY + problem.day_start, day * MINUTES_PER_DAY + problem.day_end
    gaps, cursor = [], low
    for start, end in merge(person.available or ()):
        if end <= cursor or start >= high:
            continue
        if start > cursor:
            gaps.append((cursor, start))
        cursor = max(cursor, end)
    if cursor < high:
        gaps.append((cursor, high))
    return tuple(gaps)


def _if_needed_time(problem: Problem, lookup: Lookup, session: Session) -> list[Relaxation]:
    """For each required person, their supporters too, and each allowed day: the time away as 'if needed'."""
    out = []
    days = session.days or tuple(range(problem.day_count))
    supporters = [h for pid in session.required_people for h in lookup.people[pid].supporters]
    for pid in dict.fromkeys((*session.required_people, *supporters)):
        person = lookup.people[pid]
        if person.available is None:
            continue
        for day in days:
            gaps = _missing_time(problem, person, day)
            if not gaps:
                continue
            relaxed = replace(
                person,
                available=merge((*person.available, *gaps)),
                if_needed=merge((*person.if_needed, *gaps)),
            )
            times = ", ".join(f"{clock(a)}-{clock(b)}" for a, b in gaps)
            out.append(
                Relaxation(
                    key=f"if_needed:{pid}:{day}",
                    kind="if_needed",
                    text=(
                        f"treat {lookup.name(pid)}'s unavailable time on {lookup.day(day)} ({times})"
                        " as 'if needed'"
                    ),
                    size=1,
                    problem=_with_person(problem, relaxed),
                    person=pid,
                    day=day,
                    spans=gaps,
                )
            )
    return out


def _session_changes(problem: Problem, lookup: Lookup, session: Session) -> list[Relaxation]:
    """Changes of the session itself: its mode, its people, its assessors, its times, its pin."""
    out = []

    def offer(key: str, kind: str, text: str, size: int, changed: Session, person: str | None = None) -> None:
        out.append(Relaxation(key, kind, text, size, _with_session(problem, changed), person=person))

    title = _title(session)
    if session.mode == "in_person" and (session.fixed is None or session.fixed.mode is None):
        offer("virtual", "virtual", f"hold {title} virtually if need be", 1, replace(session, mode="either"))
    if session.not_before is not None or session.not_after is not None:
        offer(
            "any_time",
            "any_time",
            f"drop the time window of {title}",
            2,
            replace(session, not_before=None, not_after=None),
        )
    if session.days:
        offer("any_day", "any_day", f"allow {title} on any day of the visit", 2, replace(session, days=()))
    if session.assessors_from is not None:
        offer(
            "any_assessor",
            "any_assessor",
            f"allow any assessor for {title}",
            2,
            replace(session, assessors_from=None),
        )
    for pid in session.required_people:
        required = tuple(p for p in session.required_people if p != pid)
        fewest = (
            session.min_attendees - 1
            if session.min_attendees <= len(session.required_people)
            else session.min_attendees
        )
        changed = replace(
            session,
            required_people=required,
            invited_people=(*session.invited_people, pid)
            if pid not in session.invited_people
            else session.invited_people,
            min_attendees=max(0, fewest),
        )
        offer(
            f"invite:{pid}",
            "invite",
            f"make {lookup.name(pid)} optional (invited) for {title}",
            3,
            changed,
            pid,
        )
    if session.fixed is not None:
        offer("unpin", "unpin", f"unpin {title}", 3, replace(session, fixed=None))
    return out
