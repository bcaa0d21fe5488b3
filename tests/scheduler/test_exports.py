"""Timetable exports: a CSV and an Excel workbook with names, in day and time order."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook
from views_fixture import tiny_timetable, tiny_visit

from scheduler import domain
from scheduler.services.exports import HEADERS, timetable_csv, timetable_xlsx

EXPECTED_ROWS = [
    [
        "2026-03-10",
        "09:15",
        "10:15",
        "s1",
        "Interview: Director",
        "interview",
        "in person",
        "Room 2",
        "Loxley House",
        "Ada Lovelace; Bo Diddley",
        "Sam Jones",
        "Pat Smith",
    ],
    [
        "2026-03-10",
        "09:30",
        "10:00",
        "s2",
        "Carers focus group",
        "focus_group",
        "virtual",
        "",
        "",
        "Ada Lovelace",
        "",
        "",
    ],
    [
        "2026-03-10",
        "09:45",
        "10:30",
        "s3",
        "Partners drop-in",
        "drop_in",
        "virtual",
        "",
        "",
        "Bo Diddley",
        "",
        "Sam Jones",
    ],
]


def test_the_csv_has_a_header_and_a_row_per_placed_session_in_time_order():
    timetable = tiny_timetable()
    shuffled = domain.Timetable(assignments=timetable.assignments[::-1], unscheduled=timetable.unscheduled)
    rows = list(csv.reader(io.StringIO(timetable_csv(tiny_visit(), shuffled))))
    assert rows == [list(HEADERS), *EXPECTED_ROWS]


def test_the_workbook_has_the_timetable_and_the_unscheduled_sessions_with_reasons():
    workbook = load_workbook(io.BytesIO(timetable_xlsx(tiny_visit(), tiny_timetable())))
    assert workbook.sheetnames == ["Timetable", "Unscheduled"]
    timetable_rows = [
        [cell or "" for cell in row] for row in workbook["Timetable"].iter_rows(values_only=True)
    ]
    assert timetable_rows == [list(HEADERS), *EXPECTED_ROWS]
    assert list(workbook["Unscheduled"].iter_rows(values_only=True)) == [
        ("Session", "Title", "Priority", "Reason"),
        ("s4", "Case tracking", "should", "no assessor is free for 60 minutes"),
    ]
