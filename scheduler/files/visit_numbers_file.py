"""The visit in numbers as CSV and as a workbook, for governance and scrutiny reports.

Every cell passes through the spreadsheet guard: team and organisation names are typed by
people and could start like a formula. Nobody is named: the numbers are counts.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from scheduler.domain.visit_numbers import VisitNumbers
from scheduler.files.spreadsheet_cells import append_row, csv_text

HEADERS = ("Section", "Group", "Meetings", "People", "Person-hours", "Basis")


def headline_rows(numbers: VisitNumbers) -> list[tuple[object, ...]]:
    basis = numbers.basis_label
    activity = numbers.activity
    return [
        ("Visit", "All sessions", numbers.meetings, numbers.distinct_people, numbers.person_hours, basis),
        ("Visit", "People using services and carers", "", numbers.protected_people, "", basis),
        ("Visit", "Sessions marked on the day", numbers.marked, "", "", f"of {numbers.placed} placed"),
        (
            "Changes",
            "Timetable versions",
            activity.versions,
            "",
            "",
            f"{activity.published_versions} published",
        ),
        (
            "Changes",
            "Change requests",
            activity.change_requests,
            "",
            "",
            f"{activity.change_requests_accepted} accepted",
        ),
        ("Invites", "Invitations sent", activity.invitations, "", "", ""),
        ("Invites", "Updates sent", activity.updates, "", "", ""),
        ("Invites", "Cancellations sent", activity.cancellations, "", "", ""),
    ]


def numbers_rows(numbers: VisitNumbers) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = list(headline_rows(numbers))
    for table in numbers.tables:
        for line in table.lines:
            rows.append(
                (table.title, line.name, line.meetings, line.people, line.person_hours, numbers.basis_label)
            )
    return rows


def numbers_csv(numbers: VisitNumbers) -> str:
    return csv_text(HEADERS, numbers_rows(numbers))


def numbers_xlsx(visit_name: str, numbers: VisitNumbers) -> bytes:
    """A "Summary" sheet with the headline numbers and one sheet per grouping."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Summary"
    append_row(sheet, (visit_name,))
    sheet["A1"].font = Font(bold=True)
    _table(sheet, HEADERS, headline_rows(numbers))
    for table in numbers.tables:
        sheet = workbook.create_sheet(table.title[:31])
        _table(
            sheet,
            (table.title, "Meetings", "People", "Person-hours"),
            [(line.name, line.meetings, line.people, line.person_hours) for line in table.lines],
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _table(sheet: object, headers: tuple[str, ...], rows: list[tuple[object, ...]]) -> None:
    from openpyxl.worksheet.worksheet import Worksheet

    assert isinstance(sheet, Worksheet)
    append_row(sheet, headers)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in rows:
        append_row(sheet, row)
    for index, header in enumerate(headers, start=1):
        widest = max([len(header), *(len(str(row[index - 1])) for row in rows)])
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = min(50, widest + 2)
