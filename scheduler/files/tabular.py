"""Bulk import of people, rooms or sessions from a CSV file or an Excel workbook.

Three steps, as the pages show them: read the file into a plain table, map its columns to
fields (with a suggestion from the headers), preview the entries with every problem named by
row and column, then commit all of them or, if anything is wrong, none.

Rows are numbered as the spreadsheet shows them: the header is row 1. A row whose id is
already in the visit updates that entry (columns not mapped keep their values); a row without
an id gets the next free one ("p153", "r11", ...). A person's manager and supporters may be
given by id, email or name, of people already in the visit or in the same file.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import PurePath
from typing import Any

from openpyxl import load_workbook

from scheduler import domain
from scheduler.errors import ServiceError
from scheduler.files.field_reader import FieldReader
from scheduler.files.upload_limits import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    UNREADABLE_WORKBOOK,
    cell_too_long,
    oversized_workbook,
    too_large,
    unreadable_archive,
)
from scheduler.files.visit_file import VisitFileError, read_visit, visit_to_dict

KINDS = ("people", "rooms", "sessions")
ID_PREFIX = {"people": "p", "rooms": "r", "sessions": "s"}
Entry = domain.Person | domain.Room | domain.Session


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # every row as long as headers; cells are stripped text
    first_row: int = 2  # the spreadsheet's number for rows[0]: blank rows above the header count


@dataclass(frozen=True)
class ImportField:
    name: str  # the domain field
    label: str  # what the mapping page calls it
    parse: str  # text | int | bool | list | enum | time | count
    required: bool = False
    aliases: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Preview:
    rows: list[Entry]
    errors: list[str]
    added: list[str]  # ids of new entries
    updated: list[str]  # ids of entries already in the visit


FIELDS: dict[str, tuple[ImportField, ...]] = {
    "people": (
        ImportField("id", "Id", "text", aliases=("person id", "ref", "reference")),
        ImportField("name", "Name", "text", True, ("full name", "person", "attendee")),
        ImportField("email", "Email", "text", aliases=("e mail", "email address", "e mail address", "mail")),
        ImportField("organisation", "Organisation", "text", aliases=("organization", "org", "employer")),
        ImportField(
            "team",
            "Team",
            "text",
            aliases=("team name", "service team", "service", "department", "service area", "unit"),
        ),
        ImportField("role", "Role", "text", aliases=("job title", "position", "title")),
        ImportField("kind", "Kind", "enum", aliases=("type", "category"), choices=domain.PERSON_KINDS),
        ImportField("needs", "Needs", "list", aliases=("access needs", "requirements")),
        ImportField("can_escort", "Can escort", "bool", aliases=("escort",)),
        ImportField(
            "manager",
            "Line manager",
            "text",
            aliases=(
                "manager",
                "reports to",
                "manager id",
                "line manager name",
                "line manager email",
                "manager name",
                "manager email",
                "managed by",
            ),
        ),
        ImportField("supporters", "Supporters", "list", aliases=("supporter", "interpreter", "support")),
        ImportField(
            "max_sessions_per_day",
            "Max sessions per day",
            "int",
            aliases=("sessions per day", "daily cap", "max per day"),
        ),
    ),
    "rooms": (
        ImportField("id", "Id", "text", aliases=("room id", "ref", "reference")),
        ImportField("name", "Name", "text", True, ("room", "room name")),
        ImportField("site", "Site", "text", True, ("site id", "building", "location")),
        ImportField("capacity", "Capacity", "int", True, ("seats", "size", "places")),
        ImportField("features", "Features", "list", aliases=("facilities", "equipment")),
    ),
    "sessions": (
        ImportField("id", "Id", "text", aliases=("session id", "ref", "reference")),
        ImportField("title", "Title", "text", True, ("session", "name", "session title")),
        ImportField("kind", "Kind", "enum", aliases=("type", "session type"), choices=domain.SESSION_KINDS),
        ImportField("minutes", "Minutes", "int", aliases=("duration", "length", "duration minutes")),
        ImportField(
            "mode", "Mode", "enum", aliases=("format", "in person or virtual"), choices=domain.SESSION_MODES
        ),
        ImportField("priority", "Priority", "enum", choices=domain.PRIORITIES),
        ImportField("required_people", "Required people", "list", aliases=("required", "attendees")),
        ImportField("invited_people", "Invited people", "list", aliases=("invited", "pool")),
        ImportField("min_attendees", "Min attendees", "int", aliases=("minimum attendees", "min")),
        ImportField("max_attendees", "Max attendees", "int", aliases=("maximum attendees", "max")),
        ImportField(
            "assessor_count", "Assessor count", "count", aliases=("number of assessors", "assessors needed")
        ),
        ImportField("assessors_from", "Assessors from", "list", aliases=("assessors", "assessor ids")),
        ImportField("room_features", "Room features", "list", aliases=("features",)),
        ImportField("days", "Days", "list", aliases=("allowed days", "day")),
        ImportField("not_before", "Not before", "time", aliases=("earliest start", "earliest")),
        ImportField("not_after", "Not after", "time", aliases=("latest end", "latest")),
        ImportField("after", "After", "list", aliases=("after sessions", "follows")),
        ImportField("needs_escort", "Needs escort", "bool", aliases=("escort",)),
        # App data for the coverage page, not in the visit format (docs/teams-and-coverage.md).
        ImportField("tags", "Tags", "list", aliases=("themes", "theme", "assessment themes", "tag")),
    ),
}


# ---- reading a file ------------------------------------------------------------------------------


def read_table(filename: str, data: bytes) -> Table:
    """The first sheet (or the CSV) as text cells; the first non-blank row is the header."""
    suffix = PurePath(filename).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        grid = _xlsx_cells(filename, data)
    elif suffix in (".csv", ".txt"):
        grid = _csv_cells(filename, data)
    else:
        raise ServiceError(f"'{filename}' is neither a .csv file nor an .xlsx workbook")
    filled = [index for index, row in enumerate(grid) if any(cell for cell in row)]
    if not filled:
        raise ServiceError(f"'{filename}' has no rows: the first row should name the columns")
    header_index = filled[0]
    grid = grid[: filled[-1] + 1]  # blank rows inside stay, so row numbers match the spreadsheet
    width = max(len(row) for row in grid)
    headers = list(grid[header_index]) + [""] * (width - len(grid[header_index]))
    headers = [header or f"Column {index + 1}" for index, header in enumerate(headers)]
    seen: dict[str, int] = {}
    for index, header in enumerate(headers):
        if header.casefold() in seen:
            raise ServiceError(
                f"columns {seen[header.casefold()] + 1} and {index + 1} are both called '{header}'"
            )
        seen[header.casefold()] = index
    rows = tuple(tuple(row) + ("",) * (width - len(row)) for row in grid[header_index + 1 :])
    return Table(headers=tuple(headers), rows=rows, first_row=header_index + 2)


def _csv_cells(filename: str, data: bytes) -> list[list[str]]:
    size = too_large(f"'{filename}'", data)
    if size:
        raise ServiceError(size)
    text = _csv_text(filename, data)
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    grid: list[list[str]] = []
    try:
        for row in reader:
            grid.append(_bounded_row(filename, len(grid) + 1, [cell.strip() for cell in row]))
    except csv.Error as error:
        if "field limit" in str(error):  # the csv module's own cap, far above ours
            raise ServiceError(
                f"'{filename}' row {len(grid) + 1}: a cell holds more than {MAX_CELL_CHARS:,} characters"
            ) from None
        raise ServiceError(f"'{filename}' row {len(grid) + 1}: cannot be read as CSV ({error})") from None
    return grid


def _csv_text(filename: str, data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")  # Excel's "Unicode text" export
        except UnicodeDecodeError:
            raise ServiceError(
                f"'{filename}' starts like UTF-16 text but is not; save it as UTF-8 CSV"
            ) from None
    if b"\x00" in data:
        raise ServiceError(
            f"'{filename}' holds NUL bytes, so it is not a CSV text file; save it as UTF-8 CSV"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # what Excel on Windows writes as "CSV"


def _bounded_row(filename: str, number: int, row: list[str]) -> list[str]:
    """The row, or ServiceError when the file is past the sizes any real import has."""
    if number > MAX_ROWS:
        raise ServiceError(f"'{filename}' has more than {MAX_ROWS:,} rows; split it into smaller files")
    if len(row) > MAX_COLUMNS:
        row = row[:MAX_COLUMNS] if not any(row[MAX_COLUMNS:]) else row
        if len(row) > MAX_COLUMNS:
            raise ServiceError(f"'{filename}' row {number} has more than {MAX_COLUMNS} columns")
    for index, cell in enumerate(row):
        problem = cell_too_long(cell)
        if problem:
            raise ServiceError(f"'{filename}' row {number}, column {index + 1} {problem}")
    return row


def _xlsx_cells(filename: str, data: bytes) -> list[list[str]]:
    if unreadable_archive(filename, data):
        raise ServiceError(f"'{filename}' is not an Excel workbook that can be read")
    oversized = oversized_workbook(f"'{filename}'", data)
    if oversized:
        raise ServiceError(oversized)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except UNREADABLE_WORKBOOK as error:
        raise ServiceError(f"'{filename}' is not an Excel workbook that can be read") from error
    try:
        if not workbook.worksheets:
            raise ServiceError(f"'{filename}' has no sheets")
        sheet = workbook.worksheets[0]
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()  # the declared size may be a lie; read the rows that are there
        grid: list[list[str]] = []
        characters = 0
        for row in sheet.iter_rows(values_only=True):
            grid.append(_bounded_row(filename, len(grid) + 1, [_cell_text(value) for value in row]))
            # One shared string may fill a million cells: the text kept with the upload is capped.
            characters += sum(len(cell) for cell in grid[-1])
            if characters > MAX_UNPACKED_BYTES:
                limit = MAX_UNPACKED_BYTES // (1024 * 1024)
                raise ServiceError(
                    f"'{filename}' row {len(grid)}: the cells so far hold more than {limit} million "
                    "characters, more than an import may hold; split it into smaller files"
                )
        return grid
    except UNREADABLE_WORKBOOK as error:
        raise ServiceError(f"'{filename}' is not an Excel workbook that can be read ({error})") from None
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value).strip()


# ---- mapping columns to fields ----------------------------------------------------------------------


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())


def fields_for(kind: str) -> tuple[ImportField, ...]:
    if kind not in FIELDS:
        raise ServiceError(f"cannot import '{kind}': choose one of {', '.join(KINDS)}")
    return FIELDS[kind]


def suggest_mapping(kind: str, headers: tuple[str, ...] | list[str]) -> dict[str, str]:
    """field -> header for every field whose name, label or a usual alias is a column's header."""
    by_normal = {_normal(header): header for header in headers}
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for field in fields_for(kind):
        for candidate in (field.name, field.label, *field.aliases):
            header = by_normal.get(_normal(candidate))
            if header is not None and header not in taken:
                mapping[field.name] = header
                taken.add(header)
                break
    return mapping


