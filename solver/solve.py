"""Solve a problem: build the model from the rules, search, and read back a checked timetable."""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from ortools.sat import sat_parameters_pb2
from ortools.sat.python import cp_model

from solver.best import BestPlan
from solver.candidates import Lookup, SessionOptions, all_options
from solver.checker import find_violations
from solver.construct import construct, improve
from solver.explain import blocking_reasons, frozen_reasons, static_reasons
from solver.hints import COMPLETION_SECONDS, complete_hint
from solver.objective import Term, build_objective, hint_assignments
from solver.parameters import Parameters, checked_parameters, configure
from solver.problem import MINUTES_PER_DAY, Assignment, Problem, Progress, Solution, Unplaced, Weights
from solver.rules import HARD_RULES
from solver.score import canonical_score, frontline_teams, missed_frontline_teams
from solver.timeline import clock
from solver.travel import Trip, broken_assessor_trips
from solver.variables import ModelVars

ProgressCallback = Callable[[Progress], None]
log = logging.getLogger(__name__)

# The share of the remaining time the must-sessions-only search may take before the whole
# visit is optimised from what it found.
CORE_SHARE = 0.5

# The shortest CP-SAT search worth starting; a shorter time limit gets the greedy start alone.
MIN_SEARCH_SECONDS = 0.2

# The share of the time left after the must sessions that ruin and recreate may take before
# CP-SAT polishes the whole visit and bounds its score.
IMPROVE_SHARE = 0.7

# The share of the time left that choosing people for the sessions as placed may take.
POLISH_SHARE = 0.15

# How many times the listing of every session's options a whole-visit CP-SAT search needs at least.
FULL_SEARCH_FACTOR = 5

# The time kept back at the end for CP-SAT's own overrun and the final checks.
RESERVE_SHARE = 0.05
MAX_RESERVE_SECONDS = 1.0

# The greedy start's share of the time limit, and its cap: it usually needs a fraction of it.
CONSTRUCT_SHARE = 0.1
MAX_CONSTRUCT_SECONDS = 2.0

# The first reason given for a must session left out when the time ran out, not proved impossible.
OUT_OF_TIME = "the time limit ran out before it was placed"

# How long a search round goes on collecting broken trips before it restarts with them.
LEARNING_SECONDS = 3.0

# After this many restarts for missing trips, every assessor trip goes into the model at once.
MAX_TRAVEL_ROUNDS = 12


@dataclass
class Built:
    vars: ModelVars
    score_terms: list[Term]
    all_terms: list[Term]

    @property
    def site_of_room(self) -> dict[str, str]:
        return {r.id: r.site for r in self.vars.problem.rooms}

    @property
    def travel_minutes(self) -> dict[tuple[str, str], int]:
        return self.vars.lookup.travel


def build_model(
    problem: Problem,
    lookup: Lookup,
    options: dict[str, SessionOptions],
    weights: Weights,
    strict: bool,
    feasibility_only: bool = False,
    assessor_trips: set[Trip] | None = None,
) -> Built:
    m = ModelVars(problem, lookup, options, strict)
    m.travel.assessor_trips_from_start = set(assessor_trips or ())
    for rule in HARD_RULES:
        rule(m)
    m.post_calendars()
    score_terms, all_terms = build_objective(m, weights, feasibility_only)
    return Built(m, score_terms, all_terms)


class _Watcher(cp_model.CpSolverSolutionCallback):
    """Keeps the best timetable that also keeps every assessor's travel time, and reports it.

    Timetables that break trips not yet in the model are collected for a while (so that one
    restart learns many trips), then stop the search, so that those trips can be added and the
    search resumed from the best valid timetable.
    """

    def __init__(self, built: Built, progress: _Reporter, collect_until: float) -> None:
        super().__init__()
        self.built = built
        self.progress = progress
        self.collect_until = collect_until
        self.best: list[Assignment] | None = None
        self.broken: set[Trip] = set()

    def on_solution_callback(self) -> None:
        found = extract(self.built.vars, self.value)
        broken = broken_assessor_trips(self.built.site_of_room, self.built.travel_minutes, found)
        if broken:
            self.broken |= broken
            if time.monotonic() >= self.collect_until:
                self.stop_search()
            return
        self.best = found
        bound = None
        if self.built.score_terms:
            score = sum(t.weight * self.value(t.expr) for t in self.built.score_terms)
            bound = int(self.best_objective_bound - (self.objective_value - score))
        self.progress.report(found, bound)


