"""Reading and writing timetable files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scheduler.domain import PlacedSession, Timetable, UnscheduledSession
from scheduler.files.timetable_file import (
    TimetableFileError,
    dump_timetable,
    load_timetable,
    read_timetable,
    timetable_to_dict,
)

EXAMPLES = Path(__file__).resolve().parents[4] / "shared" / "examples"


def an_assignment(**changes: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "session": "s1",
        "day": "2026-03-10",
        "start": "09:00",
        "end": "10:00",
        "mode": "in_person",
        "room": "r1",
        "assessors": ["a1"],
        "escort": "p2",
        "attendees": ["p1"],
    }
    entry.update(changes)
    return entry


def a_timetable(*assignments: dict[str, Any], **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": "fieldwork-timetable/1",
        "assignments": list(assignments) or [an_assignment()],
        "unscheduled": [{"session": "s2", "reason": "no room is free"}],
        "status": "FEASIBLE",
        "objective": 1020,
        "solve_seconds": 1.5,
    }
    data.update(changes)
    return data


def problems_of(data: object) -> list[str]:
    with pytest.raises(TimetableFileError) as raised:
        read_timetable(data)
    return raised.value.problems


def test_timetable_reads_into_placed_and_unscheduled_sessions() -> None:
    assert read_timetable(a_timetable()) == Timetable(
        assignments=(
            PlacedSession("s1", "2026-03-10", "09:00", "10:00", "in_person", "r1", ("a1",), "p2", ("p1",)),
        ),
        unscheduled=(UnscheduledSession("s2", "no room is free"),),
        status="FEASIBLE",
        objective=1020,
        solve_seconds=1.5,
    )


def test_status_objective_and_seconds_default_when_left_out() -> None:
    data = {"format": "fieldwork-timetable/1", "assignments": []}
    assert read_timetable(data) == Timetable(assignments=(), status="UNKNOWN", objective=0, solve_seconds=0.0)


def test_a_virtual_assignment_has_no_room_or_escort() -> None:
    timetable = read_timetable(a_timetable(an_assignment(mode="virtual", room=None, escort=None)))
    assert (timetable.assignments[0].room, timetable.assignments[0].escort) == (None, None)


def test_bad_assignment_fields_are_named_by_entry() -> None:
    data = a_timetable(
        an_assignment(day="10/03/2026", start="10:00", end="09:00"),
        an_assignment(session="s3", mode="hybrid", assessors="a1"),
    )
    assert problems_of(data) == [
        "assignments[0] 's1': day '10/03/2026' is not a day 'YYYY-MM-DD'",
        "assignments[0] 's1': start 10:00 must be before end 09:00",
        "assignments[1] 's3': mode 'hybrid' is not one of in_person, virtual",
        "assignments[1] 's3': assessors must be a list, not the string \"a1\"",
    ]


def test_a_session_assigned_twice_is_reported() -> None:
    assert problems_of(a_timetable(an_assignment(), an_assignment(start="11:00", end="12:00"))) == [
        "assignments[1] 's1': session is assigned twice (also assignments[0] 's1')"
    ]


def test_a_session_both_assigned_and_unscheduled_is_reported() -> None:
    data = a_timetable(unscheduled=[{"session": "s1", "reason": "clash"}])
    assert problems_of(data) == ["unscheduled[0]: session 's1' is also assigned"]


def test_bad_status_objective_and_seconds_are_reported() -> None:
    data = a_timetable(status="DONE", objective=1.5, solve_seconds=-1)
    assert problems_of(data) == [
        "timetable file: status 'DONE' is not one of OPTIMAL, FEASIBLE, INFEASIBLE, UNKNOWN",
        "timetable file: objective must be a whole number, not the number 1.5",
        "timetable file: solve_seconds -1 must not be negative",
    ]


def test_a_visit_file_is_not_a_timetable() -> None:
    assert problems_of({"format": "fieldwork-visit/1"}) == [
        "timetable file: format must be 'fieldwork-timetable/1', not the string \"fieldwork-visit/1\""
    ]


@pytest.mark.parametrize(
    "name", ["small.planted", "small.greedy", "medium.planted", "medium.greedy", "medium-teams.planted"]
)
def test_example_timetables_are_written_back_unchanged(name: str) -> None:
    data = json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    assert timetable_to_dict(read_timetable(data)) == data


def test_dumped_timetable_loads_back_equal(tmp_path: Path) -> None:
    timetable = read_timetable(a_timetable())
    dump_timetable(timetable, tmp_path / "tt.json")
    assert load_timetable(tmp_path / "tt.json") == timetable


def test_loading_bad_json_names_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "tt.json"
    path.write_text('{"format": "fieldwork-timetable/1",\n "assignments": [}\n', encoding="utf-8")
    with pytest.raises(TimetableFileError) as raised:
        load_timetable(path)
    assert raised.value.problems == [f"{path}: is not valid JSON: Expecting value at line 2 column 18"]
