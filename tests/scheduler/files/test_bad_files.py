"""Bad files of every kind are refused with a message naming the file, entry or row; nothing is stored.

Truncated, huge, wrongly typed and wrongly encoded visit files, visit workbooks, CSV and XLSX
imports and timetable files. Each refusal is checked through the services against the row
counts of the store, so a half-imported file would show.
"""

from __future__ import annotations

import codecs
import copy
import json
import re
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from scheduler.db.accounts import User
from scheduler.errors import ServiceError
from scheduler.files.json_text import parse_json_bytes
from scheduler.files.tabular import read_table, suggest_mapping
from scheduler.files.timetable_file import TimetableFileError, load_timetable, read_timetable
from scheduler.files.upload_limits import (
    MAX_CELL_CHARS,
    MAX_CELLS,
    MAX_CELLS_PER_ROW,
    MAX_FILE_BYTES,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
)
from scheduler.files.visit_file import VisitFileError, read_visit
from scheduler.files.visit_workbook import read_visit_workbook, visit_workbook
from scheduler.services.tabular import commit_import, preview_import
from scheduler.services.visits import import_visit, load_visit
from tests.support.bad_files import (
    blank_row,
    people_workbook,
    reopened,
    rewritten_part,
    row_counts,
    saved,
    with_extra_rows,
    with_forged_size,
    with_shared_text,
    xlsx,
    zip_of,
)
from tests.support.store import NOW, SMALL, add_user, add_visit, example_json, open_store

SMALL_BYTES = SMALL.read_bytes()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory):
    # One store for the module: every test compares the row counts before and after itself.
    with open_store(tmp_path_factory.mktemp("bad_files"))() as session:
        yield session


@pytest.fixture(scope="module")
def user(db: Session) -> User:
    return add_user(db)


def import_visit_file(db: Session, user: User, name: str, data: bytes) -> int:
    """What the upload page does with a visit file, without the page."""
    problem, document = parse_json_bytes(name, data)
    if problem:
        raise VisitFileError([problem])
    return import_visit(db, user, read_visit(document), NOW)


def refused_visit_file(db: Session, user: User, name: str, data: bytes) -> list[str]:
    before = row_counts(db)
    with pytest.raises(VisitFileError) as refused:
        import_visit_file(db, user, name, data)
    assert row_counts(db) == before
    return refused.value.problems


def small_with(change: Any) -> bytes:
    document = copy.deepcopy(example_json(SMALL))
    change(document)
    return json.dumps(document).encode()


# ---- visit files ---------------------------------------------------------------------------------


def test_a_truncated_visit_file_names_the_file_line_and_column(db: Session, user: User) -> None:
    assert refused_visit_file(db, user, "visit.json", SMALL_BYTES[:500]) == [
        "visit.json: is not valid JSON: Unterminated string starting at at line 21 column 44"
    ]


def test_an_empty_visit_file_is_not_json(db: Session, user: User) -> None:
    assert refused_visit_file(db, user, "visit.json", b"") == [
        "visit.json: is not valid JSON: Expecting value at line 1 column 1"
    ]


def test_a_visit_file_in_utf16_or_latin1_is_refused_by_name(db: Session, user: User) -> None:
    utf16 = SMALL_BYTES.decode().encode("utf-16")
    assert refused_visit_file(db, user, "visit.json", utf16) == [
        "visit.json: is UTF-16 text; save it as UTF-8"
    ]
    latin1 = json.dumps({"format": "fieldwork-visit/1", "visit": {"name": "Café"}}, ensure_ascii=False)
    assert refused_visit_file(db, user, "visit.json", latin1.encode("latin-1")) == [
        "visit.json: is not UTF-8 text (byte 54 is 0xe9)"
    ]


def test_a_workbook_sent_as_a_visit_file_is_named_as_an_archive(db: Session, user: User) -> None:
    workbook = visit_workbook(read_visit(example_json(SMALL)))
    assert refused_visit_file(db, user, "visit.json", workbook) == [
        "visit.json: is a ZIP archive (an XLSX workbook?), not a JSON file"
    ]


