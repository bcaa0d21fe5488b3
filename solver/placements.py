"""Where a new or changed session could go, and what each choice would disturb.

The current timetable becomes `Problem.previous`, so the stability terms of the objective make
every move of an already planned session costly: the best placements are the ones that slot
the session in while moving as little as possible. After each solve the placement found is
excluded (its start and room) and the model solved again, so the few placements offered really
differ from one another.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ortools.sat import sat_parameters_pb2
from ortools.sat.python import cp_model

from solver.candidates import SessionOptions, all_options
from solver.checker import find_violations
from solver.objective import MUST_PLACED_POINTS, hint_assignments
from solver.parameters import Parameters, checked_parameters, configure
from solver.problem import MINUTES_PER_DAY, Assignment, Problem, Weights
from solver.score import canonical_score
from solver.solve import build_model, extract
from solver.variables import ModelVars, SessionVars


@dataclass(frozen=True)
class Placement:
    """One way to hold the session, with everything it would change in the current timetable."""

    assignment: Assignment  # the new session's own placement
    assignments: tuple[Assignment, ...]  # the whole timetable with it
    moved: tuple[str, ...]  # planned sessions whose day, start or room change
    dropped: tuple[str, ...]  # planned sessions no longer held (e.g. the one being replaced)
    renotify: tuple[str, ...]  # people and assessors whose own events change (ids, sorted)
    rooms_rebooked: tuple[str, ...]  # rooms whose bookings change (ids, sorted)
    score: int  # the canonical score of `assignments`
    objective: int  # the score with the stability costs of the moves: what the ranking uses


def rank_placements(
    problem: Problem,
    current: tuple[Assignment, ...],
    session_id: str,
    *,
    count: int = 3,
    time_limit: float = 4.0,
    workers: int = 2,
    seed: int = 0,
    weights: Weights = Weights(),
    parameters: Parameters | None = None,
) -> list[Placement]:
    """Up to `count` different placements of the session, best first; [] when none is found.

    A whole large visit is too much to re-solve in a few seconds, so the search widens in
    steps: first every other session stays exactly where it is; when that leaves too few
    placements, room is made at one possible start at a time by moving what runs then; only
    when that finds nothing, the whole timetable. Every step has the same objective (with the
    stability costs), so the placements rank on one scale. `parameters` are CP-SAT parameters
    set on top of ours, as in `solve`.
    """
    overrides = checked_parameters(parameters)
    started = time.monotonic()
    problem = replace(problem, previous=current)
    lookup, options = all_options(problem)
    if session_id not in options:
        raise KeyError(f"the problem has no session {session_id}")
    if not options[session_id].starts:
        return []
    # Built as a relaxed model so that the current plan, without the session, is a complete
    # starting point; placing the session is then worth more than anything else.
    built = build_model(problem, lookup, options, weights, strict=False)
    m = built.vars
    # solve() adds assessors' journeys lazily over several rounds; a preview has no time for
    # rounds, so every journey rule goes in from the start.
    m.travel.constrain_all_assessor_trips()
    target = m.sessions[session_id]
    planned = {a.session: a for a in current if a.session in m.sessions and a.session != session_id}
    for sid in planned:
        if m.sessions[sid].session.priority == "must" and options[sid].starts:
            m.model.add(m.sessions[sid].present == 1)  # a must session planned now stays planned
    objective = cp_model.LinearExpr.weighted_sum(
        [t.expr for t in built.all_terms] + [target.present],
        [t.weight for t in built.all_terms] + [PLACING_POINTS],
    )
    m.model.maximize(objective)
    hint_assignments(m, planned.values())

    def left() -> float:
        return time_limit - (time.monotonic() - started)

    found: list[Placement] = []

    def search(model: cp_model.CpModel, seconds: float) -> bool:
        """Solve once; record the placement found (and exclude it from later solves), if any."""
        for placement in found:
            _exclude(model, target, placement.assignment)
        assignments, objective = _solve_once(model, m, seconds, workers, seed, overrides)
        if assignments is None or not any(a.session == session_id for a in assignments):
            return False
        musts = sum(m.sessions[a.session].session.priority == "must" for a in assignments)
        objective -= PLACING_POINTS + MUST_PLACED_POINTS * musts
        found.append(_placement(problem, current, session_id, tuple(assignments), objective, weights))
        return True

    # 1. Nothing else moves: the free slots that fit.
    still_in_place = _frozen_except(m, planned, free={session_id})
    while len(found) < count and left() > 0.05 and search(still_in_place, left() / 2):
        pass
    # 2. Make room at one start at a time, the least busy first, moving only what runs then.
    tried = {p.assignment.day * MINUTES_PER_DAY + p.assignment.start for p in found}
    for t, running in _quietest_starts(problem, options[session_id], planned):
        if len(found) >= count or left() <= 0.05:
            break
        if t in tried:
            continue
        model = _frozen_except(m, planned, free={session_id} | running)
        model.add(target.starts_at[t] == 1)
        search(model, min(left(), max(0.5, left() / (count - len(found) + 1))))
    # 3. Nothing found so close to the current plan: let the whole timetable move.
    if not found and left() > 0.05:
        search(m.model, left())
    return sorted(found, key=lambda p: -p.objective)


# Placing the session outweighs every other term, must sessions' own included.
PLACING_POINTS = 10 * MUST_PLACED_POINTS


def _quietest_starts(
    problem: Problem, opt: SessionOptions, planned: dict[str, Assignment]
) -> list[tuple[int, set[str]]]:
    """The session's possible starts, each with the planned sessions running then (or an escort
    duty or a journey away), fewest first: the cheapest places to make room."""
    margin = problem.escort_minutes + max((minutes for _, _, minutes in problem.travel), default=0)
    spans = {
        sid: (a.day * MINUTES_PER_DAY + a.start - margin, a.day * MINUTES_PER_DAY + a.end + margin)
        for sid, a in planned.items()
    }
    minutes = opt.session.minutes
    around = [
        (t, {sid for sid, (start, end) in spans.items() if start < t + minutes and t < end})
        for t in opt.starts
    ]
    return sorted(around, key=lambda entry: (len(entry[1]), entry[0]))


def _frozen_except(m: ModelVars, planned: dict[str, Assignment], free: set[str]) -> cp_model.CpModel:
    """A copy of the model in which every planned session outside `free` keeps its placement and
    every unplanned optional one stays out."""
    model = m.model.clone()
    for sid, sv in m.sessions.items():
        if sid in free:
            continue
        a = planned.get(sid)
        if a is None:
            if sv.session.priority != "must":
                model.add(sv.present == 0)
            continue
        _keep(model, sv, a)
    return model


def _keep(model: cp_model.CpModel, sv: SessionVars, a: Assignment) -> None:
    """Fix the session's variables to its placement, when the model can still hold that placement."""
    at = sv.starts_at.get(a.day * MINUTES_PER_DAY + a.start)
    chosen = [*a.assessors, *(p for p in a.attendees if p in sv.attended_by)]
    if at is None or (a.room is not None and a.room not in sv.in_room):
        return
    if any(x not in sv.assessed_by and x not in sv.attended_by for x in chosen):
        return
    if a.escort is not None and a.escort not in sv.escorted_by:
        return
    model.add(at == 1)
    model.add(sv.in_person == int(a.mode == "in_person"))
    for group, wanted in (
        (sv.in_room, {a.room}),
        (sv.assessed_by, set(a.assessors)),
        (sv.attended_by, set(a.attendees)),
        (sv.escorted_by, {a.escort}),
    ):
        for key, lit in group.items():
            model.add(lit == int(key in wanted))