class _Reporter:
    """Turns timetables found in any phase into Progress reports."""

    def __init__(
        self, problem: Problem, weights: Weights, started: float, on_progress: ProgressCallback | None
    ):
        self.problem = problem
        self.weights = weights
        self.started = started
        self.on_progress = on_progress
        self.bound = trivial_bound(problem, weights)
        self.musts = {s.id for s in problem.sessions if s.priority == "must"}
        self.shown: tuple[int, int] | None = None
        self.keeper: BestPlan | None = None

    def report(self, assignments: list[Assignment], bound: int | None) -> None:
        if self.keeper is not None:
            # Every timetable any phase finds is a candidate: CP-SAT's own later ones can score
            # less by the canonical score than earlier ones (its site-change term is a bound).
            self.keeper.offer(assignments)
        if self.on_progress is None:
            return
        if bound is not None:
            self.bound = min(self.bound, bound)
        score, _ = canonical_score(self.problem, assignments, self.weights)
        musts = sum(1 for a in assignments if a.session in self.musts)
        # A phase's plans may start below the best of an earlier phase: report only progress.
        if self.shown is not None and (musts, score) < self.shown:
            return
        self.shown = (musts, score)
        self.on_progress(
            Progress(time.monotonic() - self.started, score, max(self.bound, score), len(assignments), musts)
        )


def trivial_bound(problem: Problem, w: Weights) -> int:
    """The score if every optional session and every invited seat were filled."""
    total = 0
    for s in problem.sessions:
        total += {"should": w.should, "reserve": w.reserve}.get(s.priority, 0)
        pool = len([p for p in s.invited_people if p not in s.required_people])
        total += w.pool_attendee * max(0, min(pool, s.max_attendees - len(s.required_people)))
    return total + w.frontline_team * len(frontline_teams(problem))


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
                escort=next((p for p, lit in sv.escorted_by.items() if value(lit)), None)
                if in_person
                else None,
                attendees=attendees,
                support=tuple(p for p, lit in sv.supported_by.items() if value(lit)),
            )
        )
    return out


@dataclass
class Run:
    status: cp_model.CpSolverStatus
    best: list[Assignment] | None
    bound: int | None
    assessor_trips: set[Trip]


def _run_once(
    built: Built,
    time_limit: float,
    workers: int,
    seed: int,
    progress: _Reporter,
    stop: threading.Event | None,
    overrides: sat_parameters_pb2.SatParameters,
) -> tuple[cp_model.CpSolverStatus, _Watcher, cp_model.CpSolver]:
    solver = cp_model.CpSolver()
    configure(
        solver,
        time_limit=max(0.1, time_limit),
        workers=workers,
        seed=seed,
        overrides=overrides,
        no_overlap_sizes=built.vars.no_overlap_sizes,
    )
    watcher = _Watcher(built, progress, time.monotonic() + min(time_limit, LEARNING_SECONDS))
    finished = threading.Event()

    def watchdog() -> None:
        while not finished.wait(0.1):
            if stop is not None and stop.is_set():
                solver.stop_search()
                return

    guard = threading.Thread(target=watchdog, daemon=True)
    guard.start()
    try:
        status = solver.solve(built.vars.model, watcher)
    finally:
        finished.set()
        guard.join()
    return status, watcher, solver


