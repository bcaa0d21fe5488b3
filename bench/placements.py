"""Benchmark: how long a change request's ranked placements take, and how much one change moves.

For each seed it generates a visit with the shared make_visit (and its planted timetable, used
as the current plan), then makes two typical changes: a new one-hour interview with two people
from another session (an "add"), and replacing an in-person must session with a new one of the
same length for other people (a "replace"). It times `rank_placements` and reports how many
planned sessions each offered placement moves.

    .venv/bin/python bench/placements.py --shared ../shared --size large --seeds 1 2 3

A development tool, outside the packages: it may call the shared tools, the product may not.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scheduler import domain  # noqa: E402
from scheduler.files.timetable_file import load_timetable  # noqa: E402
from scheduler.files.visit_file import load_visit  # noqa: E402
from scheduler.planning.to_solver import build_problem  # noqa: E402
from solver.placements import rank_placements  # noqa: E402


def generate(shared: Path, size: str, seed: int, folder: Path) -> tuple[domain.Visit, domain.Timetable]:
    visit_path, planted_path = folder / f"{size}{seed}.json", folder / f"{size}{seed}.planted.json"
    subprocess.run(
        [
            str(shared / "tools" / "make_visit"),
            "--size",
            size,
            "--seed",
            str(seed),
            "-o",
            str(visit_path),
            "--planted",
            str(planted_path),
        ],
        check=True,
        capture_output=True,
    )
    return load_visit(visit_path), load_timetable(planted_path)


def added_interview(visit: domain.Visit, rng: random.Random) -> domain.Session:
    staff = [p.id for p in visit.people if p.kind == "staff"]
    return domain.Session(
        id="new1",
        title="Interview requested by the assessors",
        kind="interview",
        minutes=60,
        mode="in_person",
        priority="must",
        required_people=tuple(rng.sample(staff, 2)),
        min_attendees=2,
        max_attendees=2,
    )


def replacement(visit: domain.Visit, rng: random.Random) -> tuple[str, domain.Session]:
    old = rng.choice(
        [s for s in visit.sessions if s.priority == "must" and s.fixed is None and s.required_people]
    )
    staff = [p.id for p in visit.people if p.kind == "staff" and p.id not in old.required_people]
    people = tuple(rng.sample(staff, len(old.required_people)))
    new = dataclasses.replace(
        old,
        id="new2",
        title="Replacement: " + old.title,
        required_people=people,
        after=(),
        min_attendees=len(people) + max(0, old.min_attendees - len(old.required_people)),
    )
    return old.id, new


def measure(
    visit: domain.Visit,
    current: domain.Timetable,
    session: domain.Session,
    replaces: str | None,
    time_limit: float,
) -> tuple[float, list[int]]:
    sessions = (*(s for s in visit.sessions if s.id != replaces), session)
    sessions = tuple(
        dataclasses.replace(s, after=tuple(a for a in s.after if a != replaces)) for s in sessions
    )
    changed = dataclasses.replace(visit, sessions=sessions)
    problem = build_problem(changed)
    plan = build_problem(visit, current).previous
    started = time.monotonic()
    placements = rank_placements(problem, plan, session.id, time_limit=time_limit)
    return time.monotonic() - started, [len(p.moved) for p in placements]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--size", default="large")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--time-limit", type=float, default=4.0)
    args = parser.parse_args()
    rows, seconds, moves = [], [], []
    with tempfile.TemporaryDirectory() as folder:
        for seed in args.seeds:
            visit, current = generate(args.shared, args.size, seed, Path(folder))
            rng = random.Random(seed)
            add = added_interview(visit, rng)
            took, moved = measure(visit, current, add, None, args.time_limit)
            rows.append((seed, "add", took, moved))
            replaced, new = replacement(visit, rng)
            took2, moved2 = measure(visit, current, new, replaced, args.time_limit)
            rows.append((seed, f"replace {replaced}", took2, moved2))
            seconds += [took, took2]
            moves += moved[:1] + moved2[:1]
    print(f"| {args.size} seed | change | seconds | sessions moved by each placement |")
    print("| --- | --- | --- | --- |")
    for seed, change, took, moved in rows:
        print(f"| {seed} | {change} | {took:.2f} | {', '.join(map(str, moved)) or 'none found'} |")
    print(
        f"\nmax {max(seconds):.2f} s, median {statistics.median(seconds):.2f} s; "
        f"best placement moves median {statistics.median(moves) if moves else '-'} sessions"
    )


if __name__ == "__main__":
    main()