# ---- turning rows into entries ------------------------------------------------------------------------


def _where(row: int, header: str | None) -> str:
    """Where a problem is, as the preview names it: "row 4, column 'Type'", or "row 4"."""
    return f"row {row}, column '{header}'" if header else f"row {row}"


def _read_cell(reader: FieldReader, field: ImportField, text: str, where: str) -> Any:
    """The cell's value through the shared field reader; None when blank (the field keeps its
    default) or wrong (the reader has the problem)."""
    if field.parse == "text":
        return text or None
    if field.parse == "int":
        return reader.whole_number_cell(text, where)
    if field.parse == "count":
        return reader.count_cell(text, where)
    if field.parse == "bool":
        return reader.yes_no_cell(text, where)
    if field.parse == "list":
        return reader.list_cell(text)
    if field.parse == "time":
        return reader.clock_cell(text, where)
    if field.parse == "enum":
        return reader.choice_cell(text, where, field.choices)
    raise AssertionError(f"unknown parse {field.parse}")


def _check_mapping(kind: str, table: Table, mapping: dict[str, str]) -> list[str]:
    fields = {field.name: field for field in fields_for(kind)}
    problems = []
    for name, header in mapping.items():
        if name not in fields:
            problems.append(f"'{name}' is not a field of {kind}")
        elif header not in table.headers:
            problems.append(f"{fields[name].label}: the file has no column '{header}'")
    for field in fields.values():
        if field.required and not mapping.get(field.name):
            problems.append(f"choose the column that holds {field.label.lower()}")
    return problems


