"""Benchmark: our solver against the shared greedy baseline on generated visits.

For each size and seed it generates a visit with the shared make_visit (into bench-out/), runs
greedy_baseline, then one solve of ours in a child process (so its peak memory is its own),
recording when the first plan with every must session came, the best score at 10, 30 and 60
seconds, the bound and the gap, and the load average of the machine when the solve started.
xl visits are solved `--xl-runs` times each (solver seeds 0, 1, ...) and their spread is shown.
Every timetable is judged by the shared check_timetable. Prints a markdown table and writes it,
with the machine and the date, to --out.

    .venv/bin/python bench/run.py --shared ../shared --out docs/benchmarks.md
    .venv/bin/python bench/run.py --sizes small --seeds 1 --time-limit 5      # a quick look
    .venv/bin/python bench/run.py --sizes large --cpsat num_workers=1        # CP-SAT parameters
    .venv/bin/python bench/run.py --sizes large --teams large                # with the team rules (H13-H16)

A development tool, outside the packages: it may call the shared tools, the product may not.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CHECKPOINTS = (10.0, 30.0, 60.0)
# The xl target is "every must session placed within 60 s", so its solves end at 60 s.
XL_TIME_LIMIT = 60.0
XL_RUNS = 5
SIZES = ("small", "medium", "large")


@dataclass
class Row:
    instance: str
    planted_score: int | None = None
    greedy_score: int | None = None
    greedy_musts: str = "?"
    greedy_valid: bool = False
    first_seconds: float | None = None
    all_musts_seconds: float | None = None  # the first plan with every must session
    load: float | None = None  # 1-minute load average when the solve started
    workers: int = 2
    solver_seed: int = 0
    at_checkpoint: dict[float, int | None] = field(default_factory=dict)
    final_score: int | None = None
    bound: int | None = None
    gap: float | None = None
    status: str = "?"
    musts: str = "?"
    peak_mb: float | None = None
    valid: bool = False
    note: str = ""


# ---------------------------------------------------------------- running the tools


def tool(shared: Path, name: str) -> str:
    return str(shared / "tools" / name)


def run(command: list[str], what: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1, 3):
        raise SystemExit(f"{what} failed (exit {done.returncode}):\n{done.stdout}{done.stderr}")
    return done


def check(shared: Path, visit: Path, timetable: Path) -> dict[str, Any]:
    """check_timetable's JSON report."""
    done = run(
        [tool(shared, "check_timetable"), str(visit), str(timetable), "--json"],
        f"check_timetable {timetable}",
    )
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def musts_placed(report: dict[str, Any]) -> str:
    must = report.get("metrics", {}).get("assigned", {}).get("must", {})
    return f"{must.get('assigned', '?')}/{must.get('total', '?')}"


def solve_in_child(
    visit: Path,
    timetable: Path,
    trace: Path,
    time_limit: float,
    workers: int,
    cpsat: list[str],
    seed: int = 0,
) -> float:
    """Solve in a child process; returns the child's peak resident memory in MB."""
    command = [sys.executable, str(Path(__file__).resolve()), "--solve-one", str(visit),
               "--timetable", str(timetable), "--trace", str(trace),
               "--time-limit", str(time_limit), "--workers", str(workers), "--solver-seed", str(seed),
               *(f"--cpsat={item}" for item in cpsat)]  # fmt: skip
    child = subprocess.Popen(command, cwd=ROOT)
    # wait4 gives this one child's rusage (what RUSAGE_CHILDREN would hold were it the only child).
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"solving {visit} failed (exit {child.returncode})")
    return usage.ru_maxrss / 1024  # Linux reports kilobytes


def solve_one(
    visit_path: Path,
    timetable_path: Path,
    trace_path: Path,
    time_limit: float,
    workers: int,
    cpsat: list[str],
    seed: int = 0,
) -> None:
    """The child's side: plan the visit, write the timetable and a trace of every improvement."""
    sys.path.insert(0, str(ROOT))
    from scheduler.files.timetable_file import dump_timetable
    from scheduler.files.visit_file import load_visit
    from scheduler.planning.plan import plan
    from scheduler.planning.solver_settings import parse_overrides
    from scheduler.settings import Settings
    from solver.problem import Progress

    visit = load_visit(visit_path)
    improvements: list[dict[str, float]] = []
    lock = threading.Lock()

    def record(progress: Progress) -> None:
        with lock:
            improvements.append(
                {"elapsed": progress.elapsed, "score": progress.score, "bound": progress.bound,
                 "musts": progress.musts}
            )  # fmt: skip

    result = plan(
        visit,
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        relax=True,
        on_progress=record,
        parameters={**Settings.from_environment().cpsat, **parse_overrides(cpsat, "--cpsat")},
    )
    dump_timetable(result.timetable, timetable_path)
    solution = result.solution
    summary = {
        "status": solution.status,
        "score": solution.score,
        "bound": solution.bound,
        "gap": solution.gap,
        "solve_seconds": solution.solve_seconds,
        "unplaced": [u.session for u in solution.unplaced],
        "musts": sum(1 for s in visit.sessions if s.priority == "must"),
        "rule_breaks": list(result.rule_breaks),
        "improvements": improvements,
    }
    trace_path.write_text(json.dumps(summary, indent=1), encoding="utf-8")