def _run(
    built: Built,
    time_limit: float,
    workers: int,
    seed: int,
    progress: _Reporter,
    stop: threading.Event | None,
    overrides: sat_parameters_pb2.SatParameters,
    start_from: list[Assignment] | None = None,
) -> Run:
    """Search until the time limit, adding assessors' trips to the model as timetables need them."""
    deadline = time.monotonic() + time_limit
    best = start_from
    if start_from is not None:
        hint_assignments(built.vars, start_from)
        complete_hint(built.vars.model, min(COMPLETION_SECONDS, time_limit / 4))
    rounds = 0
    while True:
        rounds += 1
        status, watcher, solver = _run_once(
            built, deadline - time.monotonic(), workers, seed, progress, stop, overrides
        )
        if watcher.best is not None:
            best = watcher.best
        out_of_time = time.monotonic() >= deadline - 0.2 or (stop is not None and stop.is_set())
        if not watcher.broken or out_of_time:
            finished = not watcher.broken and status in (cp_model.OPTIMAL, cp_model.INFEASIBLE)
            bound = None
            if built.score_terms and ((finished and status == cp_model.OPTIMAL) or watcher.best is not None):
                extras = solver.objective_value - sum(
                    t.weight * solver.value(t.expr) for t in built.score_terms
                )
                bound = int(solver.best_objective_bound - extras)
            return Run(
                status if finished else cp_model.FEASIBLE, best, bound, built.vars.travel.assessor_posted()
            )
        log.debug(
            "round %d: %.1f s left, best valid %s sessions, %d trips broken",
            rounds,
            deadline - time.monotonic(),
            len(best) if best is not None else None,
            len(watcher.broken),
        )
        if rounds >= MAX_TRAVEL_ROUNDS:
            built.vars.travel.constrain_all_assessor_trips()
        # An assessor who broke one trip tends to break others: take all of theirs at once.
        for who in sorted({trip[0] for trip in watcher.broken}):
            built.vars.travel.constrain_all_trips(who)
        built.vars.model.clear_hints()
        if best is not None:
            hint_assignments(built.vars, best)
            complete_hint(built.vars.model, min(COMPLETION_SECONDS, (deadline - time.monotonic()) / 4))


def polish(m: ModelVars, plan: list[Assignment], seconds: float, workers: int) -> list[Assignment]:
    """The plan with every session kept at its time, room and mode, and the best choice of who
    assesses, attends and escorts each: a small problem once the rest is fixed. [] when none."""
    if not plan or seconds <= 0:
        return []
    hint_assignments(m, plan)
    free = [
        lit.index
        for sv in m.sessions.values()
        for group in (sv.assessed_by, sv.attended_by, sv.escorted_by)
        for lit in group.values()
    ]
    if not complete_hint(m.model, seconds, free=free, workers=workers):
        return []
    hint = m.model.proto.solution_hint
    values = dict(zip(list(hint.vars), list(hint.values), strict=True))
    return extract(m, lambda var: values[var.index])


