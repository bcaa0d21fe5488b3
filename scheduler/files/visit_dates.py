"""Moving a visit to other dates: every day it names shifts by the same whole number of weeks.

The demo visit ships with fixed dates; `fieldwork demo` moves it to upcoming ones, so that its
personal availability links (which expire after the visit) and its deadline make sense today.
Whole weeks keep each day's weekday, so a Monday briefing stays on a Monday.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from scheduler import domain
from scheduler.domain.app_data import with_app_data
from scheduler.files.visit_file import read_visit, visit_to_dict

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def upcoming_start(first_day: datetime.date, today: datetime.date, weeks_ahead: int = 4) -> datetime.date:
    """The same weekday as `first_day`, at least `weeks_ahead` weeks after `today`."""
    earliest = today + datetime.timedelta(weeks=weeks_ahead)
    days_late = (earliest - first_day).days
    if days_late <= 0:
        return first_day
    return first_day + datetime.timedelta(weeks=-(-days_late // 7))


def move_visit(visit: domain.Visit, first_day: datetime.date) -> domain.Visit:
    """The visit with its first day on `first_day` and every other day shifted alike (whole weeks only)."""
    start = datetime.date.fromisoformat(visit.days[0])
    offset = first_day - start
    if offset.days % 7:
        raise ValueError(f"move a visit by whole weeks: {start} to {first_day} is {offset.days} days")
    moved = {day: (datetime.date.fromisoformat(day) + offset).isoformat() for day in visit.days}
    return with_app_data(read_visit(_replace_days(visit_to_dict(visit), moved)), visit)


def _replace_days(value: Any, moved: dict[str, str]) -> Any:
    """Every mention of one of the visit's days, replaced in one pass: the day fields, and dates
    in titles too ("Daily wash-up (2026-07-28)"), so the moved visit reads consistently."""
    if isinstance(value, dict):
        return {key: _replace_days(item, moved) for key, item in value.items()}
    if isinstance(value, list):
        return [_replace_days(item, moved) for item in value]
    if isinstance(value, str):
        return _ISO_DAY.sub(lambda match: moved.get(match.group(0), match.group(0)), value)
    return value
