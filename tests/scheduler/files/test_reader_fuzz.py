"""Fuzzing the readers a user can feed: whatever arrives, the only failure is the documented one.

read_visit and read_timetable raise VisitFileError / TimetableFileError, the visit workbook reader
VisitFileError, the spreadsheet importer ServiceError; nothing else, for random JSON-like values,
mutations of the example visit, damaged bytes and random tables. Derandomized and bounded, so the
same examples run every time and the file stays within a few seconds.
"""

from __future__ import annotations

import copy
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from scheduler.errors import ServiceError
from scheduler.files.tabular import FIELDS, Table, read_table, suggest_mapping
from scheduler.files.timetable_file import TimetableFileError, read_timetable
from scheduler.files.visit_file import VisitFileError, read_visit
from scheduler.files.visit_workbook import SHEETS, read_visit_workbook, visit_workbook
from scheduler.services.tabular import preview_import
from tests.support.bad_files import reopened, saved, xlsx
from tests.support.store import SMALL, add_user, add_visit, example_json, open_store

FUZZ = settings(
    derandomize=True,
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
SMALL_DOCUMENT = example_json(SMALL)
PLANTED = json.loads((SMALL.parent / "small.planted.json").read_text(encoding="utf-8"))
SMALL_WORKBOOK = visit_workbook(read_visit(SMALL_DOCUMENT))

# Values a hand-edited file really gets wrong: clock and date look-alikes, ids, blanks, odd numbers.
LIKELY = st.sampled_from(
    ["", " ", "09:00", "24:00", "9:5", "2026-03-10", "2026-02-30", "s1", "p1", "r1", "all", "yes", "none"]
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**6), max_value=10**6)
    | st.sampled_from([10**20, -(10**20), 0.5, 1e300, float("nan"), float("inf")])
    | st.text(max_size=12)
    | LIKELY
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8) | LIKELY, inner, max_size=4)
    ),
    max_leaves=20,
)


def mutated(document: Any, data: st.DataObject, changes: int) -> Any:
    """The document with `changes` values somewhere inside replaced, removed or duplicated."""
    document = copy.deepcopy(document)
    for _ in range(changes):
        path: list[Any] = []
        node = document
        while isinstance(node, dict | list) and node and data.draw(st.booleans()):
            key = data.draw(st.sampled_from(list(node) if isinstance(node, dict) else range(len(node))))
            path.append(key)
            node = node[key]
        if not path:
            document = data.draw(JSON_VALUES)
            continue
        parent = document
        for key in path[:-1]:
            parent = parent[key]
        action = data.draw(st.sampled_from(["replace", "remove", "duplicate"]))
        if action == "remove":
            del parent[path[-1]]
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[path[-1]]))
        else:
            parent[path[-1]] = data.draw(JSON_VALUES)
    return document


# ---- visit and timetable files ------------------------------------------------------------------


@FUZZ
@given(JSON_VALUES)
def test_any_json_value_is_a_visit_or_a_visit_file_error(value: Any) -> None:
    try:
        read_visit(value)
    except VisitFileError as error:
        assert error.problems and all(isinstance(problem, str) for problem in error.problems)


@FUZZ
@given(JSON_VALUES)
def test_any_json_value_as_the_visit_part_of_a_visit_file_is_named(value: Any) -> None:
    with pytest.raises(VisitFileError):
        read_visit({"format": "fieldwork-visit/1", "visit": value, "sessions": value})


@settings(FUZZ, max_examples=150)
@given(st.data(), st.integers(min_value=1, max_value=4))
def test_mutations_of_the_example_visit_read_or_are_refused(data: st.DataObject, changes: int) -> None:
    try:
        read_visit(mutated(SMALL_DOCUMENT, data, changes))
    except VisitFileError as error:
        assert error.problems


@settings(FUZZ, max_examples=100)
@given(st.data(), st.integers(min_value=1, max_value=4))
def test_mutations_of_a_timetable_read_or_are_refused(data: st.DataObject, changes: int) -> None:
    try:
        read_timetable(mutated(PLANTED, data, changes))
    except TimetableFileError as error:
        assert error.problems


# ---- the whole-visit workbook ----------------------------------------------------------------------

CELL_VALUES = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-1000, max_value=10**6)
    | st.floats(allow_nan=False, allow_infinity=False, width=32)
    | st.text(alphabet=st.characters(blacklist_categories=["Cc", "Cs"]), max_size=20)
    | LIKELY
)
SHEET_NAMES = ["Visit", *SHEETS]


@settings(FUZZ, max_examples=25)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(SHEET_NAMES),
            st.integers(min_value=1, max_value=8),
            st.integers(min_value=1, max_value=24),
            CELL_VALUES,
        ),
        min_size=1,
        max_size=6,
    )
)
def test_a_workbook_with_cells_changed_reads_or_is_refused(edits: list[tuple[str, int, int, Any]]) -> None:
    book = reopened(SMALL_WORKBOOK)
    for sheet, row, column, value in edits:
        book[sheet].cell(row=row, column=column, value=value)
    try:
        read_visit_workbook("visit.xlsx", saved(book))
    except VisitFileError as error:
        assert error.problems


