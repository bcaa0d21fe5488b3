"""Wall-clock "HH:MM" times and ISO days as the files write them, and their minute values."""

from __future__ import annotations

import datetime
import re

_CLOCK = re.compile(r"(?:[01]\d|2[0-3]):[0-5]\d|24:00")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def is_clock(text: object) -> bool:
    """True for "HH:MM" from 00:00 to 24:00 ("24:00" closes a day)."""
    return isinstance(text, str) and _CLOCK.fullmatch(text) is not None


def minutes_of(text: str) -> int:
    """'HH:MM' -> minutes after midnight; the caller has checked it with is_clock."""
    if not is_clock(text):
        raise ValueError(f"{text!r} is not a time 'HH:MM'")
    return int(text[:2]) * 60 + int(text[3:])


def clock_of(minutes: int) -> str:
    """Minutes after midnight -> 'HH:MM'."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def date_of(text: object) -> datetime.date | None:
    """An ISO 'YYYY-MM-DD' day as a date, or None when it is not one (e.g. '2026-02-30')."""
    if not isinstance(text, str) or _DAY.fullmatch(text) is None:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def day_label(day: str) -> str:
    """'2026-03-10' -> 'Tue 10 Mar', independent of the machine's locale."""
    date = date_of(day)
    if date is None:
        return day
    return f"{_WEEKDAYS[date.weekday()]} {date.day} {_MONTHS[date.month - 1]}"
