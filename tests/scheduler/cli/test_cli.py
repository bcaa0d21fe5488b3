"""The `fieldwork` command on files: exit codes 0 / 2 / 3 / 4 and what it prints."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from scheduler import cli
from scheduler.cli import main
from scheduler.cli.solve_commands import ProgressLine
from scheduler.files.timetable_file import load_timetable
from solver.problem import Progress

SHARED = Path(__file__).resolve().parents[4] / "shared"
SMALL = SHARED / "examples" / "small.json"


def tiny_visit(person_available: list[dict[str, str]] | None = None) -> dict[str, Any]:
    person: dict[str, Any] = {"id": "p1", "name": "Pat One"}
    if person_available is not None:
        person["available"] = person_available
    return {
        "format": "fieldwork-visit/1",
        "visit": {"name": "Tiny visit", "timezone": "Europe/London", "days": ["2026-03-10"]},
        "sites": [{"id": "hq", "name": "Head office"}],
        "rooms": [{"id": "r1", "name": "Room 1", "site": "hq", "capacity": 4}],
        "assessors": [{"id": "a1", "name": "Ann Assessor"}],
        "people": [person, {"id": "p2", "name": "Sam Escort", "can_escort": True}],
        "sessions": [{"id": "s1", "title": "Interview with Pat", "minutes": 60, "required_people": ["p1"]}],
    }


def write_json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_validate_prints_a_summary_of_a_valid_visit(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(SMALL)]) == 0
    assert capsys.readouterr().out == (
        "VALID: Local authority assessment: on-site visit "
        "(1 day, 8 sessions, 4 rooms, 1 site, 2 assessors, 26 people)\n"
    )


def test_validate_lists_every_problem_and_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tiny_visit()
    data["sessions"][0]["minutes"] = 50
    data["people"][0]["kind"] = "visitor"
    path = write_json(tmp_path / "bad.json", data)

    assert main(["validate", str(path)]) == 2
    assert capsys.readouterr().out == (
        f"INVALID: {path}: 2 problems\n"
        "  people[0] 'p1': kind 'visitor' is not one of staff, partner, person_using_services, carer\n"
        "  sessions[0] 's1': minutes 50 is not a multiple of slot_minutes 15\n"
    )


def test_solve_rejects_a_bad_file_with_a_message_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")

    assert main(["solve", str(path), "-o", str(tmp_path / "tt.json")]) == 2
    err = capsys.readouterr().err
    assert f"cannot plan {path}: 1 problem\n" in err
    assert "is not valid JSON: Expecting property name enclosed in double quotes at line 1 column 2" in err
    assert "Traceback" not in err
    assert not (tmp_path / "tt.json").exists()


def test_solve_places_every_must_and_writes_a_timetable_the_checker_accepts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "tt.json"

    assert main(["solve", str(SMALL), "-o", str(out), "--time-limit", "10"]) == 0

    printed = capsys.readouterr().out
    assert "placed:    must 6/6, should 1/1, reserve 1/1\n" in printed
    assert f"written:   {out}\n" in printed
    timetable = load_timetable(out)
    assert timetable.status in ("OPTIMAL", "FEASIBLE")
    checked = subprocess.run(
        [str(SHARED / "tools" / "check_timetable"), str(SMALL), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "result: VALID" in checked.stdout
    assert f"score: {timetable.objective} (objective in file: {timetable.objective})" in checked.stdout


def test_solve_exits_3_and_explains_a_must_session_that_cannot_be_placed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    visit = write_json(tmp_path / "visit.json", tiny_visit(person_available=[]))
    out = tmp_path / "tt.json"

    assert main(["solve", str(visit), "-o", str(out), "--time-limit", "5", "--relax"]) == 3

    printed = capsys.readouterr().out
    assert "1 must session cannot be placed:\n  s1 Interview with Pat: " in printed
    assert [u.session for u in load_timetable(out).unscheduled] == ["s1"]


def test_solve_without_relax_also_exits_3_and_writes_the_unplaced_must(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    visit = write_json(tmp_path / "visit.json", tiny_visit(person_available=[]))
    out = tmp_path / "tt.json"

    assert main(["solve", str(visit), "-o", str(out), "--time-limit", "5"]) == 3

    assert "1 must session cannot be placed:\n  s1 Interview with Pat: " in capsys.readouterr().out
    timetable = load_timetable(out)
    assert (timetable.status, timetable.assignments) == ("INFEASIBLE", ())
    assert [u.session for u in timetable.unscheduled] == ["s1"]


def test_solve_with_keep_reports_what_moved(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    previous = SHARED / "examples" / "small.planted.json"
    out = tmp_path / "tt.json"

    assert main(["solve", str(SMALL), "-o", str(out), "--time-limit", "10", "--keep", str(previous)]) == 0

    assert f"against {previous}\n" in capsys.readouterr().out


def test_solve_rejects_a_bad_keep_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    previous = write_json(tmp_path / "prev.json", {"format": "fieldwork-timetable/1"})

    assert main(["solve", str(SMALL), "-o", str(tmp_path / "tt.json"), "--keep", str(previous)]) == 2
    assert (
        f"cannot keep {previous}: 1 problem\n  timetable file: missing 'assignments'\n"
        in capsys.readouterr().err
    )


def test_solve_with_a_frozen_moment_keeps_the_past_as_check_timetable_sees_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    previous = SHARED / "examples" / "small.planted.json"
    out = tmp_path / "tt.json"
    moment = "2026-03-10 11:00"

    args = ["solve", str(SMALL), "-o", str(out), "--time-limit", "10", "--keep", str(previous)]
    assert main([*args, "--frozen-before", moment]) == 0

    done = subprocess.run(
        [
            str(SHARED / "tools" / "check_timetable"),
            *(str(SMALL), str(out), "--previous", str(previous), "--frozen-before", moment),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout
    kept = {a.session: a for a in load_timetable(out).assignments}
    for planned in load_timetable(previous).assignments:
        if planned.start < "11:00":
            assert kept[planned.session] == planned


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--keep", "prev.json", "--frozen-before", "tomorrow 11:00"], "'tomorrow 11:00' is not a moment"),
        (
            ["--keep", "prev.json", "--frozen-before", "2026-03-10 25:00"],
            "'2026-03-10 25:00' is not a moment",
        ),
        (["--frozen-before", "2026-03-10 11:00"], "--frozen-before needs --keep PREV.json"),
    ],
)
def test_solve_refuses_a_bad_frozen_moment(
    extra: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["solve", str(SMALL), "-o", str(tmp_path / "tt.json"), *extra]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "tt.json").exists()


def test_bad_arguments_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["solve", str(SMALL), "-o", "tt.json", "--time-limit", "soon"]) == 2
    assert "'soon' is not a number of seconds" in capsys.readouterr().err


def test_show_prints_each_day_with_its_sessions_and_the_unscheduled(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["show", str(SMALL), str(SHARED / "examples" / "small.greedy.json")]) == 0

    printed = capsys.readouterr().out
    assert "Tue 10 Mar (2026-03-10)\n" in printed
    assert (
        "09:15-10:15  s1 Opening presentation: Director and senio…  in person  "
        "Committee Room 1, Westmere House" in printed
    )
    assert "Connor Davies, Priya Singh  Zara James  3: Zoe Graham, Anna Wright, Patrick Brown\n" in printed
    assert "16:15-17:00  s2 Daily wash-up: assessor team (2026-03-10)" in printed
    assert "Not scheduled (1):\n  s8 Case tracking: conversation with person B (reserve): " in printed


def test_show_rejects_a_bad_timetable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    timetable = write_json(tmp_path / "tt.json", {"format": "fieldwork-timetable/1", "assignments": [{}]})

    assert main(["show", str(SMALL), str(timetable)]) == 2
    assert "assignments[0]: missing 'session'" in capsys.readouterr().err


def test_progress_writes_one_line_per_improvement_when_not_a_terminal() -> None:
    stream = io.StringIO()
    line = ProgressLine(stream, session_total=8)

    line(Progress(elapsed=0.5, score=1200, bound=1580, placed=7))
    line(Progress(elapsed=1.25, score=1580, bound=1580, placed=8))
    line.finish()

    assert stream.getvalue() == (
        "   0.5 s  score 1200  bound 1580  placed 7/8\n   1.2 s  score 1580  bound 1580  placed 8/8\n"
    )


def test_an_optional_command_module_adds_its_subcommands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "sample_commands.py").write_text(
        "def register(subparsers):\n"
        "    hello = subparsers.add_parser('hello')\n"
        "    hello.set_defaults(handler=lambda args: print('hello from a plug-in') or 0)\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(cli, "_OPTIONAL_MODULES", ("sample_commands",))

    assert main(["hello"]) == 0
    assert capsys.readouterr().out == "hello from a plug-in\n"


def test_a_broken_command_module_is_skipped_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "broken_commands.py").write_text("import no_such_module\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(cli, "_OPTIONAL_MODULES", ("broken_commands",))

    assert main(["validate", str(SMALL)]) == 0
    assert (
        "fieldwork: warning: skipping commands from broken_commands: No module named 'no_such_module'"
        in capsys.readouterr().err
    )


def test_show_names_the_supporters_beside_the_attendees(capsys: pytest.CaptureFixture[str]) -> None:
    teams = SHARED / "examples" / "medium-teams"
    assert main(["show", f"{teams}.json", f"{teams}.planted.json"]) == 0
    assert "1: Tariq Rahman + supporting: BSL interpreter I1\n" in capsys.readouterr().out


def test_solve_names_the_frontline_teams_no_focus_group_hears(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(SMALL.read_text(encoding="utf-8"))
    data["teams"] = [
        {"name": "Extra Care Housing", "frontline": True},
        {"name": "Business support", "max_away": 1, "frontline": True},
    ]
    visit = write_json(tmp_path / "visit.json", data)

    assert main(["solve", str(visit), "-o", str(tmp_path / "tt.json"), "--time-limit", "10"]) == 0

    printed = capsys.readouterr().out
    assert "not heard: Business support (frontline teams in no focus group)\n" in printed


def test_validate_counts_the_teams_of_a_visit_that_has_them(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(SHARED / "examples" / "medium-teams.json")]) == 0
    assert "156 people, 9 teams)\n" in capsys.readouterr().out


def strict_order_visit() -> dict[str, Any]:
    """Eight one-hour interviews, each after the one before, with one assessor on a day of 8 hours
    and a half-hour lunch: back to back but for lunch. A search that has no time leaves some out."""
    titles = ["Director of Adult Social Care", "Principal Social Worker", "Head of Commissioning",
              "Safeguarding Lead", "Carers' Lead", "Lead Member", "Chief Executive",
              "Head of Quality Assurance"]  # fmt: skip
    data = tiny_visit()
    data["visit"]["day_end"] = "17:30"
    data["sessions"] = [
        {
            "id": f"s{i}",
            "title": f"Interview: {title}",
            "minutes": 60,
            "needs_escort": False,
            "after": [f"s{i - 1}"] if i > 1 else [],
        }
        for i, title in enumerate(titles, start=1)
    ]
    return data


def test_solve_exits_4_and_writes_the_plan_so_far_when_time_runs_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    visit = write_json(tmp_path / "visit.json", strict_order_visit())
    out = tmp_path / "tt.json"

    assert main(["solve", str(visit), "-o", str(out), "--time-limit", "0.01"]) == 4

    printed = capsys.readouterr().out
    assert "TIME RAN OUT: " in printed
    assert f"must sessions placed in 0.01 s; the plan so far is written to {out}." in printed
    assert "A longer time limit may place the rest: visits of up to 40 sessions usually have" in printed
    assert "not placed yet:\n  s" in printed
    assert "cannot be placed" not in printed
    timetable = load_timetable(out)
    assert timetable.status == "UNKNOWN"
    assert timetable.assignments, "the plan so far is written, not an empty one"
    assert all(
        u.reason.startswith("the time limit ran out before it was placed") for u in timetable.unscheduled
    )


def test_solve_with_time_places_the_same_visit_whole_and_exits_0(tmp_path: Path) -> None:
    visit = write_json(tmp_path / "visit.json", strict_order_visit())
    out = tmp_path / "tt.json"

    assert main(["solve", str(visit), "-o", str(out), "--time-limit", "10"]) == 0

    assert len(load_timetable(out).assignments) == 8


def test_solve_with_workers_0_uses_every_core(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "tt.json"

    assert main(["solve", str(SMALL), "-o", str(out), "--time-limit", "5", "--workers", "0"]) == 0

    assert "placed:    must 6/6" in capsys.readouterr().out


def test_solve_refuses_a_negative_number_of_workers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["solve", str(SMALL), "-o", str(tmp_path / "tt.json"), "--workers", "-1"]) == 2

    assert "-1 must be 0 (every core) or more" in capsys.readouterr().err
