"""Visits too big to plan are refused by the visit reader, naming the field and the cap.

The reader is shared by `fieldwork validate` and `import`, the visit-file and workbook uploads,
the spreadsheet imports and every edit, so each of them refuses the same visits.
"""

from __future__ import annotations

import copy
import dataclasses
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from scheduler.cli import main
from scheduler.files.visit_file import VisitFileError, read_visit
from scheduler.files.visit_limits import MAX_DAYS, MAX_PEOPLE, MAX_SESSIONS
from scheduler.files.visit_workbook import read_visit_workbook, visit_workbook
from tests.support.databases import use_fresh_database
from tests.support.store import MEDIUM, SMALL, example_json


def visit_days(count: int, first: date = date(2026, 3, 2)) -> list[str]:
    return [(first + timedelta(days=n)).isoformat() for n in range(count)]


def small_visit_of(days: int, slot_minutes: int = 15, **head: Any) -> dict[str, Any]:
    document = example_json(SMALL)
    document["visit"].update(days=visit_days(days), slot_minutes=slot_minutes, **head)
    return document


def refused(document: dict[str, Any]) -> list[str]:
    with pytest.raises(VisitFileError) as error:
        read_visit(document)
    return error.value.problems


THREE_THOUSAND_DAYS = [
    "visit: days lists 3,000 days, more than the 31 a visit may have",
    "visit: 3,000 days x 480 slots a day (09:00-17:00 in 1-minute slots) make 1,440,000 slots, "
    "more than the 2,000 a visit may have; use fewer days, a shorter day or a longer slot_minutes",
]


def test_a_visit_of_3000_days_of_one_minute_slots_is_refused_naming_both_caps() -> None:
    document = small_visit_of(3_000, slot_minutes=1)
    assert len(json.dumps(document)) < 60_000  # the 57 KB file of the report
    assert refused(document) == THREE_THOUSAND_DAYS


def test_a_month_of_days_is_accepted_and_one_day_more_is_not() -> None:
    assert len(read_visit(small_visit_of(MAX_DAYS)).days) == 31
    assert refused(small_visit_of(MAX_DAYS + 1)) == [
        "visit: days lists 32 days, more than the 31 a visit may have"
    ]


def test_long_days_of_short_slots_are_refused_even_within_a_month() -> None:
    # 31 days of 15-minute slots from 07:00 to 23:00 is 1,984 slots: within the cap.
    assert read_visit(small_visit_of(31, day_start="07:00", day_end="23:00")).slot_minutes == 15
    assert len(read_visit(small_visit_of(10, slot_minutes=5, day_start="07:00", day_end="23:00")).days) == 10
    assert refused(small_visit_of(11, slot_minutes=5, day_start="07:00", day_end="23:00")) == [
        "visit: 11 days x 192 slots a day (07:00-23:00 in 5-minute slots) make 2,112 slots, "
        "more than the 2,000 a visit may have; use fewer days, a shorter day or a longer slot_minutes"
    ]


def copies(entries: list[dict[str, Any]], count: int, prefix: str) -> list[dict[str, Any]]:
    """`count` entries cycling through the example's own (its real names and titles), new ids."""
    return [{**copy.deepcopy(entries[n % len(entries)]), "id": f"{prefix}{n}"} for n in range(count)]


def test_more_sessions_than_a_visit_may_have_are_refused_by_count() -> None:
    document = example_json(MEDIUM)
    sessions = [
        {key: value for key, value in session.items() if key not in ("after", "fixed")}
        for session in document["sessions"]
    ]
    document["sessions"] = copies(sessions, MAX_SESSIONS + 1, "s")
    assert refused(document) == ["sessions: has 501 sessions, more than the 500 a visit may have"]


def test_more_people_than_a_visit_may_have_are_refused_by_count() -> None:
    document = example_json(MEDIUM)
    document["people"] += copies(document["people"], MAX_PEOPLE + 1 - len(document["people"]), "extra")
    assert refused(document) == ["people: has 2,001 people, more than the 2,000 a visit may have"]


def test_validate_and_import_refuse_the_3000_day_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "three-thousand-days.json"
    path.write_text(json.dumps(small_visit_of(3_000, slot_minutes=1)), encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    out = capsys.readouterr().out
    assert all(problem in out for problem in THREE_THOUSAND_DAYS), out
    use_fresh_database(monkeypatch, tmp_path / "instance")
    monkeypatch.setenv("FIELDWORK_INSTANCE", str(tmp_path / "instance"))
    assert main(["import", str(path)]) == 2
    assert THREE_THOUSAND_DAYS[0] in capsys.readouterr().err


def test_a_visit_workbook_of_1000_days_is_refused_naming_the_caps() -> None:
    # A thousand days fill the Visit sheet's days cell; Excel keeps at most 32,767 characters.
    within = read_visit(example_json(SMALL))
    too_long = dataclasses.replace(within, days=tuple(visit_days(1_000)), slot_minutes=1)
    with pytest.raises(VisitFileError) as error:
        read_visit_workbook("thousand-days.xlsx", visit_workbook(too_long))
    assert error.value.problems == [
        "visit: days lists 1,000 days, more than the 31 a visit may have",
        "visit: 1,000 days x 480 slots a day (09:00-17:00 in 1-minute slots) make 480,000 slots, "
        "more than the 2,000 a visit may have; use fewer days, a shorter day or a longer slot_minutes",
    ]
