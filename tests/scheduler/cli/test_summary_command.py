"""`fieldwork summary VISIT_ID --csv OUT --xlsx OUT` and `fieldwork milestones VISIT_ID`."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from scheduler.cli import main
from scheduler.db.engine import make_engine, make_session_factory, upgrade_database
from scheduler.services.on_the_day import mark_session
from scheduler.settings import Settings
from tests.support.databases import use_fresh_database
from tests.support.onsite import ON_THE_DAY, published_small_visit
from tests.support.store import add_user


@pytest.fixture
def instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    use_fresh_database(monkeypatch, tmp_path / "instance")
    monkeypatch.setenv("FIELDWORK_INSTANCE", str(tmp_path / "instance"))
    url = Settings.from_environment().connect_url(tmp_path / "instance")
    upgrade_database(url)
    with make_session_factory(make_engine(url))() as db:
        user = add_user(db, "grace.okafor@example.org", "Grace Okafor")
        published_small_visit(db, user)
        db.commit()
    return tmp_path / "instance"


def test_summary_prints_the_planned_numbers_and_writes_csv_and_workbook(
    instance: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_csv, out_xlsx = tmp_path / "numbers.csv", tmp_path / "numbers.xlsx"

    assert main(["summary", "1", "--csv", str(out_csv), "--xlsx", str(out_xlsx)]) == 0

    printed = capsys.readouterr().out.splitlines()
    assert printed[:4] == [
        "Local authority assessment: on-site visit (planned: timetable version 1)",
        "meetings planned: 8",
        "people met: 22 (people using services and carers: 3)",
        "person-hours: 27.75",
    ]
    assert "  Extra Care Housing: 2 meetings, 8 people, 10.75 person-hours" in printed
    assert printed[-2:] == [f"wrote {out_csv}", f"wrote {out_xlsx}"]
    with out_csv.open(newline="", encoding="utf-8") as handle:
        assert list(csv.reader(handle))[1] == ["Visit", "All sessions", "8", "22", "27.75", "planned"]
    assert load_workbook(out_xlsx)["Team"]["A2"].value == "Extra Care Housing"


def test_summary_counts_the_record_once_a_session_is_marked(
    instance: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = Settings.from_environment().connect_url(instance)
    with make_session_factory(make_engine(url))() as db:
        from scheduler.services.accounts import find_user_by_email

        grace = find_user_by_email(db, "grace.okafor@example.org")
        assert grace is not None
        mark_session(db, grace, 1, "s5", "held", ON_THE_DAY)
        db.commit()

    assert main(["summary", "1"]) == 0

    printed = capsys.readouterr().out.splitlines()
    assert printed[:4] == [
        "Local authority assessment: on-site visit (held: 1 of 8 sessions marked)",
        "meetings held: 1",
        "people met: 6 (people using services and carers: 0)",
        "person-hours: 9",
    ]


def test_summary_of_a_visit_that_does_not_exist_says_so(
    instance: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["summary", "7"]) == 2
    assert capsys.readouterr().err == "fieldwork summary: there is no visit 7\n"


def test_milestones_lists_the_timeline_with_its_default_dates(
    instance: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["milestones", "1"]) == 0

    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == "2026-01-13  Tue 13 Jan  Notice of the visit received (default)"
    assert printed[2] == "2026-02-10  Tue 10 Feb  First plan (default), done 2026-03-01"
    assert printed[6] == "2026-03-10  Tue 10 Mar  First day on site (default)"
    assert len(printed) == 8
