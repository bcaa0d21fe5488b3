"""A timetable as a spreadsheet: CSV for anything, XLSX for people who open it in Excel (pure).

An export leaves the app, so it is a shared copy: people using services and carers appear as
what they are, not by name, in every cell (scheduler.domain.privacy), and every cell is written
so that a spreadsheet never runs it as a formula (scheduler.files.spreadsheet_cells).
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from scheduler import domain
from scheduler.domain.clocktime import minutes_of
from scheduler.domain.needs import without_need_owners
from scheduler.domain.privacy import SHARED, redaction_for
from scheduler.domain.support import support_lines
from scheduler.files.spreadsheet_cells import append_row, csv_text

HEADERS = (
    "Day",
    "Start",
    "End",
    "Session",
    "Title",
    "Kind",
    "Mode",
    "Room",
    "Site",
    "Assessors",
    "Escort",
    "Attendees",
    "Support",
)
UNSCHEDULED_HEADERS = ("Session", "Title", "Priority", "Reason")


def timetable_rows(
    visit: domain.Visit, timetable: domain.Timetable, audience: str = SHARED
) -> list[tuple[str, ...]]:
    """One row per placed session, in day and time order; people by name, joined with "; "."""
    sessions = {s.id: s for s in visit.sessions}
    rooms = {r.id: r for r in visit.rooms}
    sites = {s.id: s.name for s in visit.sites}
    names = redaction_for(visit, audience)
    assessors = {a.id: a.name for a in visit.assessors}
    day_order = {day: index for index, day in enumerate(visit.days)}
    rows: list[tuple[str, ...]] = []
    for placed in sorted(
        timetable.assignments,
        key=lambda a: (day_order.get(a.day, len(day_order)), minutes_of(a.start), a.room or "", a.session),
    ):
        session = sessions.get(placed.session)
        room = rooms.get(placed.room) if placed.room else None
        rows.append(
            (
                placed.day,
                placed.start,
                placed.end,
                placed.session,
                names.title(session),
                session.kind if session else "",
                placed.mode.replace("_", " "),
                room.name if room else "",
                sites.get(room.site, room.site) if room else "",
                "; ".join(assessors.get(a, a) for a in placed.assessors),
                names.person(placed.escort, session) if placed.escort else "",
                "; ".join(names.attendees(placed.attendees, session)),
                "; ".join(support_lines(visit, placed, names, session)),
            )
        )
    return rows


def unscheduled_rows(
    visit: domain.Visit, timetable: domain.Timetable, audience: str = SHARED
) -> list[tuple[str, ...]]:
    """One row per session not placed, with the reason (which may name people, so it is redacted)."""
    sessions = {s.id: s for s in visit.sessions}
    names = redaction_for(visit, audience)
    rows: list[tuple[str, ...]] = []
    for item in timetable.unscheduled:
        session = sessions.get(item.session)
        rows.append(
            (
                item.session,
                names.title(session),
                session.priority if session else "",
                # Whose need a room lacks is theirs: a shared copy says an attendee needs it.
                without_need_owners(names.text(item.reason)) if audience == SHARED else item.reason,
            )
        )
    return rows


def timetable_csv(visit: domain.Visit, timetable: domain.Timetable) -> str:
    return csv_text(HEADERS, timetable_rows(visit, timetable))


def timetable_xlsx(visit: domain.Visit, timetable: domain.Timetable) -> bytes:
    """A workbook with a "Timetable" sheet and, when something could not be placed, an "Unscheduled" one."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Timetable"
    _fill(sheet, HEADERS, timetable_rows(visit, timetable))
    if timetable.unscheduled:
        _fill(workbook.create_sheet("Unscheduled"), UNSCHEDULED_HEADERS, unscheduled_rows(visit, timetable))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _fill(sheet: object, headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    from openpyxl.worksheet.worksheet import Worksheet

    assert isinstance(sheet, Worksheet)
    append_row(sheet, headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        append_row(sheet, row)
    sheet.freeze_panes = "A2"
    for index, header in enumerate(headers, start=1):
        widest = max([len(header), *(len(str(row[index - 1])) for row in rows)])
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = min(60, widest + 2)
