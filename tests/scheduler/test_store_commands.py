"""The store commands: create-user, import, export, plan and publish against the instance database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from databases import on_postgres, use_fresh_database
from store_support import SMALL, example_json

from scheduler.cli import main


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
