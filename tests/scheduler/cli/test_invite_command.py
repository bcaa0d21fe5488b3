"""`fieldwork ics VISIT_ID --person EMAIL -o FILE` writes what that person's feed serves."""

from __future__ import annotations

from pathlib import Path

import icalendar
import pytest

from scheduler.cli import main
from scheduler.cli.store_commands import store
from scheduler.services.accounts import create_user
from scheduler.services.timetables import publish_version, save_version
from scheduler.services.visits import import_visit
from scheduler.settings import Settings
from tests.support.databases import use_fresh_database
from tests.support.invites import TIMETABLE, assert_ics_check_passes, invite_visit
from tests.support.store import NOW


@pytest.fixture
def visit_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    use_fresh_database(monkeypatch, tmp_path / "instance")
    monkeypatch.setenv("FIELDWORK_INSTANCE", str(tmp_path / "instance"))
    with store(Settings.from_environment()) as db:
        user = create_user(db, "visit-coordinator@council.example", "a long secret", "Casey", NOW)
        visit_id = import_visit(db, user, invite_visit(), NOW)
        publish_version(db, user, visit_id, save_version(db, user, visit_id, TIMETABLE, NOW), NOW)
    return visit_id


def summaries(path: Path) -> list[str]:
    return [str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")]


def test_a_persons_calendar_and_the_whole_visit_are_written_and_pass_ics_check(
    visit_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    jane, everything = tmp_path / "jane.ics", tmp_path / "visit.ics"
    assert main(["ics", str(visit_id), "--person", "Jane@Council.example", "-o", str(jane)]) == 0
    assert main(["ics", str(visit_id), "-o", str(everything)]) == 0
    assert capsys.readouterr().out == f"wrote 2 events to {jane}\nwrote 5 events to {everything}\n"
    assert summaries(jane) == ["Interview: Director of Adult Social Care", "Focus group: partners (reserve)"]
    assert_ics_check_passes(jane, everything)


def test_the_same_person_gets_the_same_uids_every_time(visit_id: int, tmp_path: Path):
    first, second = tmp_path / "1.ics", tmp_path / "2.ics"
    main(["ics", str(visit_id), "--person", "priya@cqc.example", "-o", str(first)])
    main(["ics", str(visit_id), "--person", "priya@cqc.example", "-o", str(second)])
    uids = [
        [str(e["UID"]) for e in icalendar.Calendar.from_ical(p.read_bytes()).walk("VEVENT")]
        for p in (first, second)
    ]
    assert uids[0] == uids[1] and len(uids[0]) == 3


def test_an_unknown_address_is_a_clear_message(
    visit_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    assert main(["ics", str(visit_id), "--person", "nobody@x.example", "-o", str(tmp_path / "x.ics")]) == 2
    assert capsys.readouterr().err == (
        "fieldwork ics: nobody in visit 'Riverside assessment' has the email address 'nobody@x.example'\n"
    )
    assert main(["ics", "99", "-o", str(tmp_path / "x.ics")]) == 2
    assert capsys.readouterr().err == "fieldwork ics: there is no visit 99\n"


def test_nothing_is_written_before_anything_is_published(
    visit_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    with store(Settings.from_environment()) as db:
        user = create_user(db, "other@council.example", "a long secret", "Other", NOW)
        unpublished = import_visit(db, user, invite_visit(), NOW)
    out = tmp_path / "nothing.ics"
    assert main(["ics", str(unpublished), "--person", "jane@council.example", "-o", str(out)]) == 2
    assert capsys.readouterr().err == (
        "fieldwork ics: jane@council.example has no published sessions yet; nothing written\n"
    )
    assert not out.exists()
