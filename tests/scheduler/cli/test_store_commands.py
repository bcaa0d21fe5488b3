"""The store commands: create-user, import, export, plan and publish against the instance database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scheduler.cli import main
from tests.support.databases import on_postgres, use_fresh_database
from tests.support.store import SMALL, example_json


@pytest.fixture(autouse=True)
def instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    use_fresh_database(monkeypatch, tmp_path / "instance")
    monkeypatch.setenv("FIELDWORK_INSTANCE", str(tmp_path / "instance"))
    return tmp_path / "instance"


def test_import_needs_a_coordinator_account_first(capsys: pytest.CaptureFixture[str]):
    assert main(["import", str(SMALL)]) == 2
    assert capsys.readouterr().err == (
        "fieldwork import: there is no coordinator account yet: create one with `fieldwork create-user`\n"
    )


def test_a_visit_goes_in_is_planned_published_and_comes_back_out(
    tmp_path: Path, instance: Path, capsys: pytest.CaptureFixture[str]
):
    assert main(["create-user", "Ann@Example.org", "--name", "Ann", "--password", "a long secret"]) == 0
    assert capsys.readouterr().out == "created account ann@example.org (Ann)\n"
    if not on_postgres():  # else DATABASE_URL names the database
        assert (instance / "fieldwork.sqlite3").is_file()

    assert main(["import", str(SMALL), "--user", "ann@example.org"]) == 0
    assert capsys.readouterr().out == "1\n"
    assert main(["plan", "1", "--time-limit", "5"]) == 0
    assert capsys.readouterr().out == "1\n"
    assert main(["publish", "1", "1"]) == 0
    published, invites = capsys.readouterr().out.splitlines()
    assert published == "published version 1 of visit 1"
    assert invites.endswith(
        " updates, 0 cancellations; all queued: no SMTP server"
        " (set FIELDWORK_SMTP_URL, then `fieldwork send-mail`)"
    )

    visit_out, timetable_out = tmp_path / "visit.json", tmp_path / "tt.json"
    assert main(["export", "1", "-o", str(visit_out), "--timetable", str(timetable_out)]) == 0
    assert json.loads(visit_out.read_text(encoding="utf-8")) == example_json(SMALL)
    timetable = json.loads(timetable_out.read_text(encoding="utf-8"))
    assert len(timetable["assignments"]) == 8


def test_import_with_update_prints_each_change(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    main(["create-user", "ann@example.org", "--name", "Ann", "--password", "a long secret"])
    main(["import", str(SMALL)])
    capsys.readouterr()
    edited = example_json(SMALL)
    edited["sessions"][0]["title"] = "Opening meeting"
    edited_path = tmp_path / "edited.json"
    edited_path.write_text(json.dumps(edited), encoding="utf-8")
    assert main(["import", str(edited_path), "--update", "1"]) == 0
    old_title = example_json(SMALL)["sessions"][0]["title"]
    assert capsys.readouterr().out == f"changed session s1: title '{old_title}' -> 'Opening meeting'\n"
    assert main(["import", str(edited_path), "--update", "1"]) == 0
    assert capsys.readouterr().out == "no changes\n"


def test_bad_input_gives_a_message_and_exit_code_2_never_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    main(["create-user", "ann@example.org", "--name", "Ann", "--password", "a long secret"])
    capsys.readouterr()
    assert main(["export", "9", "-o", str(tmp_path / "out.json")]) == 2
    assert capsys.readouterr().err == "fieldwork export: there is no visit 9\n"
    assert main(["plan", "9"]) == 2
    assert capsys.readouterr().err == "fieldwork plan: there is no visit 9\n"
    assert main(["create-user", "ANN@example.org", "--name", "Ann", "--password", "a long secret"]) == 2
    assert (
        capsys.readouterr().err == "fieldwork create-user: there is already an account for ann@example.org\n"
    )
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    assert main(["import", str(broken)]) == 2
    assert capsys.readouterr().err.startswith("fieldwork import: the visit file has problems:\n")


def test_plan_exits_4_and_saves_the_plan_so_far_when_time_runs_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    titles = ["Director of Adult Social Care", "Principal Social Worker", "Head of Commissioning",
              "Safeguarding Lead", "Carers' Lead", "Lead Member", "Chief Executive",
              "Head of Quality Assurance"]  # fmt: skip
    visit = {
        "format": "fieldwork-visit/1",
        "visit": {"name": "Interview day", "timezone": "Europe/London", "days": ["2026-03-10"],
                  "day_end": "17:30"},
        "sites": [{"id": "hq", "name": "Loxley House"}],
        "rooms": [{"id": "r1", "name": "Room 2.01", "site": "hq", "capacity": 4}],
        "assessors": [{"id": "a1", "name": "Aisha Rahman"}],
        "people": [{"id": "p1", "name": "Kieran Gill"}],
        "sessions": [
            {"id": f"s{i}", "title": f"Interview: {title}", "minutes": 60, "needs_escort": False,
             "after": [f"s{i - 1}"] if i > 1 else []}
            for i, title in enumerate(titles, start=1)
        ],
    }  # fmt: skip
    path = tmp_path / "visit.json"
    path.write_text(json.dumps(visit), encoding="utf-8")
    main(["create-user", "ann@example.org", "--name", "Ann", "--password", "a long secret"])
    main(["import", str(path)])
    capsys.readouterr()

    assert main(["plan", "1", "--time-limit", "0.01"]) == 4

    printed = capsys.readouterr()
    assert printed.out == "1\n"
    assert "time ran out: " in printed.err
    assert "must sessions placed; the plan so far is version 1. A longer time limit may place" in printed.err
    assert "cannot place" not in printed.err
