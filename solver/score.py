"""The canonical score of a set of assignments (spec: visit-format.md, "Canonical score").

Computed from the assignments alone, independently of the CP-SAT model, so that a solver's own
objective can be checked against it and timetables from different solvers compared on one
number. Mirrors shared/tools/checker.py's `measure`: assignments naming an unknown session, and
ids naming no known person, assessor or room, are ignored rather than rejected (the rule checker
reports them).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import pairwise

from solver.problem import MINUTES_PER_DAY, Assignment, Problem, Span, Weights

SCORE_TERMS = (
    "should",
    "reserve",
    "pool_attendee",
    "if_needed",
    "virtual_either",
    "site_change",
    "frontline_team",
)


def canonical_score(
    problem: Problem, assignments: Iterable[Assignment], weights: Weights = Weights()
) -> tuple[int, dict[str, int]]:
    """The total score and the points each named term contributes (zero terms included)."""
    sessions = {s.id: s for s in problem.sessions}
    known = [a for a in assignments if a.session in sessions]
    counts = {
        "should": _placed_sessions(problem, known, "should"),
        "reserve": _placed_sessions(problem, known, "reserve"),
        "pool_attendee": _pool_attendees(problem, known),
        "if_needed": _if_needed_attendances(problem, known),
        "virtual_either": sum(a.mode == "virtual" and sessions[a.session].mode == "either" for a in known),
        "site_change": _assessor_site_changes(problem, known),
        "frontline_team": len(frontline_teams(problem)) - len(missed_frontline_teams(problem, known)),
    }
    terms = {name: counts[name] * getattr(weights, name) for name in SCORE_TERMS}
    return sum(terms.values()), terms


def frontline_teams(problem: Problem) -> list[str]:
    return [team.name for team in problem.teams if team.frontline]


def missed_frontline_teams(problem: Problem, assignments: Iterable[Assignment]) -> tuple[str, ...]:
    """Frontline teams, in the visit's order, with no member attending any focus group."""
    sessions = {s.id: s for s in problem.sessions}
    team_of = {p.id: p.team for p in problem.people}
    heard = {
        team_of.get(pid)
        for a in assignments
        if a.session in sessions and sessions[a.session].is_focus_group
        for pid in a.attendees
    }
    return tuple(name for name in frontline_teams(problem) if name not in heard)


def _placed_sessions(problem: Problem, assignments: list[Assignment], priority: str) -> int:
    placed = {a.session for a in assignments}
    return sum(s.priority == priority and s.id in placed for s in problem.sessions)


def _pool_attendees(problem: Problem, assignments: list[Assignment]) -> int:
    sessions = {s.id: s for s in problem.sessions}
    people = {p.id for p in problem.people}
    total = 0
    for a in assignments:
        session = sessions[a.session]
        chosen = set(a.attendees) & people
        total += len({p for p in chosen if p in session.invited_people and p not in session.required_people})
    return total


def _if_needed_attendances(problem: Problem, assignments: list[Assignment]) -> int:
    if_needed = {p.id: p.if_needed for p in problem.people}
    total = 0
    for a in assignments:
        start, end = _on_timeline(a)
        for person in set(a.attendees) & if_needed.keys():
            total += any(_overlaps(start, end, low, high) for low, high in if_needed[person])
    return total


def _assessor_site_changes(problem: Problem, assignments: list[Assignment]) -> int:
    assessors = {a.id for a in problem.assessors}
    site_of = {r.id: r.site for r in problem.rooms}
    # Sessions of one assessor on one day, in input order; sorted by start below (stable, as
    # the shared checker does).
    days: dict[tuple[str, int], list[Assignment]] = defaultdict(list)
    for a in assignments:
        if a.mode != "in_person" or a.room not in site_of:
            continue
        for name in sorted(set(a.assessors) & assessors):
            days[(name, a.day)].append(a)
    changes = 0
    for items in days.values():
        sites = [site_of[a.room] for a in sorted(items, key=lambda a: a.start) if a.room is not None]
        changes += sum(here != there for here, there in pairwise(sites))
    return changes


def _on_timeline(a: Assignment) -> Span:
    return a.day * MINUTES_PER_DAY + a.start, a.day * MINUTES_PER_DAY + a.end


def _overlaps(start1: int, end1: int, start2: int, end2: int) -> bool:
    return start1 < end2 and start2 < end1
