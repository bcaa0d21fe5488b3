"""The demo visit's dates before its days on site (pure): its availability deadline and the
milestones the demo itself reaches on the day it is made.

`fieldwork demo` puts the visit four to five weeks ahead, then plans and publishes at once (an
early plan, as a council makes one before everyone has answered). The availability deadline
falls two weeks before the first day, at the end of the working day, so the form is open and
shows it; the milestones agree: the first plan and the invites are dated the day the demo made
them, the availability deadline milestone is the deadline itself (scheduler.domain.milestones),
and the case-tracking list and evidence follow it in order.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

DEADLINE_WEEKS_BEFORE = 2
DEADLINE_TIME = datetime.time(17, 0)
SHORTEST_ANSWERING_DAYS = 7  # the form stays open at least this long however near the visit is


@dataclass(frozen=True)
class DemoDates:
    deadline: datetime.datetime  # aware, in the visit's zone
    milestones: dict[str, str]  # milestone key -> "YYYY-MM-DD"


def demo_dates(first_day: datetime.date, today: datetime.date, timezone: str) -> DemoDates:
    deadline_day = max(
        first_day - datetime.timedelta(weeks=DEADLINE_WEEKS_BEFORE),
        today + datetime.timedelta(days=SHORTEST_ANSWERING_DAYS),
    )
    if deadline_day >= first_day:
        raise ValueError(f"a demo visit on {first_day} is too near {today} for an availability deadline")
    case_list = min(deadline_day + datetime.timedelta(days=3), first_day - datetime.timedelta(days=1))
    evidence = max(case_list, first_day - datetime.timedelta(days=7))
    return DemoDates(
        deadline=datetime.datetime.combine(deadline_day, DEADLINE_TIME, tzinfo=ZoneInfo(timezone)),
        milestones={
            "first_plan": today.isoformat(),
            "invites_sent": today.isoformat(),
            "case_list_due": case_list.isoformat(),
            "evidence_due": evidence.isoformat(),
        },
    )