def _next_id(prefix: str, used: set[str]) -> Callable[[], str]:
    numbers = [int(key[len(prefix) :]) for key in used if re.fullmatch(rf"{prefix}\d+", key)]
    counter = [max(numbers, default=0)]

    def take() -> str:
        counter[0] += 1
        while f"{prefix}{counter[0]}" in used:
            counter[0] += 1
        used.add(f"{prefix}{counter[0]}")
        return f"{prefix}{counter[0]}"

    return take


def _new_entry(kind: str, entry_id: str, values: dict[str, Any]) -> Entry:
    if kind == "people":
        return domain.Person(id=entry_id, **values)
    if kind == "rooms":
        return domain.Room(id=entry_id, **values)
    count = values.pop("assessor_count", None)
    from_ids = values.pop("assessors_from", None)
    values["assessors"] = domain.AssessorNeed(count=1 if count is None else count, from_ids=from_ids)
    required = values.get("required_people", ())
    values.setdefault("min_attendees", len(required))
    values.setdefault("max_attendees", len(required) + len(values.get("invited_people", ())))
    return domain.Session(id=entry_id, **values)


def _updated_entry(kind: str, existing: Entry, values: dict[str, Any]) -> Entry:
    if kind == "sessions":
        assert isinstance(existing, domain.Session)
        count = values.pop("assessor_count", existing.assessors.count)
        from_ids = values.pop("assessors_from", existing.assessors.from_ids)
        values["assessors"] = domain.AssessorNeed(count=count, from_ids=from_ids)
    return dataclasses.replace(existing, **values)


