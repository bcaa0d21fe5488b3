"""The visit's milestones before (and just after) its days on site (pure): what they are, their
default dates worked out from the visit's days, and where each stands against today.

The defaults follow a usual CQC local authority assessment: notice some eight weeks before the
first day, then availability, the first plan, invites, the case-tracking list and the evidence
in turn, feedback at the close of the last day. Coordinators change any date to their own.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

REMIND_DAYS_BEFORE = 3  # a reminder goes this many days ahead of a milestone, and on the day
DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class MilestoneKind:
    key: str
    label: str
    days_from_first: int | None  # offset from the first day; None: from the last day
    days_from_last: int = 0
    hint: str = ""


KINDS: tuple[MilestoneKind, ...] = (
    MilestoneKind(
        "notice_received", "Notice of the visit received", -56, hint="CQC's letter announcing the visit"
    ),
    MilestoneKind(
        "availability_deadline",
        "Availability deadline",
        -35,
        hint="staff, partners and assessors have answered",
    ),
    MilestoneKind("first_plan", "First plan", -28, hint="the first timetable is planned"),
    MilestoneKind("invites_sent", "Invites sent", -21, hint="the timetable is published and invites go out"),
    MilestoneKind(
        "case_list_due", "Case-tracking list due", -14, hint="the people for case tracking are chosen"
    ),
    MilestoneKind("evidence_due", "Evidence due", -7, hint="documents for the assessors are in"),
    MilestoneKind("first_day", "First day on site", 0),
    MilestoneKind(
        "feedback", "Feedback", None, 0, hint="the assessors' initial feedback, at the close of the visit"
    ),
)
KIND_KEYS = tuple(kind.key for kind in KINDS)
LABELS = {kind.key: kind.label for kind in KINDS}

DONE, TODAY, SOON, LATER = "done", "today", "soon", "later"


@dataclass(frozen=True)
class Milestone:
    key: str
    label: str
    hint: str
    due: str  # "YYYY-MM-DD"
    set_by_coordinator: bool
    default: str
    state: str  # done | today | soon | later
    reminded_for: str | None = None
    happened: str | None = None  # the day Fieldwork saw it done (the first plan made, invites sent)


def default_dates(days: Sequence[str], availability_deadline: datetime.date | None = None) -> dict[str, str]:
    """Each milestone's date when no coordinator has set one, from the visit's days."""
    if not days:
        return {}
    first = datetime.date.fromisoformat(min(days))
    last = datetime.date.fromisoformat(max(days))
    dates = {}
    for kind in KINDS:
        if kind.days_from_first is None:
            day = last + datetime.timedelta(days=kind.days_from_last)
        else:
            day = first + datetime.timedelta(days=kind.days_from_first)
        dates[kind.key] = day.isoformat()
    if availability_deadline is not None:
        dates["availability_deadline"] = availability_deadline.isoformat()
    return dates


def state_of(due: str, today: datetime.date) -> str:
    day = datetime.date.fromisoformat(due)
    if day < today:
        return DONE
    if day == today:
        return TODAY
    return SOON if (day - today).days <= DUE_SOON_DAYS else LATER


def timeline(
    days: Sequence[str],
    set_dates: Mapping[str, str | None],
    today: datetime.date,
    availability_deadline: datetime.date | None = None,
    reminded: Mapping[str, str | None] | None = None,
    happened: Mapping[str, str] | None = None,
) -> list[Milestone]:
    """The milestones in date order (ties in the order of `KINDS`)."""
    defaults = default_dates(days, availability_deadline)
    if not defaults:
        return []
    milestones = []
    for kind in KINDS:
        chosen = set_dates.get(kind.key)
        due = chosen or defaults[kind.key]
        milestones.append(
            Milestone(
                key=kind.key,
                label=kind.label,
                hint=kind.hint,
                due=due,
                set_by_coordinator=bool(chosen),
                default=defaults[kind.key],
                state=DONE if (happened or {}).get(kind.key) else state_of(due, today),
                reminded_for=(reminded or {}).get(kind.key),
                happened=(happened or {}).get(kind.key),
            )
        )
    order = {key: index for index, key in enumerate(KIND_KEYS)}
    return sorted(milestones, key=lambda m: (m.due, order[m.key]))


def due_for_reminder(milestone: Milestone, today: datetime.date) -> bool:
    """Within the reminder window (a few days ahead, or the day itself) and not yet reminded of
    this date; a milestone already past when first seen, or already done, is never reminded."""
    if milestone.happened:
        return False
    due = datetime.date.fromisoformat(milestone.due)
    ahead = (due - today).days
    return 0 <= ahead <= REMIND_DAYS_BEFORE and milestone.reminded_for != milestone.due