def best_by(improvements: list[dict[str, float]], seconds: float) -> int | None:
    scores = [int(i["score"]) for i in improvements if i["elapsed"] <= seconds]
    return max(scores) if scores else None


# ---------------------------------------------------------------- one instance


def bench_instance(
    shared: Path,
    out: Path,
    size: str,
    seed: int,
    time_limit: float,
    workers: int,
    cpsat: list[str],
    solver_seed: int = 0,
    teams: bool = False,
) -> Row:
    name = f"{size}-{seed}" + ("-teams" if teams else "")
    run_name = (
        name if solver_seed == 0 and workers == 2 else f"{name} (seed {solver_seed}, {workers} workers)"
    )
    row = Row(run_name, workers=workers, solver_seed=solver_seed)
    visit, planted = out / f"{name}.json", out / f"{name}.planted.json"
    greedy = out / f"{name}.greedy.json"
    tag = f"{name}.s{solver_seed}.w{workers}"
    ours, trace = out / f"{tag}.ours.json", out / f"{tag}.trace.json"
    if not visit.exists() or not planted.exists():
        plain, plain_planted = out / f"{size}-{seed}.json", out / f"{size}-{seed}.planted.json"
        if not plain.exists() or not plain_planted.exists():
            print(f"[{size}-{seed}] generating", file=sys.stderr, flush=True)
            generate = [tool(shared, "make_visit"), "--size", size, "--seed", str(seed)]
            run([*generate, "-o", str(plain), "--planted", str(plain_planted)], f"make_visit {name}")
        if teams:
            # As examples/medium-teams.json is derived: teams, managers, supporters and daily caps
            # added around the same planted timetable, which add_teams keeps valid.
            print(f"[{name}] adding teams", file=sys.stderr, flush=True)
            derive = [tool(shared, "add_teams"), "--seed", str(seed), str(plain), str(plain_planted)]
            run([*derive, str(visit), str(planted)], f"add_teams {name}")
    row.planted_score = check(shared, visit, planted)["score"]

    if not greedy.exists():
        print(f"[{name}] greedy baseline", file=sys.stderr, flush=True)
        run([tool(shared, "greedy_baseline"), str(visit), "-o", str(greedy)], f"greedy_baseline {name}")
    if greedy.exists():
        greedy_report = check(shared, visit, greedy)
        row.greedy_score, row.greedy_musts = greedy_report["score"], musts_placed(greedy_report)
        row.greedy_valid = greedy_report["valid"]
    else:
        row.greedy_musts = "none written"  # the shared baseline refuses visits with the team rules

    print(f"[{run_name}] solving for {time_limit:g} s", file=sys.stderr, flush=True)
    row.load = os.getloadavg()[0]
    row.peak_mb = solve_in_child(visit, ours, trace, time_limit, workers, cpsat, solver_seed)
    summary = json.loads(trace.read_text(encoding="utf-8"))
    improvements = summary["improvements"]
    row.first_seconds = improvements[0]["elapsed"] if improvements else None
    row.all_musts_seconds = next(
        (i["elapsed"] for i in improvements if i.get("musts") == summary["musts"]), None
    )
    row.at_checkpoint = {t: best_by(improvements, t) for t in CHECKPOINTS if t <= time_limit}
    row.final_score, row.bound, row.gap, row.status = (
        summary["score"],
        summary["bound"],
        summary["gap"],
        summary["status"],
    )
    report = check(shared, visit, ours)
    row.musts, row.valid = musts_placed(report), report["valid"]
    if report["score"] != summary["score"]:
        row.note = f"our score {summary['score']} differs from check_timetable's {report['score']}"
    if summary["rule_breaks"]:
        row.note = f"{len(summary['rule_breaks'])} rule breaks: {summary['rule_breaks'][0]}"
    return row