@dataclass
class ImportPlan:
    preview: Preview
    candidate: domain.Visit | None  # None when there are problems


def plan_import(visit: domain.Visit, kind: str, table: Table, mapping: dict[str, str]) -> ImportPlan:
    """The visit with the table's rows added or updated, or every problem; nothing is written."""
    mapping = {name: header for name, header in mapping.items() if header}
    problems = _check_mapping(kind, table, mapping)
    if problems:
        return ImportPlan(Preview([], problems, [], []), None)
    existing: dict[str, Entry] = {entry.id: entry for entry in getattr(visit, kind)}
    fields = [field for field in fields_for(kind) if field.name in mapping]
    columns = {field.name: table.headers.index(mapping[field.name]) for field in fields}
    reader = FieldReader()
    table_ids = {row[columns["id"]] for row in table.rows if "id" in columns and row[columns["id"]]}
    fresh_id = _next_id(ID_PREFIX[kind], set(existing) | table_ids)

    entries: list[Entry] = []
    row_of_id: dict[str, int] = {}
    added: list[str] = []
    updated: list[str] = []
    for index, row in enumerate(table.rows):
        row_number = index + table.first_row
        if not any(row):
            continue
        values: dict[str, Any] = {}
        problems_before = len(reader.problems)
        for field in fields:
            text = row[columns[field.name]]
            where = _where(row_number, mapping[field.name])
            value = _read_cell(reader, field, text, where)
            if value is not None:
                values[field.name] = value
            elif text == "" and field.required:
                reader.fail(where, f"{field.label.lower()} is missing")
        bad = len(reader.problems) > problems_before
        entry_id = values.pop("id", None) or fresh_id()
        if entry_id in row_of_id:
            reader.fail(
                _where(row_number, mapping.get("id")), f"id {entry_id} is also on row {row_of_id[entry_id]}"
            )
            continue
        row_of_id[entry_id] = row_number
        if bad:
            continue
        if entry_id in existing:
            entries.append(_updated_entry(kind, existing[entry_id], values))
            updated.append(entry_id)
        else:
            entries.append(_new_entry(kind, entry_id, values))
            added.append(entry_id)

    if kind == "people":
        entries = _people_with_resolved_references(visit, entries, row_of_id, mapping, reader)
    if reader.problems:
        return ImportPlan(Preview(entries, reader.problems, added, updated), None)
    if not entries:
        return ImportPlan(Preview([], ["the file has no rows to import"], [], []), None)

    replaced = {entry.id: entry for entry in entries}
    merged = [replaced.pop(entry.id, entry) for entry in getattr(visit, kind)] + list(replaced.values())
    changed: dict[str, Any] = {kind: tuple(merged)}
    candidate = dataclasses.replace(visit, **changed)
    try:
        read_visit(visit_to_dict(candidate))
    except VisitFileError as error:
        messages = [_locate(problem, kind, row_of_id, mapping) for problem in error.problems]
        return ImportPlan(Preview(entries, messages, added, updated), None)
    return ImportPlan(Preview(entries, [], added, updated), candidate)


