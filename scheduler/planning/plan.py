"""Planning a visit: build the solver's problem, solve it, re-check it, and say what changed."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from scheduler import domain
from scheduler.planning.to_solver import build_problem, timetable_from_solution
from solver.checker import find_violations
from solver.parameters import ParameterValue
from solver.problem import Problem, Progress, Solution, Weights
from solver.solve import solve


@dataclass(frozen=True)
class PlanResult:
    timetable: domain.Timetable
    solution: Solution
    moved: tuple[tuple[str, str], ...]  # re-planning: (session id, what changed) against `previous`
    # Hard rules the plan breaks by the independent checker; empty unless the solver has a bug.
    rule_breaks: tuple[str, ...] = ()


def plan(
    visit: domain.Visit,
    *,
    previous: domain.Timetable | None = None,
    frozen_before: tuple[str, str] | None = None,
    not_earlier: Mapping[str, tuple[str, str]] | None = None,
    time_limit: float = 30.0,
    workers: int = 2,
    seed: int = 0,
    relax: bool = False,
    on_progress: Callable[[Progress], None] | None = None,
    stop: threading.Event | None = None,
    parameters: Mapping[str, ParameterValue] | None = None,
) -> PlanResult:
    """Solve the visit within `time_limit` seconds; with `previous`, keep that plan where possible.

    `frozen_before` ("YYYY-MM-DD", "HH:MM") with `previous`: what it starts before that moment is
    kept exactly and nothing else may start before it (H17). `not_earlier`: session id -> the
    moment it may not start before (what a day running late shifts was planned for).

    `parameters` are CP-SAT parameter overrides (FIELDWORK_CPSAT's, from the caller's Settings).
    """
    problem = build_problem(visit, previous, frozen_before, not_earlier)
    solution = solve(
        problem,
        weights=Weights(),
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        relax=relax,
        on_progress=on_progress,
        stop=stop,
        parameters=parameters,
    )
    return PlanResult(
        timetable=timetable_from_solution(visit, solution),
        solution=solution,
        moved=tuple(solution.moved),
        rule_breaks=rule_breaks(problem, solution),
    )


def rule_breaks(problem: Problem, solution: Solution) -> tuple[str, ...]:
    """What the checker finds wrong with a solution, beyond the unplaced sessions it admits to."""
    admitted = {unplaced.session for unplaced in solution.unplaced}
    if solution.status in ("INFEASIBLE", "UNKNOWN"):
        # Without --relax an unfinished plan holds nothing: every missing session is admitted.
        placed = {a.session for a in solution.assignments}
        admitted |= {s.id for s in problem.sessions} - placed
    return tuple(
        f"{violation.rule}: {violation.message}"
        for violation in find_violations(problem, solution.assignments)
        if not (violation.rule in ("H1", "H17") and set(violation.sessions) <= admitted)
    )