@settings(FUZZ, max_examples=40)
@given(st.data())
def test_a_workbook_with_damaged_bytes_reads_or_is_refused(data: st.DataObject) -> None:
    damaged = bytearray(SMALL_WORKBOOK)
    for _ in range(data.draw(st.integers(min_value=1, max_value=8))):
        damaged[data.draw(st.integers(min_value=0, max_value=len(damaged) - 1))] = data.draw(
            st.integers(min_value=0, max_value=255)
        )
    cut = data.draw(st.integers(min_value=len(damaged) // 2, max_value=len(damaged)))
    try:
        read_visit_workbook("visit.xlsx", bytes(damaged[:cut]))
    except VisitFileError as error:
        assert error.problems


WORKBOOK_PARTS = sorted(zipfile.ZipFile(io.BytesIO(SMALL_WORKBOOK)).namelist())
IMPORT_WORKBOOK = xlsx([["Name", "Site", "Capacity"], ["Room A", "hq", 12], ["Room B", "hq", 8]])
IMPORT_PARTS = sorted(zipfile.ZipFile(io.BytesIO(IMPORT_WORKBOOK)).namelist())


def with_damaged_part(workbook: bytes, part: str, data: st.DataObject) -> bytes:
    """The archive sound but one XML part inside not: the damage openpyxl meets while reading."""
    source = zipfile.ZipFile(io.BytesIO(workbook))
    content = bytearray(source.read(part))
    for _ in range(data.draw(st.integers(min_value=1, max_value=6))):
        content[data.draw(st.integers(min_value=0, max_value=len(content) - 1))] = data.draw(
            st.sampled_from(b'<>/"=& x0A\x00\xff')
        )
    if data.draw(st.booleans()):
        content = content[: data.draw(st.integers(min_value=0, max_value=len(content)))]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in source.namelist():
            archive.writestr(name, bytes(content) if name == part else source.read(name))
    return out.getvalue()


@settings(FUZZ, max_examples=100)
@given(st.sampled_from(WORKBOOK_PARTS), st.data())
def test_a_workbook_with_a_damaged_part_reads_or_is_refused(part: str, data: st.DataObject) -> None:
    try:
        read_visit_workbook("visit.xlsx", with_damaged_part(SMALL_WORKBOOK, part, data))
    except VisitFileError as error:
        assert error.problems


@settings(FUZZ, max_examples=100)
@given(st.sampled_from(IMPORT_PARTS), st.data())
def test_an_import_workbook_with_a_damaged_part_is_a_table_or_a_service_error(
    part: str, data: st.DataObject
) -> None:
    try:
        read_table("rooms.xlsx", with_damaged_part(IMPORT_WORKBOOK, part, data))
    except ServiceError as error:
        assert error.message.startswith("'rooms.xlsx'") or error.message.startswith("columns ")


# ---- spreadsheet imports ---------------------------------------------------------------------------


@FUZZ
@given(st.binary(max_size=400), st.sampled_from(["people.csv", "people.xlsx", "people.txt"]))
def test_any_bytes_are_a_table_or_a_service_error(data: bytes, name: str) -> None:
    try:
        read_table(name, data)
    except ServiceError as error:
        assert error.message.startswith(f"'{name}'") or error.message.startswith("columns ")


TEXT_CELLS = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=10) | LIKELY


@FUZZ
@given(st.lists(st.lists(TEXT_CELLS, max_size=5), max_size=6), st.sampled_from(["utf-8", "utf-16", "cp1252"]))
def test_any_csv_text_is_a_table_or_a_service_error(grid: list[list[str]], encoding: str) -> None:
    text = "\n".join(",".join(row) for row in grid)
    try:
        table = read_table("people.csv", text.encode(encoding, errors="replace"))
    except ServiceError:
        return
    assert all(len(row) == len(table.headers) for row in table.rows)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Any:
    with open_store(Path(tmp_path_factory.mktemp("fuzz")))() as db:
        yield db, add_visit(db, add_user(db), SMALL)


@settings(FUZZ, max_examples=80)
@given(st.data(), st.sampled_from(sorted(FIELDS)))
def test_a_preview_of_any_table_lists_problems_and_writes_nothing(
    store: tuple[Session, int], data: st.DataObject, kind: str
) -> None:
    db, visit_id = store
    required = [field.name for field in FIELDS[kind] if field.required]
    optional = [field.name for field in FIELDS[kind] if not field.required]
    headers = required + data.draw(st.lists(st.sampled_from(optional), max_size=5, unique=True))
    rows = data.draw(st.lists(st.lists(TEXT_CELLS, min_size=len(headers), max_size=len(headers)), max_size=4))
    table = Table(headers=tuple(headers), rows=tuple(tuple(row) for row in rows))
    before = read_visit_from(db, visit_id)
    try:
        preview = preview_import(db, visit_id, kind, table, suggest_mapping(kind, table.headers))
    except ServiceError:
        pass
    else:
        assert all(isinstance(problem, str) for problem in preview.errors)
    assert read_visit_from(db, visit_id) == before


def read_visit_from(db: Session, visit_id: int) -> Any:
    from scheduler.services.visits import load_visit

    return load_visit(db, visit_id)