def must_sessions_only(problem: Problem) -> Problem:
    """The must sessions, and the sessions that had started (H17), which are held whatever their
    priority: a plan of the musts alone must not take the past's rooms and people."""
    frozen = {a.session for a in problem.frozen()}
    musts = {s.id for s in problem.sessions if s.priority == "must"} | frozen
    sessions = tuple(
        replace(s, priority="must", after=tuple(a for a in s.after if a in musts))
        for s in problem.sessions
        if s.id in musts
    )
    return replace(problem, sessions=sessions)


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
    parameters: Parameters | None = None,
) -> Solution:
    """The best timetable found within the time limit, checked against every hard rule.

    First a greedy timetable (solver.construct: usually every must session in well under a
    second), then, only if it left must sessions out, CP-SAT on the must sessions alone, then
    the whole visit optimised from the best timetable so far. The result is the best timetable
    of any phase: more must sessions first, then the higher score. When some must sessions are
    proved impossible the status is INFEASIBLE and names them with reasons (with `relax` the
    timetable also holds everything else that fits); when time ran out first it is UNKNOWN and
    the timetable holds what was placed. `workers` 0 means every core. `parameters` are CP-SAT
    parameters set on top of ours (ParameterError names a bad one).
    """
    overrides = checked_parameters(parameters)
    started = time.monotonic()
    stopped = lambda: stop is not None and stop.is_set()  # noqa: E731
    remaining = lambda: time_limit - (time.monotonic() - started)  # noqa: E731
    # A search shorter than this finds nothing on any visit worth searching: skip it.
    searching = lambda: not stopped() and remaining() >= MIN_SEARCH_SECONDS  # noqa: E731
    progress = _Reporter(problem, weights, started, on_progress)
    listed = time.monotonic()
    lookup, options = all_options(problem)
    # Building the whole model and CP-SAT's presolve take a few times as long as listing the
    # options; a full search that cannot get that long would only overrun the limit.
    full_search = FULL_SEARCH_FACTOR * (time.monotonic() - listed)
    core_problem = must_sessions_only(problem)
    musts = {s.id for s in core_problem.sessions}
    possible = all(options[sid].starts for sid in musts)
    best = BestPlan(problem, weights)
    progress.keeper = best

    start = construct(
        problem,
        lookup,
        options,
        seed=seed,
        seconds=min(MAX_CONSTRUCT_SECONDS, CONSTRUCT_SHARE * time_limit),
        keep=still_valid(problem, problem.previous),
    )
    if best.offer(start):
        progress.report(start, None)

    # CP-SAT on the must sessions alone, only when the greedy start left some out: every
    # timetable found is progress, and the optimum proves which cannot be placed together.
    core = None
    if searching() and not musts <= best.placed:
        built = build_model(core_problem, lookup, options, weights, strict=False, feasibility_only=True)
        hint = [a for a in best.plan if a.session in musts] or list(still_valid(problem, problem.previous))
        core = _run(built, remaining() * CORE_SHARE, workers, seed, progress, stop, overrides, hint or None)
        best.offer(core.best or [])
        # The model's variables and its travel constraints refer to each other, so the core model
        # would wait for a garbage collection while the whole visit's model is built and solved.
        del built
        gc.collect()
    # Ruin and recreate from the best timetable: far quicker than CP-SAT at placing the optional
    # sessions left out, which are most of the score.
    reserve = min(MAX_RESERVE_SECONDS, RESERVE_SHARE * time_limit)
    # Decided once: CP-SAT on the whole visit, or no time for it and ruin and recreate to the end.
    last_step = remaining() < full_search + reserve
    if searching():
        if last_step:
            improving = remaining() - reserve
        else:
            improving = min(remaining() * IMPROVE_SHARE, remaining() - full_search)
        better = improve(
            problem,
            lookup,
            options,
            best.plan,
            seed=seed,
            seconds=improving,
            stop_when_stalled=not last_step,
            on_better=lambda plan: progress.report(plan, None),
            stopped=stopped,
            value=best.value,
        )
        best.offer(better)
    strict = possible and musts <= best.placed

    full = None
    if searching() and not last_step:
        trips = core.assessor_trips if core is not None else set()
        built = build_model(problem, lookup, options, weights, strict=strict, assessor_trips=trips)
        # The best timetable so far keeps every trip, so it is a valid start for the whole model
        # with every trip in it, which then never needs a restart for a missing one.
        built.vars.travel.constrain_all_assessor_trips()
        if best.offer(polish(built.vars, best.plan, remaining() * POLISH_SHARE, workers)):
            progress.report(best.plan, None)
        # CP-SAT stops a little after its limit, and the checks after it take a moment too.
        full = _run(
            built,
            max(MIN_SEARCH_SECONDS, remaining() - reserve),
            workers,
            seed,
            progress,
            stop,
            overrides,
            best.plan,
        )
        best.offer(full.best or [])
    plan = best.plan

    placed_ids = {a.session for a in plan}
    missing = [s for s in problem.sessions if s.priority == "must" and s.id not in placed_ids]
    proven = (core is not None and core.status == cp_model.OPTIMAL) or not possible
    unplaced = [
        Unplaced(
            s.id,
            frozen_reasons(problem, lookup, s.id)
            or static_reasons(problem, lookup, options[s.id])
            or (() if proven else (OUT_OF_TIME,))
            + blocking_reasons(problem, lookup, options[s.id], tuple(plan)),
        )
        for s in missing
    ]
    # A session that had started but could not be kept (H17) is named too, whatever its priority.
    unplaced += [
        Unplaced(
            a.session,
            frozen_reasons(problem, lookup, a.session) or ("it had started, but could not be kept",),
        )
        for a in problem.frozen()
        if a.session in options and a.session not in placed_ids and a.session not in {s.id for s in missing}
    ]
    if missing:
        status = "INFEASIBLE" if proven else "UNKNOWN"
        # Proved impossible: the plan is only wanted when asked for (`relax`). Out of time: the
        # plan so far is the best there is, and a coordinator should see it.
        final: tuple[Assignment, ...] = tuple(plan) if relax or not proven else ()
    else:
        optimal = (
            full is not None
            and full.status == cp_model.OPTIMAL
            and strict
            and (full.best is None or best.value(plan) >= best.value(full.best))
        )
        status = "OPTIMAL" if optimal else "FEASIBLE"
        final = tuple(plan)
    score, terms = canonical_score(problem, final, weights)
    left_out = {u.session for u in unplaced} | ({s.id for s in problem.sessions} - {a.session for a in final})
    violations = [
        v
        for v in find_violations(problem, final)
        if not (v.rule in ("H1", "H17") and set(v.sessions) <= left_out)
    ]
    if violations:
        # A model bug must never reach a coordinator as a valid plan.
        raise RuntimeError(
            "solver produced an invalid timetable: " + "; ".join(v.message for v in violations[:5])
        )
    bound = full.bound if full is not None and full.bound is not None else progress.bound
    # A relaxed model's bound still counts must sessions it might add; no score exceeds this one.
    bound = min(bound, trivial_bound(problem, weights))
    return Solution(
        status=status,  # type: ignore[arg-type]
        assignments=final,
        unplaced=tuple(unplaced),
        score=score,
        bound=max(bound, score),
        solve_seconds=round(time.monotonic() - started, 3),
        penalties=tuple((name, points) for name, points in terms.items() if points < 0),
        moved=describe_moves(problem, final) if final else (),
        frontline_missed=missed_frontline_teams(problem, final),
    )


