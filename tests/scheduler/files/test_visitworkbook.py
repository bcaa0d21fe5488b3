"""A whole visit as an XLSX workbook: it reads back unchanged and bad cells are pointed at."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from scheduler.files.visit_file import VisitFileError, load_visit
from scheduler.files.visit_workbook import read_visit_workbook, visit_workbook

EXAMPLES = Path(__file__).resolve().parents[3].parent / "shared" / "examples"


def edited(data: bytes, sheet: str, cell: str, value: object) -> bytes:
    book = load_workbook(io.BytesIO(data))
    book[sheet][cell] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("name", ["small", "medium", "medium-teams"])
def test_a_visit_written_as_a_workbook_reads_back_unchanged(name: str) -> None:
    visit = load_visit(EXAMPLES / f"{name}.json")
    assert read_visit_workbook("visit.xlsx", visit_workbook(visit)) == visit


def test_titles_and_names_that_look_like_formulas_are_text_and_read_back_unchanged() -> None:
    visit = load_visit(EXAMPLES / "small.json")
    looks_like = {
        "s1": "=== Opening ===",
        "s2": "+ Daily wash-up",
        "s3": "@NHS Westmere: meeting",
        "s4": "-- Extra Care Housing --",
        "s5": "'Reviewing' practitioners",
    }
    visit = dataclasses.replace(
        visit,
        name="=Westmere visit",
        sessions=tuple(dataclasses.replace(s, title=looks_like.get(s.id, s.title)) for s in visit.sessions),
        people=tuple(
            dataclasses.replace(p, name="=cmd|' /C calc'!A0", team="@team") if p.id == "p1" else p
            for p in visit.people
        ),
    )
    data = visit_workbook(visit)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
    assert not [sheet for sheet in sheets if b"<f>" in sheet or b"<f " in sheet]
    titles = [row[1] for row in load_workbook(io.BytesIO(data))["Sessions"].iter_rows(values_only=True)]
    assert titles[1:6] == [
        "'=== Opening ===",
        "'+ Daily wash-up",
        "'@NHS Westmere: meeting",
        "'-- Extra Care Housing --",
        "''Reviewing' practitioners",
    ]
    assert read_visit_workbook("visit.xlsx", data) == visit


def test_the_workbook_has_one_sheet_per_list_of_the_visit() -> None:
    book = load_workbook(io.BytesIO(visit_workbook(load_visit(EXAMPLES / "small.json"))))
    assert book.sheetnames == [
        "Visit",
        "Sites",
        "Travel",
        "Rooms",
        "Assessors",
        "People",
        "Sessions",
        "Teams",
    ]
    assert [c.value for c in book["Rooms"][1]] == ["id", "name", "site", "capacity", "features", "available"]


def test_a_word_where_a_number_belongs_is_reported_by_sheet_row_and_column() -> None:
    data = edited(visit_workbook(load_visit(EXAMPLES / "small.json")), "Rooms", "D3", "twelve")
    with pytest.raises(VisitFileError) as error:
        read_visit_workbook("visit.xlsx", data)
    assert error.value.problems == [
        "sheet 'Rooms' row 3, column 'capacity': expected a whole number, not 'twelve'"
    ]


def test_an_unknown_person_in_a_session_is_reported_on_the_sessions_row() -> None:
    data = edited(visit_workbook(load_visit(EXAMPLES / "small.json")), "Sessions", "G2", "p1; p999")
    with pytest.raises(VisitFileError) as error:
        read_visit_workbook("visit.xlsx", data)
    assert (
        error.value.problems[0] == "sheet 'Sessions' row 2 's1': required_people names unknown person 'p999'"
    )


def test_badly_written_availability_names_the_cell_and_the_expected_shape() -> None:
    data = edited(visit_workbook(load_visit(EXAMPLES / "small.json")), "People", "J2", "Tuesday morning")
    with pytest.raises(VisitFileError) as error:
        read_visit_workbook("visit.xlsx", data)
    assert error.value.problems == [
        "sheet 'People' row 2, column 'available': 'Tuesday morning' is not like "
        "'2026-03-10 09:00-12:00' (optionally ' if_needed')"
    ]


def test_a_file_that_is_not_a_workbook_is_refused_with_its_name() -> None:
    with pytest.raises(VisitFileError) as error:
        read_visit_workbook("people.xlsx", b"name,email\n")
    assert error.value.problems[0].startswith("people.xlsx: is not an XLSX workbook")


def test_a_line_manager_who_is_not_in_the_visit_is_reported_on_the_persons_row() -> None:
    book = load_workbook(io.BytesIO(visit_workbook(load_visit(EXAMPLES / "medium-teams.json"))))
    assert [c.value for c in book["People"][1]][10:] == ["manager", "supporters", "max_sessions_per_day"]
    assert [c.value for c in book["Teams"][2]] == ["Business support", 1, "no"]
    book["People"]["K2"] = "p999"
    book["Teams"]["B3"] = 0
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(VisitFileError) as error:
        read_visit_workbook("visit.xlsx", out.getvalue())
    assert error.value.problems == [
        "sheet 'People' row 2 'p1': manager names unknown person 'p999'",
        "sheet 'Teams' row 3 'Carers Support': max_away 0 must be positive",
    ]
