"""The availability grid: a visit's days against its time slots, and cells <-> intervals.

Pure functions, no database. A cell is (day, slot start) with a level "yes", "if_needed" or
"no". Times are wall-clock "HH:MM" in the visit's zone, like everything in the visit file, so
the grid never converts anything: 09:00 on the form is 09:00 at the site.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from scheduler import domain
from scheduler.domain.clocktime import clock_of, day_label, minutes_of

Cell = tuple[str, str]  # (day "YYYY-MM-DD", slot start "HH:MM")
LEVEL_LABELS = {"yes": "available", "if_needed": "if needed", "no": "not available"}
UNMARKED = ""  # a cell of the form left as it started: nothing said about it
MORNING_ENDS = "12:00"  # the "whole morning" shortcut covers the slots that start before noon


@dataclass(frozen=True)
class Slot:
    start: str
    end: str

    @property
    def is_morning(self) -> bool:
        return minutes_of(self.start) < minutes_of(MORNING_ENDS)


@dataclass(frozen=True)
class Grid:
    days: tuple[str, ...]
    slots: tuple[Slot, ...]

    def cells(self) -> tuple[Cell, ...]:
        return tuple((day, slot.start) for day in self.days for slot in self.slots)

    def describe(self) -> str:
        first, last = self.slots[0], self.slots[-1]
        step = minutes_of(first.end) - minutes_of(first.start)
        return f"days {', '.join(self.days)}; slots from {first.start} to {last.end} every {step} minutes"


class VisitClock(Protocol):
    """What the grid needs of a visit: a domain.Visit or its stored VisitRecord."""

    @property
    def days(self) -> Sequence[str]: ...
    @property
    def day_start(self) -> str: ...
    @property
    def day_end(self) -> str: ...
    @property
    def slot_minutes(self) -> int: ...


def grid_of(visit: VisitClock) -> Grid:
    start, end, step = minutes_of(visit.day_start), minutes_of(visit.day_end), visit.slot_minutes
    slots = tuple(Slot(clock_of(m), clock_of(min(m + step, end))) for m in range(start, end, step))
    return Grid(days=tuple(visit.days), slots=slots)


def cell_problems(grid: Grid, cells: Mapping[Cell, str]) -> list[str]:
    """What is wrong with submitted cells: days or slots outside the visit, or unknown levels."""
    days, starts = set(grid.days), {slot.start for slot in grid.slots}
    problems = []
    for (day, start), level in cells.items():
        where = f"cell {day} {start}"
        if day not in days:
            problems.append(f"{where}: {day} is not a day of this visit ({grid.describe()})")
        elif start not in starts:
            problems.append(f"{where}: {start} is not one of this visit's time slots ({grid.describe()})")
        elif level not in LEVEL_LABELS:
            choices = ", ".join(LEVEL_LABELS.values())
            problems.append(f"{where}: {level!r} is not one of {choices}")
    return problems


def complete_cells(grid: Grid, cells: Mapping[Cell, str]) -> dict[str, str]:
    """Every cell of the grid keyed "day start"; a cell that was not sent counts as not available."""
    return {f"{day} {start}": cells.get((day, start), "no") for day, start in grid.cells()}


def intervals_of(grid: Grid, cells: Mapping[str, str], *, with_levels: bool) -> tuple[domain.Interval, ...]:
    """Consecutive cells of one level as one interval each; "no" cells leave gaps.

    Without levels (assessors' availability has none), "if needed" counts as available.
    """
    out: list[domain.Interval] = []
    for day in grid.days:
        run_level: str | None = None
        run_start = run_end = ""
        for slot in grid.slots:
            level = cells.get(f"{day} {slot.start}", "no")
            if not with_levels and level == "if_needed":
                level = "yes"
            if level == run_level:
                run_end = slot.end
                continue
            if run_level in ("yes", "if_needed"):
                out.append(domain.Interval(day, run_start, run_end, run_level))
            run_level, run_start, run_end = level, slot.start, slot.end
        if run_level in ("yes", "if_needed"):
            out.append(domain.Interval(day, run_start, run_end, run_level))
    return tuple(out)


def cells_from_intervals(grid: Grid, available: tuple[domain.Interval, ...] | None) -> dict[str, str]:
    """The grid as stored availability fills it: None (never said) is available everywhere;
    a slot counts at an interval's level only when the interval covers all of it."""
    cells: dict[str, str] = {}
    for day, start in grid.cells():
        cells[f"{day} {start}"] = "yes" if available is None else "no"
    if available is None:
        return cells
    ends = {slot.start: slot.end for slot in grid.slots}
    for interval in available:
        for start, end in ends.items():
            key = f"{interval.day} {start}"
            if key not in cells:
                continue
            inside = minutes_of(interval.start) <= minutes_of(start) and minutes_of(end) <= minutes_of(
                interval.end
            )
            if inside and cells[key] != "yes":
                cells[key] = interval.level
    return cells


def summary_lines(grid: Grid, cells: Mapping[str, str]) -> list[str]:
    """One line per day in words, e.g. "Tue 10 Mar: available 09:00-12:00; if needed 13:00-14:00"."""
    lines = []
    intervals = intervals_of(grid, cells, with_levels=True)
    for day in grid.days:
        parts = [
            f"{LEVEL_LABELS[interval.level]} {interval.start}-{interval.end}"
            for interval in intervals
            if interval.day == day
        ]
        lines.append(f"{day_label(day)}: {'; '.join(parts) if parts else 'not available'}")
    return lines


SHORTCUT_SPANS = ("day", "morning")


def apply_shortcut(grid: Grid, cells: Mapping[Cell, str], day: str, span: str, level: str) -> dict[Cell, str]:
    """The cells with one day's whole day (or its morning) set to `level`: what the shortcut
    buttons do, on the server when the browser runs no JavaScript. Unknown shortcuts change nothing."""
    changed = dict(cells)
    if day not in grid.days or span not in SHORTCUT_SPANS or level not in LEVEL_LABELS:
        return changed
    for slot in grid.slots:
        if span == "day" or slot.is_morning:
            changed[(day, slot.start)] = level
    return changed