def still_valid(problem: Problem, previous: tuple[Assignment, ...]) -> list[Assignment]:
    """The previous plan's assignments that still keep every hard rule together (re-planning).

    Where a frozen session (H17) and one that may move break a rule together, the one that may
    move gives way: a previous plan shifted by hand ("the day runs late") must not cost the past.
    """
    known = {s.id for s in problem.sessions}
    frozen = {a.session for a in problem.frozen()}
    kept = [a for a in previous if a.session in known]
    while kept:
        placed = {a.session for a in kept}
        unplaced = known - placed
        broken: set[str] = set()
        for v in find_violations(problem, kept):
            if not (v.rule == "H1" and set(v.sessions) <= unplaced):
                involved = set(v.sessions) & placed
                broken |= involved - frozen or involved or placed
        if not broken:
            break
        kept = [a for a in kept if a.session not in broken]
    return kept


def describe_moves(problem: Problem, assignments: tuple[Assignment, ...]) -> tuple[tuple[str, str], ...]:
    """Re-planning: for each previously planned session, what changed and why, in words."""
    if not problem.previous:
        return ()
    lookup = Lookup(problem)
    now = {a.session: a for a in assignments}
    known = {s.id for s in problem.sessions}
    old_problems: dict[str, str] = {}
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
                    f"moved from {lookup.day(old.day)} {clock(old.start)} "
                    f"to {lookup.day(new.day)} {clock(new.start)}"
                )
            if new.room != old.room:
                changes.append(
                    f"room {lookup.name(old.room or 'virtual')} -> {lookup.name(new.room or 'virtual')}"
                )
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
