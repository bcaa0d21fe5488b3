"""A whole visit as one XLSX workbook, the shape councils keep their planning spreadsheets in.

One sheet per list of the visit file (Sites, Travel, Rooms, Assessors, People, Sessions, Teams)
and a Visit sheet of settings. Lists inside a cell are separated by "; ", availability is written
"2026-03-10 09:00-12:00" (with " if_needed" for that level; "none" for never, blank for the whole
visit). Reading goes through the visit
file reader, so a workbook is checked exactly like a visit file, and its messages are pointed
back to the sheet, row and column where the entry lives. Every cell is written through the
spreadsheet guard (a title "=== Opening ===" never runs as a formula) and read back through its
inverse, so a workbook Fieldwork wrote imports exactly as it was exported.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

from openpyxl import Workbook, load_workbook

from scheduler.domain import Visit
from scheduler.files.spreadsheet_cells import append_row, from_cell
from scheduler.files.upload_limits import (
    MAX_ROWS,
    UNREADABLE_WORKBOOK,
    cell_too_long,
    workbook_archive_problem,
)
from scheduler.files.visit_file import VisitFileError, read_visit, visit_to_dict

VISIT_FORMAT = "fieldwork-visit/1"
LIST_SEPARATOR = "; "
NEVER = "none"  # an availability cell for "not available at any time"; blank is "the whole visit"

# Sheet -> (visit file list, columns). A column name is a field of the entry; the few that are
# not (assessor_count, fixed_day, ...) are spread over nested fields by the codec below.
SHEETS: dict[str, tuple[str, tuple[str, ...]]] = {
    "Sites": ("sites", ("id", "name", "address")),
    "Travel": ("travel_minutes", ("from", "to", "minutes")),
    "Rooms": ("rooms", ("id", "name", "site", "capacity", "features", "available")),
    "Assessors": (
        "assessors",
        ("id", "name", "email", "role", "profile", "max_sessions_per_day", "available"),
    ),
    "People": (
        "people",
        (
            "id", "name", "email", "organisation", "team", "role", "kind", "needs", "can_escort", "available",
            "manager", "supporters", "max_sessions_per_day",
        ),
    ),
    "Sessions": (
        "sessions",
        (
            "id", "title", "kind", "minutes", "mode", "priority", "required_people", "invited_people",
            "min_attendees", "max_attendees", "assessor_count", "assessors_from", "room_features", "days",
            "not_before", "not_after", "after", "needs_escort", "fixed_day", "fixed_start", "fixed_room",
            "fixed_mode", "video_link",
        ),
    ),
    "Teams": ("teams", ("name", "max_away", "frontline")),
}  # fmt: skip
LIST_COLUMNS = {
    "features", "needs", "required_people", "invited_people", "assessors_from", "room_features", "days",
    "after", "supporters",
}  # fmt: skip
INTEGER_COLUMNS = {
    "capacity",
    "minutes",
    "max_sessions_per_day",
    "min_attendees",
    "max_attendees",
    "max_away",
}
BOOLEAN_COLUMNS = {"can_escort", "needs_escort", "frontline"}
VISIT_SETTINGS = (
    "name", "organisation", "timezone", "days", "day_start", "day_end", "slot_minutes",
    "lunch_earliest", "lunch_latest", "lunch_minutes", "escort_minutes",
)  # fmt: skip
_AVAILABILITY = re.compile(r"^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})-(\d{2}:\d{2})(?: (yes|if_needed))?$")


# ---------------------------------------------------------------- writing


def visit_workbook(visit: Visit) -> bytes:
    """The visit as an XLSX workbook that `read_visit_workbook` reads back unchanged."""
    data = visit_to_dict(visit)
    book = Workbook()
    settings = book.active
    assert settings is not None
    settings.title = "Visit"
    append_row(settings, ["setting", "value"])
    head = data["visit"]
    flat = {**head, **{f"lunch_{k}": v for k, v in head["lunch"].items()}}
    for key in VISIT_SETTINGS:
        value = flat.get(key)
        append_row(settings, [key, LIST_SEPARATOR.join(value) if isinstance(value, list) else value])
    for title, (key, columns) in SHEETS.items():
        sheet = book.create_sheet(title)
        append_row(sheet, list(columns))
        for entry in data.get(key, []):
            append_row(sheet, [_cell(column, _entry_value(entry, column)) for column in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _entry_value(entry: dict[str, Any], column: str) -> Any:
    if column == "assessor_count":
        return entry["assessors"]["count"]
    if column == "assessors_from":
        return entry["assessors"].get("from")
    if column.startswith("fixed_"):
        return (entry.get("fixed") or {}).get(column.removeprefix("fixed_"))
    return entry.get(column)


def _cell(column: str, value: Any) -> Any:
    if value is None:
        return None
    if column == "available":
        if not value:
            return NEVER  # an empty cell would mean "the whole visit"
        return LIST_SEPARATOR.join(
            f"{a['day']} {a['start']}-{a['end']}" + (" if_needed" if a.get("level") == "if_needed" else "")
            for a in value
        )
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


# ---------------------------------------------------------------- reading


def read_visit_workbook(filename: str, data: bytes) -> Visit:
    """An uploaded workbook -> Visit, or VisitFileError naming sheet, row and column of each problem."""
    try:
        return _read_workbook(filename, data)
    except VisitFileError as error:
        if not _has_uncalculated_formulas(data):
            raise
        hint = (
            f"{filename}: some cells hold formulas that were never calculated (the file was written by a "
            "program, not saved by a spreadsheet), so they read as blank: open and save it in Excel or "
            "LibreOffice, or type the values"
        )
        raise VisitFileError([*error.problems, hint]) from None


# A formula cell with no saved value: <c r="D2"><f>10+2</f><v /></c> or with no <v> at all.
_UNCALCULATED = re.compile(rb"<f(?:\s[^>]*)?>[^<]*</f>\s*(?:<v\s*/>|<v>\s*</v>|</c>)")


def _has_uncalculated_formulas(data: bytes) -> bool:
    if workbook_archive_problem("", data):
        return False
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        try:
            return any(_UNCALCULATED.search(archive.read(name)) for name in sheets)
        except UNREADABLE_WORKBOOK:
            return False


def _read_workbook(filename: str, data: bytes) -> Visit:
    refused = workbook_archive_problem(filename, data)
    if refused:
        raise VisitFileError([refused])
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except UNREADABLE_WORKBOOK as error:
        raise VisitFileError([f"{filename}: is not an XLSX workbook ({error})"]) from None
    try:
        document, rows_of = _read_document(filename, book)
    except UNREADABLE_WORKBOOK as error:
        raise VisitFileError([f"{filename}: is not an XLSX workbook that can be read ({error})"]) from None
    finally:
        book.close()
    try:
        return read_visit(document)
    except VisitFileError as error:
        raise VisitFileError([_locate(problem, rows_of) for problem in error.problems]) from None


def _read_document(filename: str, book: Any) -> tuple[dict[str, Any], dict[str, list[int]]]:
    """The workbook as a visit-file document, and the sheet row of each entry; VisitFileError if unusable."""
    problems: list[str] = []
    rows_of: dict[str, list[int]] = {}  # visit list -> the sheet row of each entry, to point at it
    document: dict[str, Any] = {"format": VISIT_FORMAT}
    if "Visit" not in book.sheetnames:
        raise VisitFileError([f"{filename}: has no 'Visit' sheet (the visit's name, days and times)"])
    document["visit"] = _read_settings(_bounded(book["Visit"]), problems)
    for title, (key, columns) in SHEETS.items():
        if title not in book.sheetnames:
            if key in ("rooms", "assessors", "sessions"):
                problems.append(f"{filename}: has no '{title}' sheet")
            continue
        entries, row_numbers = _read_sheet(title, _bounded(book[title]), columns, problems)
        document[key] = entries
        rows_of[key] = row_numbers
    if problems:
        raise VisitFileError(problems)
    return document, rows_of


def _bounded(sheet: Any) -> Any:
    """The sheet with its declared size forgotten: a forged 'A1:XFD1048576' would pad every row."""
    if hasattr(sheet, "reset_dimensions"):
        sheet.reset_dimensions()
    return sheet


def _read_settings(sheet: Any, problems: list[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for number, row in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        if number > MAX_ROWS:
            problems.append(f"sheet 'Visit': has more than {MAX_ROWS:,} rows")
            break
        if not row or row[0] is None:
            continue
        key, value = str(row[0]).strip(), from_cell(row[1]) if len(row) > 1 else None
        if key not in VISIT_SETTINGS:
            problems.append(f"sheet 'Visit' row {number}: unknown setting '{key}'")
            continue
        values[key] = value
    head: dict[str, Any] = {k: _text(v) for k, v in values.items() if not k.startswith("lunch_")}
    if "days" in head:
        head["days"] = _split(head["days"])
    for number_key in ("slot_minutes", "escort_minutes"):
        if number_key in values:
            head[number_key] = _integer(
                values[number_key], f"sheet 'Visit', setting '{number_key}'", problems
            )
    lunch = {
        k.removeprefix("lunch_"): v for k, v in values.items() if k.startswith("lunch_") and v is not None
    }
    if lunch:
        if "minutes" in lunch:
            lunch["minutes"] = _integer(lunch["minutes"], "sheet 'Visit', setting 'lunch_minutes'", problems)
        for key in ("earliest", "latest"):
            if key in lunch:
                lunch[key] = _text(lunch[key])
        head["lunch"] = lunch
    return head


def _read_sheet(
    title: str, sheet: Any, columns: tuple[str, ...], problems: list[str]
) -> tuple[list[dict[str, Any]], list[int]]:
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        return [], []
    names = [str(h).strip() if h is not None else "" for h in header]
    unknown = [n for n in names if n and n not in columns]
    if unknown:
        problems.append(f"sheet '{title}': unknown column(s) {', '.join(repr(n) for n in unknown)}")
    entries: list[dict[str, Any]] = []
    row_numbers: list[int] = []
    for number, row in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            problems.append(f"sheet '{title}': has more than {MAX_ROWS:,} rows")
            break
        cells = {name: from_cell(value) for name, value in zip(names, row, strict=False) if name in columns}
        if all(v is None or str(v).strip() == "" for v in cells.values()):
            continue
        where = f"sheet '{title}' row {number}"
        entry = _entry(cells, where, problems)
        entries.append(entry)
        row_numbers.append(number)
    return entries, row_numbers


def _entry(cells: dict[str, Any], where: str, problems: list[str]) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    for column, raw in cells.items():
        if raw is None or str(raw).strip() == "":
            continue
        label = f"{where}, column '{column}'"
        too_long = cell_too_long(str(raw))
        if too_long:
            problems.append(f"{label}: {too_long}")
            continue
        if column in LIST_COLUMNS:
            entry[column] = _split(raw)
        elif column in INTEGER_COLUMNS:
            entry[column] = _integer(raw, label, problems)
        elif column in BOOLEAN_COLUMNS:
            entry[column] = _boolean(raw, label, problems)
        elif column == "available":
            entry[column] = _availability(raw, label, problems)
        else:
            entry[column] = _text(raw)
    if "assessor_count" in entry or "assessors_from" in entry:
        count = entry.pop("assessor_count", 1)
        if str(count).strip().lower() != "all":
            count = _integer(count, f"{where}, column 'assessor_count'", problems)
        need: dict[str, Any] = {"count": count}
        if "assessors_from" in entry:
            need["from"] = entry.pop("assessors_from")
        entry["assessors"] = need
    pin = {k.removeprefix("fixed_"): entry.pop(k) for k in list(entry) if k.startswith("fixed_")}
    if pin:
        entry["fixed"] = pin
    return entry


def _text(value: Any) -> str:
    # Spreadsheets turn "09:00" and "2026-03-10" into times and dates; give them back as text.
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d") if value.time() == dt.time() else value.strftime("%H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return str(value).strip()


def _split(value: Any) -> list[str]:
    return [part.strip() for part in re.split(r"[;,\n]", _text(value)) if part.strip()]


def _integer(value: Any, label: str, problems: list[str]) -> Any:
    if isinstance(value, bool):
        problems.append(f"{label}: expected a whole number, not {value!r}")
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = _text(value)
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    problems.append(f"{label}: expected a whole number, not {text!r}")
    return text


def _boolean(value: Any, label: str, problems: list[str]) -> Any:
    text = _text(value).lower()
    if text in ("yes", "y", "true", "1"):
        return True
    if text in ("no", "n", "false", "0"):
        return False
    problems.append(f"{label}: expected yes or no, not {_text(value)!r}")
    return text


def _availability(value: Any, label: str, problems: list[str]) -> list[dict[str, str]]:
    if _text(value).lower() == NEVER:
        return []
    out = []
    for part in _split(value):
        match = _AVAILABILITY.match(part)
        if match is None:
            problems.append(
                f"{label}: {part!r} is not like '2026-03-10 09:00-12:00' (optionally ' if_needed')"
            )
            continue
        day, start, end, level = match.groups()
        out.append({"day": day, "start": start, "end": end, **({"level": level} if level else {})})
    return out


_ENTRY_PROBLEM = re.compile(r"^(?P<list>\w+)\[(?P<index>\d+)\](?P<rest>.*)$", re.DOTALL)
_SHEET_OF = {key: title for title, (key, _) in SHEETS.items()}


def _locate(problem: str, rows_of: dict[str, list[int]]) -> str:
    """'people[3] 'p4': ...' -> "sheet 'People' row 5 'p4': ..." (the row the entry came from)."""
    match = _ENTRY_PROBLEM.match(problem)
    if match is None or match["list"] not in _SHEET_OF:
        return problem
    rows, index = rows_of.get(match["list"], []), int(match["index"])
    row = rows[index] if index < len(rows) else index + 2
    return f"sheet '{_SHEET_OF[match['list']]}' row {row}{match['rest']}"
