"""A timetable as plain text: one table per day, then what could not be scheduled.

Pure (visit and timetable in, text out) so the CLI, the demo and the web can all use it.
"""

from __future__ import annotations

from collections.abc import Sequence

from scheduler import domain
from scheduler.domain import PRIORITIES
from scheduler.domain.clocktime import day_label

_HEADERS = ("time", "session", "mode", "room / site", "assessors", "escort", "attendees")
_TITLE_WIDTH = 44
_MODE_TEXT = {"in_person": "in person", "virtual": "virtual"}


def placed_counts(visit: domain.Visit, timetable: domain.Timetable) -> dict[str, tuple[int, int]]:
    """Per priority: (sessions placed, sessions in the visit)."""
    placed = {a.session for a in timetable.assignments}
    return {
        priority: (
            sum(1 for s in visit.sessions if s.priority == priority and s.id in placed),
            sum(1 for s in visit.sessions if s.priority == priority),
        )
        for priority in PRIORITIES
    }


def placed_counts_text(visit: domain.Visit, timetable: domain.Timetable) -> str:
    """e.g. "must 6/6, should 1/1, reserve 0/1" (priorities the visit lacks are left out)."""
    counts = placed_counts(visit, timetable)
    return ", ".join(f"{p} {placed}/{total}" for p, (placed, total) in counts.items() if total)


def render_timetable(visit: domain.Visit, timetable: domain.Timetable) -> str:
    names = _names(visit)
    sessions = {s.id: s for s in visit.sessions}
    lines = [
        f"{visit.name} ({visit.organisation})" if visit.organisation else visit.name,
        f"Status {timetable.status}, score {timetable.objective}; "
        f"placed {placed_counts_text(visit, timetable)}",
    ]
    days = list(visit.days) + sorted({a.day for a in timetable.assignments} - set(visit.days))
    for day in days:
        placed = sorted(
            (a for a in timetable.assignments if a.day == day), key=lambda a: (a.start, a.session)
        )
        lines += ["", f"{day_label(day)} ({day})"]
        if not placed:
            lines.append("  nothing scheduled")
            continue
        rows = [_row(a, sessions.get(a.session), names, visit) for a in placed]
        lines += ["  " + line for line in _table(_HEADERS, rows)]
    lines += ["", *_unscheduled_lines(timetable, sessions)]
    return "\n".join(lines) + "\n"


def _names(visit: domain.Visit) -> dict[str, str]:
    names = {p.id: p.name for p in visit.people}
    names.update({a.id: a.name for a in visit.assessors})
    return names


def _row(
    placed: domain.PlacedSession,
    session: domain.Session | None,
    names: dict[str, str],
    visit: domain.Visit,
) -> tuple[str, ...]:
    title = session.title if session else f"{placed.session} (not in the visit)"
    attendees = ", ".join(names.get(p, p) for p in placed.attendees)
    return (
        f"{placed.start}-{placed.end}",
        _shorten(f"{placed.session} {title}", _TITLE_WIDTH),
        _MODE_TEXT.get(placed.mode, placed.mode),
        _where(placed, visit),
        ", ".join(names.get(a, a) for a in placed.assessors) or "-",
        names.get(placed.escort, placed.escort) if placed.escort else "-",
        (f"{len(placed.attendees)}: {attendees}" if attendees else "0") + _support(placed, names),
    )


def _support(placed: domain.PlacedSession, names: dict[str, str]) -> str:
    if not placed.support:
        return ""
    return " + supporting: " + ", ".join(names.get(p, p) for p in placed.support)


def _where(placed: domain.PlacedSession, visit: domain.Visit) -> str:
    if placed.room is None:
        return "online"
    room = next((r for r in visit.rooms if r.id == placed.room), None)
    if room is None:
        return placed.room
    site = next((s.name for s in visit.sites if s.id == room.site), room.site)
    return f"{room.name}, {site}"


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Left-aligned columns; the last one is never padded so long attendee lists just run on."""
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers) - 1)]

    def line(cells: Sequence[str]) -> str:
        padded = [cell.ljust(width) for cell, width in zip(cells, widths, strict=False)]
        return "  ".join([*padded, cells[-1]]).rstrip()

    return [line(headers), *(line(row) for row in rows)]


def _unscheduled_lines(timetable: domain.Timetable, sessions: dict[str, domain.Session]) -> list[str]:
    if not timetable.unscheduled:
        return ["Every session is scheduled."]
    lines = [f"Not scheduled ({len(timetable.unscheduled)}):"]
    for entry in timetable.unscheduled:
        session = sessions.get(entry.session)
        what = f"{entry.session} {session.title} ({session.priority})" if session else entry.session
        lines.append(f"  {what}: {entry.reason or 'no reason given'}")
    return lines