def _people_with_resolved_references(
    visit: domain.Visit,
    entries: list[Entry],
    row_of_id: dict[str, int],
    mapping: dict[str, str],
    reader: FieldReader,
) -> list[Entry]:
    """Managers and supporters named by id, email or name become person ids; the unknown are reported."""
    everyone = {p.id: p for p in visit.people} | {e.id: e for e in entries if isinstance(e, domain.Person)}
    by_email: dict[str, set[str]] = {}
    by_name: dict[str, set[str]] = {}
    for person in everyone.values():
        if person.email:
            by_email.setdefault(person.email.casefold(), set()).add(person.id)
        by_name.setdefault(_normal(person.name), set()).add(person.id)

    def resolve(text: str, row: int, field: str) -> str | None:
        if text in everyone:
            return text
        found = by_email.get(text.casefold()) or by_name.get(_normal(text)) or set()
        if len(found) == 1:
            return next(iter(found))
        why = "matches several people; give their id" if found else "is no person's id, email or name"
        reader.fail(_where(row, mapping.get(field)), f"'{text}' {why}")
        return None

    out: list[Entry] = []
    for entry in entries:
        if not isinstance(entry, domain.Person) or entry.id not in row_of_id:
            out.append(entry)
            continue
        row = row_of_id[entry.id]
        changes: dict[str, Any] = {}
        if "manager" in mapping and entry.manager is not None:
            changes["manager"] = resolve(entry.manager, row, "manager")
        if "supporters" in mapping and entry.supporters:
            resolved = [resolve(text, row, "supporters") for text in entry.supporters]
            changes["supporters"] = tuple(pid for pid in resolved if pid is not None)
        out.append(dataclasses.replace(entry, **changes))
    return out


_ENTRY_PROBLEM = re.compile(r"^(?P<list>\w+)\[\d+\] '(?P<id>[^']*)': (?P<rest>.*)$", re.DOTALL)


def _locate(problem: str, kind: str, row_of_id: dict[str, int], mapping: dict[str, str]) -> str:
    """Point a whole-visit problem about an imported entry at its row (and column, when clear)."""
    match = _ENTRY_PROBLEM.match(problem)
    if match is None or match["list"] != kind or match["id"] not in row_of_id:
        return problem
    rest = match["rest"]
    field = next(
        (name for name in sorted(mapping, key=len, reverse=True) if rest.startswith(name + " ")), None
    )
    if field is None and kind == "sessions" and rest.startswith("assessors"):
        field = "assessors_from" if "assessors_from" in mapping else "assessor_count"
    header = mapping.get(field) if field else None
    return f"{_where(row_of_id[match['id']], header)}: {rest}"