# ---------------------------------------------------------------- the report


def cell(value: object, suffix: str = "") -> str:
    return "–" if value is None else f"{value}{suffix}"


def seconds_cell(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def table(rows: list[Row], time_limit: float) -> str:
    shown = [t for t in CHECKPOINTS if t <= max(time_limit, XL_TIME_LIMIT)]
    head = ["instance", "load", "planted", "greedy (musts)", "first plan s", "all musts s",
            *(f"score@{t:g}s" for t in shown), "final", "bound", "gap", "status (musts)",
            "peak MB", "valid?"]  # fmt: skip
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        greedy = f"{cell(r.greedy_score)} ({r.greedy_musts}{'' if r.greedy_valid else ', INVALID'})"
        values = [
            r.instance,
            cell(None if r.load is None else f"{r.load:.1f}"),
            cell(r.planted_score),
            greedy,
            seconds_cell(r.first_seconds),
            seconds_cell(r.all_musts_seconds),
            *(cell(r.at_checkpoint.get(t)) for t in shown),
            cell(r.final_score),
            cell(r.bound),
            cell(None if r.gap is None else f"{100 * r.gap:.1f}%"),
            f"{r.status} ({r.musts})",
            cell(None if r.peak_mb is None else f"{r.peak_mb:.0f}"),
            ("yes" if r.valid else "NO") + (f" – {r.note}" if r.note else ""),
        ]
        lines.append("| " + " | ".join(values) + " |")
    return "\n".join(lines)


def spread(rows: list[Row]) -> str:
    """Per visit solved more than once: the range of the time to every must session and of the score."""
    groups: dict[tuple[str, int], list[Row]] = {}
    for r in rows:
        groups.setdefault((r.instance.split(" ")[0], r.workers), []).append(r)
    head = ["visit", "workers", "runs", "every must placed", "all musts s (min–max)", "final score (min–max)",
            "gap (max)", "peak MB (max)"]  # fmt: skip
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for (name, workers), runs in groups.items():
        if len(runs) < 2:
            continue
        times = [r.all_musts_seconds for r in runs if r.all_musts_seconds is not None]
        scores = [r.final_score for r in runs if r.final_score is not None]
        gaps = [r.gap for r in runs if r.gap is not None]
        memory = [r.peak_mb for r in runs if r.peak_mb is not None]
        complete = sum(1 for r in runs if r.musts.split("/")[0] == r.musts.split("/")[-1])
        values = [
            name,
            str(workers),
            str(len(runs)),
            f"{complete} of {len(runs)}",
            f"{min(times):.2f}–{max(times):.2f}" if times else "–",
            f"{min(scores)}–{max(scores)}" if scores else "–",
            f"{100 * max(gaps):.1f}%" if gaps else "–",
            f"{max(memory):.0f}" if memory else "–",
        ]
        lines.append("| " + " | ".join(values) + " |")
    return "\n".join(lines) if len(lines) > 2 else ""


def machine() -> list[str]:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return [
        f"- machine: `{' '.join(part for part in platform.uname() if part)}`",
        f"- CPU: {cpu}, {os.cpu_count()} cores",
        f"- Python {platform.python_version()}, OR-Tools {metadata.version('ortools')}",
        f"- date: {datetime.date.today().isoformat()}",
    ]


def document(rows: list[Row], args: argparse.Namespace) -> str:
    spread_table = spread(rows)
    cores = os.cpu_count() or 1
    return "\n".join([
        "# Benchmarks",
        "",
        "Our solver against the shared greedy baseline on visits from `make_visit` "
        f"(one solve per instance: {args.time_limit:g} s, xl {XL_TIME_LIMIT:g} s, "
        f"{'/'.join(map(str, args.workers))} workers, "
        "relaxed" + "".join(f", {item}" for item in args.cpsat) + ").",
        "Scores are the canonical score as recomputed by `check_timetable`; *planted* is the hidden "
        "valid timetable the generator built each visit around; *load* the machine's 1-minute load "
        "average when the solve started (the machine may be shared); *first plan s* when the first "
        "timetable came, *all musts s* the first one with every must session; *bound* is CP-SAT's "
        "proven upper bound on the score, *gap* (bound − final) / bound; *peak MB* is the solving "
        "process's maximum resident memory. A `-teams` row is the visit above it with teams, "
        "managers, supporters and daily caps added by `add_teams` (rules H13-H16).",
        "",
        *machine(),
        "",
        table(rows, args.time_limit),
        "",
        *(["Spread over repeated runs (solver seeds 0, 1, ...):", "", spread_table, ""]
          if spread_table else []),
        *([f"This machine has {cores} cores: runs with more workers than cores measure nothing useful, "
           "so 4 and 8 workers were not run (`bench/run.py --workers 4` on a bigger machine)."]
          if cores < 4 else []),
        "",
        "Regenerate with `make bench`; a quick look: `bench/run.py --sizes small --seeds 1 --time-limit 5`.",
        "",
    ])  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared", type=Path, default=ROOT.parent / "shared", help="the shared folder (tools)"
    )
    parser.add_argument("--out", type=Path, help="markdown file to write, e.g. docs/benchmarks.md")
    parser.add_argument("--sizes", nargs="+", default=list(SIZES), choices=("small", "medium", "large", "xl"))
    parser.add_argument("--seeds", nargs="+", type=int, default=[1, 2, 3])
    parser.add_argument("--xl", action="store_true", help="also run the xl visits of every seed")
    parser.add_argument(
        "--teams",
        nargs="*",
        default=[],
        choices=("small", "medium", "large", "xl"),
        help="sizes also run with teams, managers, supporters and daily caps added (add_teams)",
    )
    parser.add_argument("--xl-runs", type=int, default=XL_RUNS, help="solves of each xl visit (default 5)")
    parser.add_argument(
        "--runs", type=int, default=1, help="solves of each other visit, solver seeds 0, 1, ... (default 1)"
    )
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per solve (default 60)")
    parser.add_argument(
        "--workers",
        type=int,
        nargs="+",
        default=[2],
        help="CP-SAT workers; several: one run each (default 2)",
    )
    parser.add_argument(
        "--cpsat", action="append", default=[], metavar="KEY=VALUE", help="a CP-SAT parameter (repeatable)"
    )
    parser.add_argument(
        "--work-dir", type=Path, default=ROOT / "bench-out", help="where visits and timetables go"
    )
    # The child process's side of one solve (used by the benchmark itself).
    parser.add_argument("--solve-one", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--timetable", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--trace", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--solver-seed", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.solve_one is not None:
        solve_one(
            args.solve_one, args.timetable, args.trace, args.time_limit, args.workers[0], args.cpsat,
            args.solver_seed,
        )  # fmt: skip
        return 0
    if not (args.shared / "tools" / "make_visit").exists():
        parser.error(f"no shared tools in {args.shared} (give --shared)")
    sys.path.insert(0, str(ROOT))
    from scheduler.planning.solver_settings import SolverSettingsError, parse_overrides
    from scheduler.settings import Settings, SettingsError

    try:
        Settings.from_environment()
        parse_overrides(args.cpsat, "--cpsat")
    except (SettingsError, SolverSettingsError) as exc:
        parser.error(str(exc))
    args.work_dir.mkdir(parents=True, exist_ok=True)
    plan = [(size, seed, False) for size in args.sizes for seed in args.seeds]
    if args.xl:
        plan += [("xl", seed, False) for seed in args.seeds if ("xl", seed, False) not in plan]
    # Each visit with the team rules right after the same visit without them, to compare.
    plan = [item for size, seed, _ in plan for item in ((size, seed, False), (size, seed, True))
            if not item[2] or size in args.teams]  # fmt: skip
    rows = [
        bench_instance(
            args.shared,
            args.work_dir,
            size,
            seed,
            XL_TIME_LIMIT if size == "xl" else args.time_limit,
            workers,
            args.cpsat,
            solver_seed,
            teams,
        )
        for size, seed, teams in plan
        for workers in args.workers
        for solver_seed in range(args.xl_runs if size == "xl" else args.runs)
    ]
    text = document(rows, args)
    print(table(rows, args.time_limit))
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(replace_section(args.out, text), encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    return 0 if all(r.valid for r in rows) else 1


START, END = "<!-- solver:start -->", "<!-- solver:end -->"


def replace_section(path: Path, text: str) -> str:
    """The file with only the solver's section rewritten: hand-written notes and the load
    figures (bench/load.py) around it stay as they are."""
    section = f"{START}\n{text.rstrip()}\n{END}\n"
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if START in old and END in old:
        before, _, rest = old.partition(START)
        _, _, after = rest.partition(END)
        return before + section.rstrip("\n") + after
    return section + ("\n" + old if old else "")


if __name__ == "__main__":
    sys.exit(main())