def test_a_visit_file_larger_than_any_visit_is_refused_before_parsing(db: Session, user: User) -> None:
    huge = b" " * (MAX_FILE_BYTES + 1)
    assert refused_visit_file(db, user, "visit.json", huge) == [
        "visit.json: is 20 MB, more than the 20 MB a file may be"
    ]


def test_a_list_with_more_entries_than_a_visit_may_hold_is_refused_by_name(db: Session, user: User) -> None:
    def many_people(document: dict[str, Any]) -> None:
        person = document["people"][0]
        document["people"] = [{**person, "id": f"x{n}"} for n in range(MAX_ROWS + 1)]

    problems = refused_visit_file(db, user, "visit.json", small_with(many_people))
    assert problems[0] == "people: has 20,001 entries, more than the 20,000 a visit file may hold"


def test_json_nested_too_deeply_or_with_an_endless_number_is_refused(db: Session, user: User) -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    assert refused_visit_file(db, user, "visit.json", deep) == [
        "visit.json: is not a visit or timetable file: its lists and objects nest too deeply"
    ]
    endless = b'{"format": ' + b"9" * 5000 + b"}"
    assert refused_visit_file(db, user, "visit.json", endless)[0].startswith(
        "visit.json: is not valid JSON: Exceeds the limit (4300 digits) for integer string conversion"
    )


def test_numbers_written_as_strings_are_named_by_entry_and_field(db: Session, user: User) -> None:
    def as_strings(document: dict[str, Any]) -> None:
        document["sessions"][0]["minutes"] = "60"
        document["rooms"][0]["capacity"] = "12"

    assert refused_visit_file(db, user, "visit.json", small_with(as_strings)) == [
        "rooms[0] 'r1': capacity must be a whole number, not the string \"12\"",
        "sessions[0] 's1': minutes must be a whole number, not the string \"60\"",
    ]


def test_a_list_written_as_an_object_is_named(db: Session, user: User) -> None:
    def sessions_by_id(document: dict[str, Any]) -> None:
        document["sessions"] = {session["id"]: session for session in document["sessions"]}

    assert refused_visit_file(db, user, "visit.json", small_with(sessions_by_id)) == [
        "visit file: sessions must be a list, not an object"
    ]


def test_null_everywhere_is_named_field_by_field(db: Session, user: User) -> None:
    def nulls(document: dict[str, Any]) -> None:
        document["visit"] = {key: None for key in document["visit"]}

    problems = refused_visit_file(db, user, "visit.json", small_with(nulls))
    assert problems[:3] == [
        "visit: name must be a string, not null",
        "visit: organisation must be a string, not null",
        "visit: timezone must be a string, not null",
    ]
    assert refused_visit_file(db, user, "visit.json", b"null") == ["visit file: must be an object, not null"]
    assert refused_visit_file(
        db, user, "visit.json", small_with(lambda d: d["sessions"].__setitem__(0, None))
    )[0].startswith("sessions[0]: ")


# ---- the whole-visit workbook --------------------------------------------------------------------


def small_workbook() -> bytes:
    return visit_workbook(read_visit(example_json(SMALL)))


def refused_workbook(db: Session, user: User, data: bytes, name: str = "visit.xlsx") -> list[str]:
    before = row_counts(db)
    with pytest.raises(VisitFileError) as refused:
        import_visit(db, user, read_visit_workbook(name, data), NOW)
    assert row_counts(db) == before
    return refused.value.problems


