"""Reading and writing timetable files (fieldwork-timetable/1, see shared/spec/visit-format.md).

Only the file's shape is checked here (types, times, one assignment per session); whether a
timetable keeps the visit's rules is the checker's business.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scheduler.domain import STATUSES, PlacedSession, Timetable, UnscheduledSession
from scheduler.domain.clocktime import date_of, minutes_of
from scheduler.files.field_reader import FieldReader, describe
from scheduler.files.json_text import dumps_document, load_json_document
from scheduler.files.upload_limits import MAX_ROWS

TIMETABLE_FORMAT = "fieldwork-timetable/1"
PLACED_MODES = ("in_person", "virtual")

_TOP_KEYS = ("format", "assignments", "unscheduled", "status", "objective", "solve_seconds")
_ASSIGNMENT_KEYS = (
    "session",
    "day",
    "start",
    "end",
    "mode",
    "room",
    "assessors",
    "escort",
    "attendees",
    "support",
)


class TimetableFileError(Exception):
    """A timetable file that cannot be used; `problems` lists every reason found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def read_timetable(data: object) -> Timetable:
    """Parsed timetable JSON -> Timetable, or TimetableFileError naming every offending entry."""
    reader = FieldReader()
    top = reader.entry(data, "timetable file", _TOP_KEYS, ("format",))
    if top is None:
        raise TimetableFileError(reader.problems)
    if "format" in top and top["format"] != TIMETABLE_FORMAT:
        fmt = describe(top["format"])
        raise TimetableFileError([f"timetable file: format must be {TIMETABLE_FORMAT!r}, not {fmt}"])
    where = "timetable file"
    assignments = _read_assignments(
        reader, _bounded(reader, "assignments", reader.array(top, "assignments", where))
    )
    unscheduled = _read_unscheduled(
        reader, _bounded(reader, "unscheduled", reader.array(top, "unscheduled", where, default=()))
    )
    placed_ids = {placed.session for placed in assignments}
    for i, entry in enumerate(unscheduled):
        if entry.session in placed_ids:
            reader.fail(f"unscheduled[{i}]", f"session {entry.session!r} is also assigned")
    status = reader.choice(top, "status", where, STATUSES, default="UNKNOWN")
    objective = reader.integer(top, "objective", where, default=0)
    solve_seconds = reader.number(top, "solve_seconds", where, default=0.0)
    if reader.problems:
        raise TimetableFileError(reader.problems)
    return Timetable(
        assignments=assignments,
        unscheduled=unscheduled,
        status=status,
        objective=objective,
        solve_seconds=solve_seconds,
    )


def _bounded(reader: FieldReader, key: str, values: list[Any] | None) -> list[Any]:
    """The list, or none of it when it is longer than any visit's (one entry per session)."""
    if values and len(values) > MAX_ROWS:
        reader.fail(key, f"has {len(values):,} entries, more than the {MAX_ROWS:,} a timetable file may hold")
        return []
    return values or []


def _read_assignments(reader: FieldReader, items: list[Any]) -> tuple[PlacedSession, ...]:
    out: list[PlacedSession] = []
    first: dict[str, str] = {}
    for i, value in enumerate(items):
        label = f"assignments[{i}]"
        item = reader.entry(value, label, _ASSIGNMENT_KEYS, ("session", "day", "start", "end", "mode"))
        if item is None:
            continue
        session = reader.string(item, "session", label, default=None)
        if session is not None:
            label = f"{label} {session!r}"
            if session in first:
                reader.fail(label, f"session is assigned twice (also {first[session]})")
            first.setdefault(session, label)
        day = reader.string(item, "day", label, default=None)
        if day is not None and date_of(day) is None:
            reader.fail(label, f"day {day!r} is not a day 'YYYY-MM-DD'")
        start = reader.clock(item, "start", label, default=None)
        end = reader.clock(item, "end", label, default=None)
        if start is not None and end is not None and minutes_of(start) >= minutes_of(end):
            reader.fail(label, f"start {start} must be before end {end}")
        mode = reader.choice(item, "mode", label, PLACED_MODES, default=None)
        room = reader.optional_string(item, "room", label)
        escort = reader.optional_string(item, "escort", label)
        assessors = reader.strings(item, "assessors", label)
        attendees = reader.strings(item, "attendees", label)
        support = reader.strings(item, "support", label)
        if None in (session, day, start, end, mode):
            continue
        out.append(
            PlacedSession(
                session=session,
                day=day,
                start=start,
                end=end,
                mode=mode,
                room=room,
                assessors=assessors,
                escort=escort,
                attendees=attendees,
                support=support,
            )
        )
    return tuple(out)


def _read_unscheduled(reader: FieldReader, items: list[Any]) -> tuple[UnscheduledSession, ...]:
    out: list[UnscheduledSession] = []
    for i, value in enumerate(items):
        label = f"unscheduled[{i}]"
        item = reader.entry(value, label, ("session", "reason"), ("session",))
        if item is None:
            continue
        session = reader.string(item, "session", label, default=None)
        reason = reader.string(item, "reason", label, default="")
        if session is not None:
            out.append(UnscheduledSession(session=session, reason=reason))
    return tuple(out)


def load_timetable(path: str | Path) -> Timetable:
    """Read a timetable file from disk; unreadable or malformed files raise TimetableFileError."""
    problem, data = load_json_document(Path(path))
    if problem:
        raise TimetableFileError([problem])
    return read_timetable(data)


def timetable_to_dict(timetable: Timetable) -> dict[str, Any]:
    return {
        "format": TIMETABLE_FORMAT,
        "assignments": [_placed_to_dict(placed) for placed in timetable.assignments],
        "unscheduled": [{"session": u.session, "reason": u.reason} for u in timetable.unscheduled],
        "status": timetable.status,
        "objective": timetable.objective,
        "solve_seconds": timetable.solve_seconds,
    }


def _placed_to_dict(placed: PlacedSession) -> dict[str, Any]:
    out: dict[str, Any] = {
        "session": placed.session,
        "day": placed.day,
        "start": placed.start,
        "end": placed.end,
        "mode": placed.mode,
        "room": placed.room,
        "assessors": list(placed.assessors),
        "escort": placed.escort,
        "attendees": list(placed.attendees),
    }
    # Written only when someone is there, so timetables of visits without supporters stay as they were.
    if placed.support:
        out["support"] = list(placed.support)
    return out


def dumps_timetable(timetable: Timetable) -> str:
    """Timetable-file text with one line per assignment."""
    return dumps_document(timetable_to_dict(timetable))


def dump_timetable(timetable: Timetable, path: str | Path) -> None:
    Path(path).write_text(dumps_timetable(timetable), encoding="utf-8")
