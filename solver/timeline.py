"""Spans on the visit timeline: union, cover and overlap tests."""

from __future__ import annotations

from collections.abc import Iterable

from solver.problem import MINUTES_PER_DAY, Span


def merge(spans: Iterable[Span]) -> tuple[Span, ...]:
    """Sorted union of spans; touching spans are joined, as a person free 9-10 and 10-11 is free 9-11."""
    out: list[Span] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return tuple(out)


def covers(merged: tuple[Span, ...] | None, start: int, end: int) -> bool:
    """True when [start, end) lies inside one merged span; None means the whole visit."""
    if merged is None or start >= end:
        return True
    return any(s <= start and end <= e for s, e in merged)


def overlaps(start1: int, end1: int, start2: int, end2: int) -> bool:
    return start1 < end2 and start2 < end1


def overlaps_any(spans: tuple[Span, ...], start: int, end: int) -> bool:
    return any(overlaps(s, e, start, end) for s, e in spans)


def day_of(moment: int) -> int:
    return moment // MINUTES_PER_DAY


def minute_of_day(moment: int) -> int:
    return moment % MINUTES_PER_DAY


def clock(minute: int) -> str:
    minute %= MINUTES_PER_DAY
    return f"{minute // 60:02d}:{minute % 60:02d}"