def _solve_once(
    model: cp_model.CpModel,
    m: ModelVars,
    time_limit: float,
    workers: int,
    seed: int,
    overrides: sat_parameters_pb2.SatParameters,
) -> tuple[list[Assignment] | None, int]:
    solver = cp_model.CpSolver()
    configure(
        solver,
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        overrides=overrides,
        no_overlap_sizes=m.no_overlap_sizes,
    )
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, 0
    # A clone shares the original's variable indexes, so the original's variables read its values.
    return extract(m, solver.value), round(solver.objective_value)


def _exclude(model: cp_model.CpModel, sv: SessionVars, placed: Assignment) -> None:
    """Forbid this start with this room (or this start held virtually) for the session."""
    at = sv.starts_at[placed.day * MINUTES_PER_DAY + placed.start]
    if placed.room is not None:
        model.add_bool_or([at.Not(), sv.in_room[placed.room].Not()])
    else:
        model.add_bool_or([at.Not(), sv.in_person])


def _placement(
    problem: Problem,
    current: tuple[Assignment, ...],
    session_id: str,
    assignments: tuple[Assignment, ...],
    objective: int,
    weights: Weights,
) -> Placement:
    violations = find_violations(problem, assignments)
    if any(v.rule != "H1" for v in violations):
        # A model bug must never reach a coordinator as a valid choice.
        raise RuntimeError("placement breaks a rule: " + "; ".join(v.message for v in violations[:5]))
    impact = describe_impact(current, assignments)
    score, _ = canonical_score(problem, assignments, weights)
    return Placement(
        assignment=next(a for a in assignments if a.session == session_id),
        assignments=assignments,
        moved=impact.moved,
        dropped=impact.dropped,
        renotify=impact.renotify,
        rooms_rebooked=impact.rooms_rebooked,
        score=score,
        objective=objective,
    )


@dataclass(frozen=True)
class Impact:
    moved: tuple[str, ...]
    added: tuple[str, ...]
    dropped: tuple[str, ...]
    renotify: tuple[str, ...]
    rooms_rebooked: tuple[str, ...]


def _everyone(a: Assignment) -> set[str]:
    return set(a.attendees) | set(a.assessors) | ({a.escort} if a.escort else set())


def describe_impact(before: Iterable[Assignment], after: Iterable[Assignment]) -> Impact:
    """What changes from one timetable to another: sessions moved, added and dropped, the people
    whose own events change (everyone in a session that moves, only those joining or leaving one
    that stays put) and the rooms whose bookings change."""
    old = {a.session: a for a in before}
    new = {a.session: a for a in after}
    moved, added, dropped = [], [], []
    people: set[str] = set()
    rooms: set[str] = set()
    for sid, a in new.items():
        was = old.get(sid)
        if was is None:
            added.append(sid)
            people |= _everyone(a)
            rooms |= {a.room} if a.room else set()
            continue
        if (was.day, was.start, was.end, was.mode, was.room) != (a.day, a.start, a.end, a.mode, a.room):
            if (was.day, was.start, was.room) != (a.day, a.start, a.room):
                moved.append(sid)
            people |= _everyone(was) | _everyone(a)
            rooms |= {r for r in (was.room, a.room) if r}
        else:
            people |= _everyone(was) ^ _everyone(a)
    for sid, was in old.items():
        if sid not in new:
            dropped.append(sid)
            people |= _everyone(was)
            rooms |= {was.room} if was.room else set()
    return Impact(tuple(moved), tuple(added), tuple(dropped), tuple(sorted(people)), tuple(sorted(rooms)))
