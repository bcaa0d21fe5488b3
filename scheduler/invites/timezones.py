"""A VTIMEZONE in the shape Outlook and Google write: one STANDARD and one DAYLIGHT block with
yearly RRULEs (lists of RDATEs are misread by Thunderbird's parser).

The rule is read off the zone's real transitions in the visit's year, then checked: if the
yearly rule does not land on that year's actual transition (a zone whose dates move with a
lunar calendar), the block starts on the real transition so the visit's own year is right.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar

_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_RULE_EPOCH_YEAR = 1970


@dataclass(frozen=True)
class Transition:
    local_before: datetime  # naive wall-clock time just before the change, in the old offset
    offset_before: timedelta
    offset_after: timedelta
    name_after: str


def _offset(zone: ZoneInfo, instant: datetime) -> timedelta:
    offset = instant.astimezone(zone).utcoffset()
    assert offset is not None  # a ZoneInfo always knows its offset
    return offset


def transitions_in(zone: ZoneInfo, year: int) -> list[Transition]:
    """The zone's offset changes during the year, found hour by hour and then to the minute."""
    found: list[Transition] = []
    instant = datetime(year, 1, 1, tzinfo=UTC)
    end = datetime(year + 1, 1, 1, tzinfo=UTC)
    previous = _offset(zone, instant)
    while instant < end:
        step = instant + timedelta(hours=1)
        offset = _offset(zone, step)
        if offset != previous:
            change = instant
            while _offset(zone, change) == previous:
                change += timedelta(minutes=1)
            found.append(
                Transition(
                    local_before=(change + previous).replace(tzinfo=None),
                    offset_before=previous,
                    offset_after=offset,
                    name_after=change.astimezone(zone).tzname() or "",
                )
            )
            previous = offset
        instant = step
    return found


def _nth_weekday(moment: datetime) -> int:
    """1..4 for "the nth weekday of the month", or -1 when it is the month's last such day."""
    if moment.day + 7 > calendar.monthrange(moment.year, moment.month)[1]:
        return -1
    return (moment.day - 1) // 7 + 1


def _date_of_rule(year: int, month: int, nth: int, weekday: int) -> int:
    days = [
        day
        for day in range(1, calendar.monthrange(year, month)[1] + 1)
        if calendar.weekday(year, month, day) == weekday
    ]
    return days[nth - 1] if nth > 0 else days[nth]


def _block(kind: str, transition: Transition) -> icalendar.cal.Component:
    block = icalendar.TimezoneDaylight() if kind == "DAYLIGHT" else icalendar.TimezoneStandard()
    moment = transition.local_before
    nth, weekday = _nth_weekday(moment), moment.weekday()
    rule_start = moment.replace(
        year=_RULE_EPOCH_YEAR, day=_date_of_rule(_RULE_EPOCH_YEAR, moment.month, nth, weekday)
    )
    if _date_of_rule(moment.year, moment.month, nth, weekday) != moment.day:
        rule_start = moment  # the yearly rule would miss this year's change: start on it
    block.add("dtstart", rule_start)
    block.add("rrule", {"freq": "yearly", "bymonth": moment.month, "byday": f"{nth}{_WEEKDAYS[weekday]}"})
    block.add("tzname", transition.name_after)
    block.add("tzoffsetfrom", transition.offset_before)
    block.add("tzoffsetto", transition.offset_after)
    return block


def vtimezone(zone_name: str, year: int) -> icalendar.Timezone:
    """The VTIMEZONE for the zone as it stands in the given year."""
    zone = ZoneInfo(zone_name)
    result = icalendar.Timezone()
    result.add("tzid", zone_name)
    changes = transitions_in(zone, year)
    if len(changes) < 2:
        # No daylight saving (or a one-off change): one STANDARD block at the year's end offset.
        offset = _offset(zone, datetime(year, 12, 31, 12, tzinfo=UTC))
        standard = icalendar.TimezoneStandard()
        standard.add("dtstart", datetime(_RULE_EPOCH_YEAR, 1, 1))
        standard.add("tzname", datetime(year, 12, 31, 12, tzinfo=UTC).astimezone(zone).tzname() or zone_name)
        standard.add("tzoffsetfrom", offset)
        standard.add("tzoffsetto", offset)
        result.add_component(standard)
        return result
    first, second = changes[0], changes[1]
    forward = first.offset_after > first.offset_before
    to_daylight, to_standard = (first, second) if forward else (second, first)
    result.add_component(_block("DAYLIGHT", to_daylight))
    result.add_component(_block("STANDARD", to_standard))
    return result
