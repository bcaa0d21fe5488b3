"""The planning service on the shared small example."""

from __future__ import annotations

from pathlib import Path

from scheduler.files.visit_file import load_visit
from scheduler.planning.plan import plan
from solver.problem import Progress

SMALL = Path(__file__).resolve().parents[4] / "shared" / "examples" / "small.json"


def test_plan_places_every_must_session_without_breaking_a_rule() -> None:
    visit = load_visit(SMALL)
    seen: list[Progress] = []

    result = plan(visit, time_limit=10, workers=1, on_progress=seen.append)

    placed = {a.session for a in result.timetable.assignments}
    assert {s.id for s in visit.sessions if s.priority == "must"} <= placed
    assert result.rule_breaks == ()
    assert result.timetable.objective == result.solution.score
    assert seen and seen[-1].score <= result.solution.bound


def test_replanning_an_unchanged_visit_moves_nothing() -> None:
    visit = load_visit(SMALL)
    first = plan(visit, time_limit=10, workers=1)

    second = plan(visit, previous=first.timetable, time_limit=10, workers=1)

    assert second.moved == ()
    assert {a.session: (a.day, a.start) for a in second.timetable.assignments} == {
        a.session: (a.day, a.start) for a in first.timetable.assignments
    }
