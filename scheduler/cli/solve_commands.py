"""`fieldwork validate`, `fieldwork solve` and `fieldwork show`: working on files, no database.

Exit codes: 0 done (every must session placed); 2 a file or argument is wrong; 3 some must
session is proved impossible to place; 4 the time limit ran out before every must session was
placed (the plan so far is written); 1 the plan breaks a hard rule (a solver bug: never expected).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from scheduler import domain
from scheduler.domain.clocktime import date_of, is_clock
from scheduler.domain.timetable_text import placed_counts_text, render_timetable
from scheduler.files.timetable_file import TimetableFileError, dump_timetable, load_timetable
from scheduler.files.visit_file import VisitFileError, load_visit
from scheduler.planning.plan import PlanResult, plan
from scheduler.planning.solve_time import time_advice
from scheduler.planning.solver_settings import (
    ENVIRONMENT_VARIABLE,
    SolverSettingsError,
    parse_overrides,
)
from solver.problem import Progress

EXIT_OK = 0
EXIT_RULE_BROKEN = 1
EXIT_BAD_INPUT = 2
EXIT_MUST_UNPLACED = 3
EXIT_OUT_OF_TIME = 4


def register(subparsers: Any) -> None:
    validate = subparsers.add_parser("validate", help="check a visit file and list every problem in it")
    validate.add_argument("visit", type=Path, metavar="VISIT.json")
    validate.set_defaults(handler=run_validate)

    solve = subparsers.add_parser("solve", help="plan a visit file and write its timetable file")
    solve.add_argument("visit", type=Path, metavar="VISIT.json")
    solve.add_argument("-o", "--output", type=Path, required=True, metavar="TT.json")
    solve.add_argument("--time-limit", type=_positive_float, default=60.0, metavar="S", help="default 60")
    solve.add_argument(
        "--workers", type=_workers, default=2, metavar="N", help="search threads; 0 = every core (default 2)"
    )
    solve.add_argument("--seed", type=int, default=0, metavar="N", help="default 0")
    solve.add_argument(
        "--keep", type=Path, metavar="PREV.json", help="an earlier timetable to change as little as possible"
    )
    solve.add_argument(
        "--frozen-before",
        type=_moment,
        metavar="'YYYY-MM-DD HH:MM'",
        help="with --keep: what PREV starts before this moment stays as it is; nothing new starts before it",
    )
    solve.add_argument(
        "--relax", action="store_true", help="when some must sessions cannot be placed, still place the rest"
    )
    solve.add_argument(
        "--cpsat",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help=f"a CP-SAT parameter, e.g. num_workers=4 (repeatable; on top of {ENVIRONMENT_VARIABLE})",
    )
    solve.set_defaults(handler=run_solve, refusal=lambda args: f"cannot plan {args.visit}")

    show = subparsers.add_parser("show", help="print a timetable day by day")
    show.add_argument("visit", type=Path, metavar="VISIT.json")
    show.add_argument("timetable", type=Path, metavar="TT.json")
    show.set_defaults(handler=run_show)


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text} must be more than 0")
    return value


def _moment(text: str) -> tuple[str, str]:
    day, _, clock = text.strip().partition(" ")
    if date_of(day) is None or not is_clock(clock.strip()):
        raise argparse.ArgumentTypeError(f"{text!r} is not a moment 'YYYY-MM-DD HH:MM'")
    return day, clock.strip()


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} must be at least 1")
    return value


def _workers(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} must be 0 (every core) or more")
    return value


# ---------------------------------------------------------------- validate


def run_validate(args: argparse.Namespace) -> int:
    try:
        visit = load_visit(args.visit)
    except VisitFileError as exc:
        _print_problems(sys.stdout, f"INVALID: {args.visit}", exc.problems)
        return EXIT_BAD_INPUT
    print(f"VALID: {visit.name} ({_visit_counts(visit)})")
    return EXIT_OK


def _visit_counts(visit: domain.Visit) -> str:
    parts = [
        _count(len(visit.days), "day"),
        _count(len(visit.sessions), "session"),
        _count(len(visit.rooms), "room"),
        _count(len(visit.sites), "site"),
        _count(len(visit.assessors), "assessor"),
        _count(len(visit.people), "person", "people"),
    ]
    if visit.teams:  # only visits that declare teams say so, so older summaries read as before
        parts.append(_count(len(visit.teams), "team"))
    return ", ".join(parts)


def _count(number: int, word: str, plural: str | None = None) -> str:
    return f"{number} {word if number == 1 else plural or word + 's'}"


def _print_problems(stream: TextIO, heading: str, problems: list[str]) -> None:
    print(f"{heading}: {_count(len(problems), 'problem')}", file=stream)
    for problem in problems:
        print(f"  {problem}", file=stream)


# ---------------------------------------------------------------- solve


class ProgressLine:
    """Shows each better plan as it is found: rewritten in place on a terminal, else one line each."""

    def __init__(self, stream: TextIO, session_total: int) -> None:
        self.stream = stream
        self.session_total = session_total
        self.in_place = stream.isatty()
        self.shown = False

    def __call__(self, progress: Progress) -> None:
        text = (
            f"{progress.elapsed:6.1f} s  score {progress.score}  bound {progress.bound}  "
            f"placed {progress.placed}/{self.session_total}"
        )
        if self.in_place:
            self.stream.write(f"\r{text}\x1b[K")
        else:
            self.stream.write(text + "\n")
        self.stream.flush()
        self.shown = True

    def finish(self) -> None:
        if self.in_place and self.shown:
            self.stream.write("\n")
            self.stream.flush()


def run_solve(args: argparse.Namespace) -> int:
    try:
        cpsat = {**args.settings.cpsat, **parse_overrides(args.cpsat, "--cpsat")}
    except SolverSettingsError as exc:
        print(f"cannot plan {args.visit}: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        visit = load_visit(args.visit)
    except VisitFileError as exc:
        _print_problems(sys.stderr, f"cannot plan {args.visit}", exc.problems)
        return EXIT_BAD_INPUT
    if args.frozen_before is not None and args.keep is None:
        print("--frozen-before needs --keep PREV.json, the timetable whose past it keeps", file=sys.stderr)
        return EXIT_BAD_INPUT
    previous = None
    if args.keep is not None:
        try:
            previous = load_timetable(args.keep)
        except TimetableFileError as exc:
            _print_problems(sys.stderr, f"cannot keep {args.keep}", exc.problems)
            return EXIT_BAD_INPUT

    progress = ProgressLine(sys.stderr, len(visit.sessions))
    try:
        result = plan(
            visit,
            previous=previous,
            frozen_before=args.frozen_before,
            time_limit=args.time_limit,
            workers=args.workers,
            seed=args.seed,
            relax=args.relax,
            on_progress=progress,
            parameters=cpsat,
        )
    except RuntimeError as exc:  # the solver refuses to hand over a plan that breaks a rule
        progress.finish()
        print(f"the solver failed: {exc} (this is a bug, please report it)", file=sys.stderr)
        return EXIT_RULE_BROKEN
    progress.finish()
    try:
        dump_timetable(result.timetable, args.output)
    except OSError as exc:
        print(f"cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_BAD_INPUT

    _print_summary(visit, result, args)
    if result.rule_breaks:
        _print_problems(sys.stderr, "PLAN BREAKS HARD RULES (please report this)", list(result.rule_breaks))
        return EXIT_RULE_BROKEN
    explained = {u.session for u in result.solution.unplaced}
    unplaced_musts = [
        (s, why) for s, why in _unplaced_musts(visit, result.timetable) if s.id in explained or not explained
    ]
    if unplaced_musts and result.solution.status == "UNKNOWN":
        musts = sum(1 for s in visit.sessions if s.priority == "must")
        print(
            f"TIME RAN OUT: {musts - len(unplaced_musts)} of {musts} must sessions placed in "
            f"{args.time_limit:g} s; the plan so far is written to {args.output}."
        )
        print(f"  {time_advice(len(visit.sessions), args.time_limit)}")
        print(f"{_count(len(unplaced_musts), 'must session')} not placed yet:")
        for session, reason in unplaced_musts:
            print(f"  {session.id} {session.title}: {reason}")
        return EXIT_OUT_OF_TIME
    if unplaced_musts:
        print(f"{_count(len(unplaced_musts), 'must session')} cannot be placed:")
        for session, reason in unplaced_musts:
            print(f"  {session.id} {session.title}: {reason}")
        return EXIT_MUST_UNPLACED
    return EXIT_OK


def _print_summary(visit: domain.Visit, result: PlanResult, args: argparse.Namespace) -> None:
    solution = result.solution
    print(f"status:    {solution.status} after {solution.solve_seconds:.1f} s")
    print(f"score:     {solution.score} (bound {solution.bound}, gap {solution.gap:.1%})")
    print(f"placed:    {placed_counts_text(visit, result.timetable)}")
    fired = [(name, points) for name, points in solution.penalties if points]
    if fired:
        print("penalties: " + ", ".join(f"{name} {points:+d}" for name, points in fired))
    else:
        print("penalties: none")
    if solution.frontline_missed:
        print("not heard: " + ", ".join(solution.frontline_missed) + " (frontline teams in no focus group)")
    if args.keep is not None:
        titles = {s.id: s.title for s in visit.sessions}
        print(f"moved:     {_count(len(result.moved), 'session')} against {args.keep}")
        for session, change in result.moved:
            print(f"  {session} {titles.get(session, '')}: {change}")
    print(f"written:   {args.output}")


def _unplaced_musts(visit: domain.Visit, timetable: domain.Timetable) -> list[tuple[domain.Session, str]]:
    reasons = {u.session: u.reason for u in timetable.unscheduled}
    placed = {a.session for a in timetable.assignments}
    return [
        (s, reasons.get(s.id) or "no reason given")
        for s in visit.sessions
        if s.priority == "must" and s.id not in placed
    ]


# ---------------------------------------------------------------- show


def run_show(args: argparse.Namespace) -> int:
    problems: list[str] = []
    visit = timetable = None
    try:
        visit = load_visit(args.visit)
    except VisitFileError as exc:
        problems += exc.problems
    try:
        timetable = load_timetable(args.timetable)
    except TimetableFileError as exc:
        problems += exc.problems
    if visit is None or timetable is None:
        _print_problems(sys.stderr, f"cannot show {args.timetable}", problems)
        return EXIT_BAD_INPUT
    sys.stdout.write(render_timetable(visit, timetable))
    return EXIT_OK