def test_a_truncated_workbook_is_not_a_workbook(db: Session, user: User) -> None:
    data = small_workbook()
    assert refused_workbook(db, user, data[: len(data) // 2]) == [
        "visit.xlsx: is not an XLSX workbook (File is not a zip file)"
    ]


def test_a_zip_that_is_not_a_workbook_is_named_so(db: Session, user: User) -> None:
    assert refused_workbook(db, user, zip_of({"notes.txt": "hello"})) == [
        "visit.xlsx: is not an XLSX workbook (a ZIP archive, but not a spreadsheet)"
    ]


def test_a_workbook_that_unpacks_to_gigabytes_is_refused_unopened(db: Session, user: User) -> None:
    bomb = zip_of(
        {"[Content_Types].xml": "<Types/>", "xl/worksheets/sheet1.xml": b"\0" * (MAX_UNPACKED_BYTES + 1)}
    )
    assert refused_workbook(db, user, bomb) == [
        "visit.xlsx: unpacks to 20.0 MB, more than the 20 MB a workbook may hold"
    ]


def peak_megabytes_refusing(read: Callable[[], object]) -> tuple[str, float]:
    """The refusal's message and the most memory Python held while reading the file to refuse it."""
    tracemalloc.start()
    try:
        read()
    except (ServiceError, VisitFileError) as refused:
        message = "\n".join(getattr(refused, "problems", [str(refused)]))
    else:
        message = "accepted"
    finally:
        peak = tracemalloc.get_traced_memory()[1] / (1024 * 1024)
        tracemalloc.stop()
    return message, peak


def test_a_small_workbook_unpacking_past_20_mb_is_refused_without_reading_its_sheet(
    db: Session, user: User
) -> None:
    # 22 KB on the wire; before the cap, openpyxl built this one row of 5.3 million cells
    # (the 100 KB version of it took 8 GB and 90 s).
    bomb = with_extra_rows(people_workbook(), blank_row(4, 5_300_000))
    assert len(bomb) < 100 * 1024
    message, peak = peak_megabytes_refusing(lambda: read_table("people.xlsx", bomb))
    assert message == "'people.xlsx': unpacks to 20.2 MB, more than the 20 MB a workbook may hold"
    assert peak < 5
    assert refused_workbook(db, user, bomb, "people.xlsx") == [
        "people.xlsx: unpacks to 20.2 MB, more than the 20 MB a workbook may hold"
    ]


def test_a_workbook_packed_a_thousand_to_one_is_refused_unopened(db: Session, user: User) -> None:
    bomb = with_extra_rows(people_workbook(), blank_row(4, 1_000_000))  # 4 MB of sheet in 5 KB
    message, peak = peak_megabytes_refusing(lambda: read_table("people.xlsx", bomb))
    ratio = re.fullmatch(
        r"'people\.xlsx': its part 'xl/worksheets/sheet1\.xml' unpacks to ([\d,]+) times its packed size, "
        r"where real workbooks stay under 100; it was not opened",
        message,
    )
    assert ratio is not None and int(ratio[1].replace(",", "")) > 500, message
    assert peak < 5
    assert "times its packed size" in refused_workbook(db, user, bomb, "people.xlsx")[0]


def test_a_workbook_lying_about_its_unpacked_size_is_read_only_that_far_and_refused() -> None:
    # zipfile stops each part at the size the archive declares, so the cap can trust that size.
    bomb = with_extra_rows(people_workbook(), blank_row(4, 6_000_000))  # 24 MB of sheet in 24 KB
    forged = with_forged_size(bomb, "xl/worksheets/sheet1.xml", 100_000)
    message, peak = peak_megabytes_refusing(lambda: read_table("people.xlsx", forged))
    assert message == (
        "'people.xlsx' is not an Excel workbook that can be read "
        "(Bad CRC-32 for file 'xl/worksheets/sheet1.xml')"
    )
    assert peak < 5


def test_a_row_wider_than_any_spreadsheet_is_refused_before_it_is_read() -> None:
    unpacked = with_extra_rows(people_workbook(), blank_row(4, MAX_CELLS_PER_ROW + 1), packed=False)
    message, _ = peak_megabytes_refusing(lambda: read_table("people.xlsx", unpacked))
    assert message == (
        "'people.xlsx': row 4 of 'xl/worksheets/sheet1.xml' has more than 16,384 cells, "
        "more than any spreadsheet can hold"
    )


def test_a_workbook_of_more_cells_than_any_import_is_refused_before_it_is_read() -> None:
    rows = b"".join(blank_row(number, 100) for number in range(4, 4 + MAX_CELLS // 100))
    unpacked = with_extra_rows(people_workbook(), rows, packed=False)
    assert refused_table("people.xlsx", unpacked) == (
        "'people.xlsx': has more than 500,000 cells; split it into smaller files"
    )


def test_a_workbook_declaring_entities_is_refused_as_no_workbook_has_a_dtd() -> None:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;">]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol1;</t></is></c></row></sheetData></worksheet>'
    )
    forged = rewritten_part(people_workbook(), "xl/worksheets/sheet1.xml", re.compile(r"(?s)^.*$"), laughs)
    assert refused_table("people.xlsx", forged) == (
        "'people.xlsx': its part 'xl/worksheets/sheet1.xml' declares a DTD, which no workbook has"
    )


def test_one_long_text_repeated_in_every_cell_is_refused_before_it_is_kept() -> None:
    # Shared strings let a 20 KB workbook show one 9,990-character note in 2,200 cells.
    note = "Kieran Gill prefers mornings; " * 333
    workbook = with_shared_text(people_workbook(), note, 2_200)
    assert len(workbook) < 30_000
    message = refused_table("people.xlsx", workbook)
    assert message.endswith(
        "the cells so far hold more than 20 million characters, more than an import may hold; "
        "split it into smaller files"
    )


def test_a_workbook_with_a_damaged_sheet_says_it_cannot_be_read(db: Session, user: User) -> None:
    damaged = rewritten_part(
        small_workbook(), "xl/worksheets/sheet4.xml", re.compile(r"</sheetData>.*", re.S), ""
    )
    problems = refused_workbook(db, user, damaged)
    assert len(problems) == 1 and problems[0].startswith(
        "visit.xlsx: is not an XLSX workbook that can be read ("
    )


def test_formulas_without_a_saved_value_and_merged_cells_are_named_by_sheet_and_row(
    db: Session, user: User
) -> None:
    book = reopened(small_workbook())
    book["Rooms"]["D2"] = "=10+2"  # written by a program, so no value was ever calculated
    book["Rooms"].merge_cells("A3:B3")
    assert refused_workbook(db, user, saved(book)) == [
        "sheet 'Rooms' row 2 'r1': missing 'capacity'",
        "sheet 'Rooms' row 3 'r2': missing 'name'",
        "visit.xlsx: some cells hold formulas that were never calculated (the file was written by a program,"
        " not saved by a spreadsheet), so they read as blank: open and save it in Excel or LibreOffice, or"
        " type the values",
    ]


def test_a_merged_cell_alone_gets_no_formula_hint(db: Session, user: User) -> None:
    book = reopened(small_workbook())
    book["Rooms"].merge_cells("A3:B3")
    assert refused_workbook(db, user, saved(book)) == ["sheet 'Rooms' row 3 'r2': missing 'name'"]


def test_empty_sheets_are_named(db: Session, user: User) -> None:
    book = reopened(small_workbook())
    book["Rooms"].delete_rows(1, book["Rooms"].max_row)
    del book["Sessions"]
    problems = refused_workbook(db, user, saved(book))
    assert problems == ["visit.xlsx: has no 'Sessions' sheet"]
    empty = reopened(small_workbook())
    empty["Visit"].delete_rows(1, empty["Visit"].max_row)
    assert refused_workbook(db, user, saved(empty))[:3] == [
        "visit: missing 'name'",
        "visit: missing 'timezone'",
        "visit: missing 'days'",
    ]


def test_a_cell_longer_than_any_real_value_is_named_by_sheet_row_and_column(db: Session, user: User) -> None:
    book = reopened(small_workbook())
    book["People"]["B2"] = "x" * (MAX_CELL_CHARS + 1)
    assert refused_workbook(db, user, saved(book)) == [
        "sheet 'People' row 2, column 'name': holds 10,001 characters, more than the 10,000 a cell may hold"
    ]


def test_a_workbook_with_a_forged_sheet_size_reads_only_the_cells_there(db: Session, user: User) -> None:
    forged = rewritten_part(
        small_workbook(),
        "xl/worksheets/sheet4.xml",
        re.compile(r'<dimension ref="[^"]*"'),
        '<dimension ref="A1:XFD1048576"',
    )
    assert read_visit_workbook("visit.xlsx", forged) == read_visit(example_json(SMALL))


# ---- CSV and XLSX imports of people, rooms and sessions ------------------------------------------

PEOPLE = "Name,Email,Team\nJosé Müller,jose@example.org,Reablement\nZoë “Zed” Ash,zoe@example.org,Café €\n"


def refused_table(name: str, data: bytes) -> str:
    with pytest.raises(ServiceError) as refused:
        read_table(name, data)
    assert refused.value.problems == [refused.value.message]
    return refused.value.message


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_a_csv_in_the_encodings_excel_writes_is_read_and_imported(
    db: Session, user: User, encoding: str
) -> None:
    visit_id = add_visit(db, user, SMALL)
    table = read_table("people.csv", PEOPLE.encode(encoding))
    assert table.rows[1] == ("Zoë “Zed” Ash", "zoe@example.org", "Café €")
    assert (
        commit_import(db, user, visit_id, "people", table, suggest_mapping("people", table.headers), NOW) == 2
    )
    assert [p.name for p in load_visit(db, visit_id).people[-2:]] == ["José Müller", "Zoë “Zed” Ash"]


def test_a_latin1_csv_is_read_with_its_accents() -> None:
    table = read_table("people.csv", "Name\nJosé Müller\n".encode("latin-1"))
    assert table.rows == (("José Müller",),)


def test_a_utf16_csv_without_its_byte_order_mark_is_refused_by_name() -> None:
    assert refused_table("people.csv", PEOPLE.encode("utf-16-le")) == (
        "'people.csv' holds NUL bytes, so it is not a CSV text file; save it as UTF-8 CSV"
    )


def test_a_csv_with_more_rows_than_an_import_may_hold_is_refused() -> None:
    data = b"Name\n" + b"Ann\n" * MAX_ROWS
    assert (
        refused_table("people.csv", data)
        == "'people.csv' has more than 20,000 rows; split it into smaller files"
    )


def test_a_csv_cell_longer_than_any_real_value_is_named_by_row_and_column() -> None:
    data = b"Name,Email\nAnn,ann@example.org\nBob," + b"b" * (MAX_CELL_CHARS + 1) + b"\n"
    assert refused_table("people.csv", data) == (
        "'people.csv' row 3, column 2 holds 10,001 characters, more than the 10,000 a cell may hold"
    )
    beyond_csv_module = b"Name\n" + b"a" * 200_000 + b"\n"
    assert refused_table("people.csv", beyond_csv_module) == (
        "'people.csv' row 2: a cell holds more than 10,000 characters"
    )


def test_a_truncated_csv_keeps_its_rows_and_the_preview_names_the_cut_one(db: Session, user: User) -> None:
    visit_id = add_visit(db, user, SMALL)
    table = read_table("rooms.csv", b"Name,Site,Capacity\nRoom A,hq,12\nRoom B,hq,1")
    assert table.rows == (("Room A", "hq", "12"), ("Room B", "hq", "1"))
    cut_mid_cell = read_table("rooms.csv", b'Name,Site,Capacity\nRoom A,hq,12\n"Room B,h')
    before = row_counts(db)
    mapping = suggest_mapping("rooms", cut_mid_cell.headers)
    assert preview_import(db, visit_id, "rooms", cut_mid_cell, mapping).errors == [
        "row 3, column 'Site': site is missing",
        "row 3, column 'Capacity': capacity is missing",
    ]
    with pytest.raises(ServiceError):
        commit_import(db, user, visit_id, "rooms", cut_mid_cell, mapping, NOW)
    assert row_counts(db) == before


def test_wrong_types_in_an_import_are_named_by_row_and_column_and_nothing_is_written(
    db: Session, user: User
) -> None:
    visit_id = add_visit(db, user, SMALL)
    before = row_counts(db)
    table = read_table(
        "rooms.xlsx", xlsx([["Name", "Site", "Capacity"], ["Room A", "hq", "twelve"], ["Room B", "hq", 12.5]])
    )
    with pytest.raises(ServiceError) as refused:
        commit_import(db, user, visit_id, "rooms", table, suggest_mapping("rooms", table.headers), NOW)
    assert refused.value.problems == [
        "row 2, column 'Capacity': 'twelve' is not a whole number",
        "row 3, column 'Capacity': '12.5' is not a whole number",
    ]
    assert row_counts(db) == before


def test_a_zip_or_a_truncated_workbook_is_not_an_excel_workbook() -> None:
    message = "'people.xlsx' is not an Excel workbook that can be read"
    assert refused_table("people.xlsx", zip_of({"notes.txt": "hello"})) == message
    good = xlsx([["Name"], ["Ann"]])
    assert refused_table("people.xlsx", good[: len(good) // 2]) == message


def test_an_import_workbook_with_a_forged_size_reads_only_the_cells_there() -> None:
    forged = rewritten_part(
        xlsx([["Name", "Capacity"], ["Room A", 12]]),
        "xl/worksheets/sheet1.xml",
        re.compile(r'<dimension ref="[^"]*"'),
        '<dimension ref="A1:XFD1048576"',
    )
    table = read_table("rooms.xlsx", forged)
    assert (table.headers, table.rows) == (("Name", "Capacity"), (("Room A", "12"),))


def test_an_import_workbook_with_formulas_and_merged_cells_reads_what_it_shows() -> None:
    book = reopened(xlsx([["Name", "Site", "Capacity"], ["Room A", "hq", 12], ["Room B", "hq", 8]]))
    sheet = book.active
    assert sheet is not None
    sheet["C3"] = "=C2-4"
    sheet.merge_cells("A2:B2")
    table = read_table("rooms.xlsx", saved(book))
    assert table.rows == (("Room A", "", "12"), ("Room B", "hq", ""))


# ---- timetable files -----------------------------------------------------------------------------


def test_a_truncated_or_utf16_timetable_file_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "timetable.json"
    planted = (SMALL.parent / "small.planted.json").read_bytes()
    path.write_bytes(planted[:300])
    with pytest.raises(TimetableFileError) as truncated:
        load_timetable(path)
    assert truncated.value.problems[0].startswith(f"{path}: is not valid JSON: ")
    path.write_bytes(codecs.BOM_UTF16_LE + planted.decode().encode("utf-16-le"))
    with pytest.raises(TimetableFileError) as utf16:
        load_timetable(path)
    assert utf16.value.problems == [f"{path}: is UTF-16 text; save it as UTF-8"]


def test_wrong_types_in_a_timetable_are_named_by_entry() -> None:
    planted = json.loads((SMALL.parent / "small.planted.json").read_text())
    planted["assignments"][0]["start"] = 540
    planted["assignments"][1] = None
    planted["objective"] = "12"
    with pytest.raises(TimetableFileError) as refused:
        read_timetable(planted)
    assert refused.value.problems == [
        "assignments[0] 's1': start must be a string, not the number 540",
        "assignments[1]: must be an object, not null",
        'timetable file: objective must be a whole number, not the string "12"',
    ]


def test_a_workbook_whose_sheet_xml_is_empty_is_refused_not_a_crash(db: Session, user: User) -> None:
    """Found by the fuzz test: openpyxl raised ParseError while opening such a workbook."""
    emptied = rewritten_part(small_workbook(), "xl/worksheets/sheet1.xml", re.compile(r".*", re.S), "")
    assert refused_workbook(db, user, emptied) == [
        "visit.xlsx: is not an XLSX workbook (no element found: line 1, column 0)"
    ]
    import_book = rewritten_part(
        xlsx([["Name"], ["Ann"]]), "xl/worksheets/sheet1.xml", re.compile(r".*", re.S), ""
    )
    assert (
        refused_table("people.xlsx", import_book) == "'people.xlsx' is not an Excel workbook that can be read"
    )


def test_a_workbook_with_malformed_xml_in_a_sheet_is_refused_not_a_crash(db: Session, user: User) -> None:
    """Found by the fuzz test: a stray '<' in a sheet's XML raised ParseError from openpyxl."""
    broken = rewritten_part(
        small_workbook(), "xl/worksheets/sheet1.xml", re.compile(r"<sheetData>"), "<sheetData><<"
    )
    problems = refused_workbook(db, user, broken)
    assert len(problems) == 1 and problems[0].startswith("visit.xlsx: is not an XLSX workbook")


def test_a_timetable_with_more_assignments_than_any_visit_has_sessions_is_refused() -> None:
    planted = json.loads((SMALL.parent / "small.planted.json").read_text())
    planted["assignments"] = planted["assignments"][:1] * (MAX_ROWS + 1)
    with pytest.raises(TimetableFileError) as refused:
        read_timetable(planted)
    assert refused.value.problems == [
        "assignments: has 20,001 entries, more than the 20,000 a timetable file may hold"
    ]
