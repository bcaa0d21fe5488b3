"""The solver on the shared example visits: every must session placed, and both checkers agree it is valid."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from scheduler.files.timetable_file import dump_timetable
from scheduler.files.visit_file import load_visit
from scheduler.planning.to_solver import build_problem, timetable_from_solution
from solver.checker import find_violations
from solver.solve import solve

SHARED = Path(os.environ.get("FIELDWORK_SHARED", Path(__file__).resolve().parents[4] / "shared"))
EXAMPLES = SHARED / "examples"
CHECK_TIMETABLE = SHARED / "tools" / "check_timetable"

pytestmark = pytest.mark.skipif(
    not (EXAMPLES.exists() and CHECK_TIMETABLE.exists()),
    reason=f"the shared examples and tools are not in {SHARED}",
)


def solve_example(name: str, time_limit: float, tmp_path: Path) -> tuple[list, dict, int]:
    """Our violations, check_timetable's JSON report and our score for the example's solved timetable."""
    visit = load_visit(EXAMPLES / f"{name}.json")
    problem = build_problem(visit)
    solution = solve(problem, time_limit=time_limit, workers=2, seed=0)
    timetable_path = tmp_path / f"{name}.timetable.json"
    dump_timetable(timetable_from_solution(visit, solution), timetable_path)
    done = subprocess.run(
        [str(CHECK_TIMETABLE), str(EXAMPLES / f"{name}.json"), str(timetable_path), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert solution.status in ("OPTIMAL", "FEASIBLE"), solution.unplaced
    assert solution.unplaced == ()
    return find_violations(problem, solution.assignments), json.loads(done.stdout), solution.score


def test_the_small_example_is_solved_with_every_must_placed(tmp_path: Path):
    violations, report, score = solve_example("small", 10.0, tmp_path)
    assert violations == []
    assert report["valid"] is True
    assert report["metrics"]["assigned"]["must"]["assigned"] == report["metrics"]["assigned"]["must"]["total"]
    assert report["score"] == report["objective"] == score


@pytest.mark.slow
def test_the_medium_example_is_solved_with_every_must_placed(tmp_path: Path):
    violations, report, score = solve_example("medium", 20.0, tmp_path)
    assert violations == []
    assert report["valid"] is True
    assert report["metrics"]["assigned"]["must"]["assigned"] == report["metrics"]["assigned"]["must"]["total"]
    assert report["score"] == report["objective"] == score


@pytest.mark.slow
def test_the_medium_teams_example_keeps_supporters_managers_and_team_limits(tmp_path: Path):
    violations, report, score = solve_example("medium-teams", 30.0, tmp_path)
    assert violations == []
    assert report["valid"] is True
    assert report["metrics"]["assigned"]["must"]["assigned"] == report["metrics"]["assigned"]["must"]["total"]
    assert report["score"] == report["objective"] == score
    planted = json.loads((EXAMPLES / "medium-teams.planted.json").read_text(encoding="utf-8"))
    assert score >= planted["objective"] - 1000  # within one should session of the planted plan
