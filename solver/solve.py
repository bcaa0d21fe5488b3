"""Solve a problem: build the model from the rules, search, and read back a checked timetable."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from solver.candidates import Lookup, SessionOptions, all_options
from solver.checker import find_violations
from solver.explain import blocking_reasons, static_reasons
from solver.objective import Term, build_objective
from solver.problem import MINUTES_PER_DAY, Assignment, Problem, Progress, Solution, Unplaced, Weights
from solver.rules import HARD_RULES
from solver.score import canonical_score
from solver.timeline import clock
from solver.variables import ModelVars

ProgressCallback = Callable[[Progress], None]

# Without a first timetable by this share of the time limit, the strict model gives way to the
# relaxed one, which always has a timetable (possibly missing some must sessions) to improve on.
STRICT_SHARE = 0.5


@dataclass
class Built:
    vars: ModelVars
    score_terms: list[Term]
    all_terms: list[Term]


def build_model(problem: Problem, lookup: Lookup, options: dict[str, SessionOptions], weights: Weights, strict: bool) -> Built:
    m = ModelVars(problem, lookup, options, strict)
    for rule in HARD_RULES:
        rule(m)
    m.post_calendars()
    score_terms, all_terms = build_objective(m, weights)
    return Built(m, score_terms, all_terms)


class _Watcher(cp_model.CpSolverSolutionCallback):
    """Reports each improving timetable and remembers the best one."""

    def __init__(self, built: Built, started: float, on_progress: ProgressCallback | None) -> None:
        super().__init__()
        self.built = built
        self.started = started
        self.on_progress = on_progress
        self.found = 0
        self.best: list[Assignment] | None = None

    def on_solution_callback(self) -> None:
        self.found += 1
        self.best = extract(self.built.vars, self.value)
        if self.on_progress is not None:
            score = sum(t.weight * self.value(t.expr) for t in self.built.score_terms)
            extras = self.objective_value - score
            self.on_progress(
                Progress(
                    elapsed=time.monotonic() - self.started,
                    score=int(score),
                    bound=int(self.best_objective_bound - extras),
                    placed=len(self.best),
                )
            )


def extract(m: ModelVars, value: Callable) -> list[Assignment]:
    out = []
    for sv in m.sessions.values():
        if not value(sv.present):
            continue
        t = next(t for t, lit in sv.starts_at.items() if value(lit))
        day, minute = divmod(t, MINUTES_PER_DAY)
        in_person = bool(value(sv.in_person))
        s = sv.session
        chosen = {p for p, lit in sv.attended_by.items() if value(lit)}
        attendees = tuple(s.required_people) + tuple(p for p in s.invited_people if p in chosen)
        out.append(
            Assignment(
                session=s.id,
                day=day,
                start=minute,
                end=minute + s.minutes,
                mode="in_person" if in_person else "virtual",
                room=next((r for r, lit in sv.in_room.items() if value(lit)), None) if in_person else None,
                assessors=tuple(a for a, lit in sv.assessed_by.items() if value(lit)),
                escort=next((p for p, lit in sv.escorted_by.items() if value(lit)), None) if in_person else None,
                attendees=attendees,
            )
        )
    return out


def _run(
    built: Built,
    time_limit: float,
    workers: int,
    seed: int,
    started: float,
    on_progress: ProgressCallback | None,
    stop: threading.Event | None,
    give_up_without_solution: float | None = None,
) -> tuple[cp_model.CpSolver, _Watcher, int]:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, time_limit)
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.random_seed = seed
    watcher = _Watcher(built, started, on_progress)
    finished = threading.Event()

    def watchdog() -> None:
        begun = time.monotonic()
        while not finished.wait(0.1):
            if stop is not None and stop.is_set():
                solver.stop_search()
                return
            waited = time.monotonic() - begun
            if give_up_without_solution is not None and watcher.found == 0 and waited > give_up_without_solution:
                solver.stop_search()
                return

    guard = threading.Thread(target=watchdog, daemon=True)
    guard.start()
    try:
        status = solver.solve(built.vars.model, watcher)
    finally:
        finished.set()
        guard.join()
    return solver, watcher, status


def solve(
    problem: Problem,
    *,
    weights: Weights = Weights(),
    time_limit: float = 30.0,
    workers: int = 2,
    seed: int = 0,
    relax: bool = False,
    on_progress: ProgressCallback | None = None,
    stop: threading.Event | None = None,
) -> Solution:
    """The best timetable found within the time limit, checked against every hard rule.

    When some must sessions cannot be placed, the result is INFEASIBLE and names them with
    reasons; with `relax` it also holds everything else that fits.
    """
    started = time.monotonic()
    lookup, options = all_options(problem)
    impossible = {
        s.id for s in problem.sessions if s.priority == "must" and not options[s.id].starts
    }
    solution_status = "UNKNOWN"
    assignments: list[Assignment] | None = None
    bound = 0
    strict_failed = bool(impossible)
    if not impossible:
        built = build_model(problem, lookup, options, weights, strict=True)
        solver, watcher, status = _run(
            built, time_limit, workers, seed, started, on_progress, stop, time_limit * STRICT_SHARE
        )
        if watcher.best is not None:
            assignments = watcher.best
            solution_status = "OPTIMAL" if status == cp_model.OPTIMAL else "FEASIBLE"
            extras = solver.objective_value - sum(t.weight * solver.value(t.expr) for t in built.score_terms)
            bound = int(solver.best_objective_bound - extras)
        elif status == cp_model.INFEASIBLE:
            strict_failed = True
        elif not (stop is not None and stop.is_set()):
            strict_failed = True  # no timetable in time: find out what does fit
    unplaced: list[Unplaced] = []
    if strict_failed and not (stop is not None and stop.is_set()):
        remaining = max(1.0, time_limit - (time.monotonic() - started))
        built = build_model(problem, lookup, options, weights, strict=False)
        solver, watcher, status = _run(built, remaining, workers, seed, started, on_progress, stop)
        placed = watcher.best or []
        placed_ids = {a.session for a in placed}
        missing = [s for s in problem.sessions if s.priority == "must" and s.id not in placed_ids]
        if missing:
            frozen_placed = tuple(placed)
            unplaced = [
                Unplaced(s.id, static_reasons(problem, lookup, options[s.id])
                         or blocking_reasons(problem, lookup, options[s.id], frozen_placed))
                for s in missing
            ]
            solution_status = "INFEASIBLE" if status in (cp_model.OPTIMAL, cp_model.INFEASIBLE) or impossible else "UNKNOWN"
            assignments = placed if relax else []
        else:
            assignments = placed
            solution_status = "OPTIMAL" if status == cp_model.OPTIMAL else "FEASIBLE"
            extras = solver.objective_value - sum(t.weight * solver.value(t.expr) for t in built.score_terms)
            bound = int(solver.best_objective_bound - extras)
    final = tuple(assignments or ())
    score, terms = canonical_score(problem, final, weights)
    violations = find_violations(problem, final)
    if violations:
        # A model bug must never reach a coordinator as a valid plan.
        raise RuntimeError("solver produced an invalid timetable: " + "; ".join(v.message for v in violations[:5]))
    return Solution(
        status=solution_status,  # type: ignore[arg-type]
        assignments=final,
        unplaced=tuple(unplaced),
        score=score,
        bound=max(bound, score) if final else bound,
        solve_seconds=round(time.monotonic() - started, 3),
        penalties=tuple((name, points) for name, points in terms.items() if points < 0),
        moved=describe_moves(problem, final),
    )


def describe_moves(problem: Problem, assignments: tuple[Assignment, ...]) -> tuple[tuple[str, str], ...]:
    """Re-planning: for each previously planned session, what changed and why, in words."""
    if not problem.previous:
        return ()
    lookup = Lookup(problem)
    now = {a.session: a for a in assignments}
    known = {s.id for s in problem.sessions}
    old_problems = {}
    for v in find_violations(problem, [a for a in problem.previous if a.session in known]):
        for sid in v.sessions:
            old_problems.setdefault(sid, v.message)
    out = []
    for old in problem.previous:
        new = now.get(old.session)
        why = f" because {old_problems[old.session]}" if old.session in old_problems else ""
        if old.session not in known:
            out.append((old.session, "removed from the visit"))
        elif new is None:
            out.append((old.session, f"no longer scheduled{why}"))
        else:
            changes = []
            if (new.day, new.start) != (old.day, old.start):
                changes.append(
                    f"moved from {lookup.day(old.day)} {clock(old.start)} to {lookup.day(new.day)} {clock(new.start)}"
                )
            if new.room != old.room:
                changes.append(f"room {lookup.name(old.room or 'virtual')} -> {lookup.name(new.room or 'virtual')}")
            if set(new.assessors) != set(old.assessors):
                changes.append("assessors changed")
            gone, came = set(old.attendees) - set(new.attendees), set(new.attendees) - set(old.attendees)
            if gone or came:
                changes.append(f"attendees: {len(came)} added, {len(gone)} removed")
            if new.escort != old.escort:
                changes.append("escort changed")
            if changes:
                out.append((old.session, "; ".join(changes) + (why or " to make room for other changes")))
    return tuple(out)
