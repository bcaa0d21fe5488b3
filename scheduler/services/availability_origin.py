"""Where each person's and assessor's availability came from, and keeping their own answers.

Availability reaches a visit three ways: with the visit file or spreadsheet ("file"), from the
person through their personal link ("answer"), or typed by a coordinator ("coordinator"). The
record says which, and when. A person's own answer is theirs: an edit or an import that would
replace it is refused, or keeps the answer, unless the coordinator has said to replace it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo

from scheduler import domain
from scheduler.db.visits import AssessorRecord, PersonRecord, VisitRecord
from scheduler.domain.clocktime import day_label
from scheduler.errors import ServiceError

# What to do with an edit that would replace someone's own answer: refuse it (the default of
# every service), keep the answer and apply the rest, or replace it because the coordinator
# has seen the answer and said so.
AnswerPolicy = Literal["refuse", "keep", "replace"]
ANSWER_POLICIES: tuple[AnswerPolicy, ...] = ("refuse", "keep", "replace")


@dataclass(frozen=True)
class GivenAnswer:
    """Someone whose availability is their own answer, which an edit would replace."""

    who_kind: str  # person | assessor
    key: str
    name: str
    answered_at: datetime | None

    def describe(self, timezone: str) -> str:
        when = f", answered {moment_text(self.answered_at, timezone)}" if self.answered_at else ""
        return f"{self.name} ({self.who_kind} {self.key}{when})"


class AnswersWouldBeReplaced(ServiceError):
    """The edit would replace availability that people gave through their own link."""

    def __init__(self, answers: list[GivenAnswer], timezone: str) -> None:
        named = "; ".join(answer.describe(timezone) for answer in answers)
        super().__init__(
            "nothing was saved: this would replace the availability that "
            + ("this person" if len(answers) == 1 else f"these {len(answers)} people")
            + f" gave through their own link: {named}"
        )
        self.answers = answers


def moment_text(moment: datetime, timezone: str) -> str:
    """'Tue 3 Mar 2026, 10:15 (Europe/London)': a stored UTC time on the visit's clock."""
    local = moment.astimezone(ZoneInfo(timezone))
    return f"{day_label(local.date().isoformat())} {local.year}, {local:%H:%M} ({timezone})"


def origin_text(record: PersonRecord | AssessorRecord, timezone: str) -> str:
    """Where this availability came from, as the person's page says it."""
    at = record.available_set_at
    if record.available_source == "answer":
        when = f" on {moment_text(at, timezone)}" if at else ""
        return f"Answered by {record.name} through their availability link{when}."
    if record.available_source == "coordinator":
        when = f" on {moment_text(at, timezone)}" if at else ""
        return f"Entered by a coordinator{when}."
    return "From the imported visit file or spreadsheet."


def _records(record: VisitRecord) -> Iterable[tuple[str, PersonRecord | AssessorRecord]]:
    for person in record.people:
        yield "person", person
    for assessor in record.assessors:
        yield "assessor", assessor


def _availability(visit: domain.Visit) -> dict[tuple[str, str], tuple[domain.Interval, ...] | None]:
    found: dict[tuple[str, str], tuple[domain.Interval, ...] | None] = {
        ("person", p.id): p.available for p in visit.people
    }
    found.update({("assessor", a.id): a.available for a in visit.assessors})
    return found


def replaced_answers(record: VisitRecord, before: domain.Visit, after: domain.Visit) -> list[GivenAnswer]:
    """Everyone whose own answer `after` would replace (a removed person is not replaced)."""
    old, new = _availability(before), _availability(after)
    return [
        GivenAnswer(who_kind, row.key, row.name, row.available_set_at)
        for who_kind, row in _records(record)
        if row.available_source == "answer"
        and (who_kind, row.key) in new
        and new[(who_kind, row.key)] != old.get((who_kind, row.key))
    ]


def respect_answers(
    record: VisitRecord, before: domain.Visit, after: domain.Visit, policy: AnswerPolicy
) -> tuple[domain.Visit, list[str]]:
    """`after` as it may be saved under `policy`, and what was kept, in words.

    "refuse" raises AnswersWouldBeReplaced naming everyone affected; "keep" gives them back
    the availability they answered; "replace" lets the edit stand.
    """
    if policy not in ANSWER_POLICIES:
        raise ValueError(f"answers are refused, kept or replaced, not {policy!r}")
    affected = replaced_answers(record, before, after)
    if not affected or policy == "replace":
        return after, []
    if policy == "refuse":
        raise AnswersWouldBeReplaced(affected, before.timezone)
    old = _availability(before)
    keep = {(answer.who_kind, answer.key) for answer in affected}
    people = tuple(
        dataclasses.replace(p, available=old[("person", p.id)]) if ("person", p.id) in keep else p
        for p in after.people
    )
    assessors = tuple(
        dataclasses.replace(a, available=old[("assessor", a.id)]) if ("assessor", a.id) in keep else a
        for a in after.assessors
    )
    kept = [f"kept the availability that {answer.describe(before.timezone)} gave" for answer in affected]
    return dataclasses.replace(after, people=people, assessors=assessors), kept


def mark_availability_sources(
    record: VisitRecord, before: domain.Visit, after: domain.Visit, source: str, now: datetime
) -> None:
    """Record `source` and `now` on everyone whose availability the edit changed or added."""
    old = _availability(before)
    new = _availability(after)
    for who_kind, row in _records(record):
        identity = (who_kind, row.key)
        if identity not in old or new.get(identity) != old[identity]:
            if identity not in old and source == "coordinator" and row.available is None:
                continue  # added with no availability yet: nothing was entered
            row.available_source = source
            row.available_set_at = now


def mark_answered(record: PersonRecord | AssessorRecord, now: datetime) -> None:
    """The availability now on the record is what the person answered through their link."""
    record.available_source = "answer"
    record.available_set_at = now


@dataclass(frozen=True)
class AvailabilityOrigin:
    """What a person's or assessor's page says about their availability."""

    text: str
    answered: bool  # it is their own answer: replacing it needs the coordinator's confirmation


def availability_origin(record: VisitRecord, who_kind: str, key: str) -> AvailabilityOrigin | None:
    """Where the availability of this person or assessor of the visit came from; None if no such one."""
    rows = record.people if who_kind == "person" else record.assessors
    row = next((r for r in rows if r.key == key), None)
    if row is None:
        return None
    return AvailabilityOrigin(origin_text(row, record.timezone), row.available_source == "answer")
