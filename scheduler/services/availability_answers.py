"""The availability form's service: what the form shows, and saving an answer.

Where the answer goes: it is stored whole in ``availability_answers`` (one row per person or
assessor, replaced by each later save) AND written into the stored visit, as the person's or
assessor's ``available`` intervals (plus, for people, their room needs and whether they can
escort). So the next solve, which reads the stored visit through
``scheduler.planning.to_solver.build_problem``, uses it with no merging step; the answers table keeps
what the form needs to show the answer again (cells, the interpreter need, the note).

Concurrency: the answer row is written with one INSERT .. ON CONFLICT DO UPDATE guarded by
``submitted_at``, so two saves at the same moment leave one row, and a save that arrives after
a newer one has been stored changes nothing (neither the row nor the visit).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from scheduler import domain
from scheduler.db.availability import AvailabilityAnswer
from scheduler.db.visit_records import (
    assessor_from_record,
    availability_to_json,
    person_from_record,
)
from scheduler.db.visits import AssessorRecord, PersonRecord, VisitRecord
from scheduler.domain.availability_email import confirmation_email
from scheduler.domain.availability_grid import (
    UNMARKED,
    Cell,
    Grid,
    cell_problems,
    cells_from_intervals,
    complete_cells,
    grid_of,
    intervals_of,
    summary_lines,
)
from scheduler.domain.clocktime import day_label
from scheduler.domain.needs import ROOM_NEEDS
from scheduler.domain.privacy import SHARED, redaction_of
from scheduler.errors import NotFound, ServiceError
from scheduler.mail import queue_email
from scheduler.services.audit import record_audit
from scheduler.services.availability_links import LinkOwner, owner_record, resolve_link
from scheduler.services.availability_origin import mark_answered


class FeedLinks(Protocol):
    """A person's calendar link as an email shows it (made by the invites package, above us)."""

    def text_lines(self) -> list[str]: ...

    def html(self) -> str: ...


# (db, visit id, "person" or "assessor", key, now) -> a freshly issued feed link; passed in by the
# caller because feed tokens belong to the invites package, which sits above the services.
IssueFeedLinks = Callable[[Session, int, str, str, datetime], FeedLinks]

NOTE_LIMIT = 1000
ACCESS_NEEDS = {
    "step_free": "step-free access",
    "hearing_loop": "a hearing loop",
    "interpreter": "an interpreter",
}


@dataclass(frozen=True)
class InvitedSession:
    title: str
    kind: str
    minutes: int
    mode: str
    role: str  # "required", "invited" or, for an assessor, "assessor"


@dataclass(frozen=True)
class PenProfile:
    name: str
    role: str
    profile: str


@dataclass(frozen=True)
class AvailabilityForm:
    """Everything the form page shows for one link."""

    owner: LinkOwner
    name: str
    visit_name: str
    organisation: str
    timezone: str
    grid: Grid
    day_labels: dict[str, str]
    cells: dict[str, str]  # "day start" -> yes | if_needed | no
    needs: tuple[str, ...]
    can_escort: bool
    note: str
    answered_at: datetime | None
    deadline: datetime | None
    deadline_text: str  # the deadline in the visit's zone, "" when there is none
    open: bool  # False once the deadline has passed
    sessions: tuple[InvitedSession, ...]
    assessors: tuple[PenProfile, ...]

    @property
    def is_person(self) -> bool:
        return self.owner.who_kind == "person"


@dataclass(frozen=True)
class SavedAnswer:
    owner: LinkOwner
    stored: bool  # False when a newer save of the same person was already stored
    summary: tuple[str, ...]
    email_queued: bool


def availability_form(db: Session, owner: LinkOwner, now: datetime) -> AvailabilityForm:
    # From the stored records, reading only sessions and assessors: a visit has up to 900 people.
    visit = _visit(db, owner.visit_id)
    grid = grid_of(visit)
    record = owner_record(db, owner.visit_id, owner.who_kind, owner.key)
    answer = _answer(db, owner)
    if answer is not None:
        cells = {**cells_from_intervals(grid, ()), **answer.cells}
        needs, can_escort, note = tuple(answer.needs), answer.can_escort, answer.note
    else:
        who = _domain_owner(record)
        # Never asked and never told: nothing is marked, so that an untouched form says nothing
        # (availability the coordinator entered is shown for them to correct).
        cells = {} if who.available is None else cells_from_intervals(grid, who.available)
        needs = tuple(n for n in who.needs if n in ACCESS_NEEDS) if isinstance(who, domain.Person) else ()
        can_escort = isinstance(who, domain.Person) and who.can_escort
        note = ""
    deadline = visit.availability_deadline
    return AvailabilityForm(
        owner=owner,
        name=record.name,
        visit_name=visit.name,
        organisation=visit.organisation,
        timezone=visit.timezone,
        grid=grid,
        day_labels={day: day_label(day) for day in visit.days},
        cells=cells,
        needs=needs,
        can_escort=can_escort,
        note=note,
        answered_at=answer.submitted_at if answer else None,
        deadline=deadline,
        deadline_text=local_time_text(deadline, visit.timezone) if deadline else "",
        open=deadline is None or now <= deadline,
        sessions=_sessions_of(visit, owner),
        assessors=tuple(PenProfile(a.name, a.role, a.profile) for a in visit.assessors),
    )


def submit_availability(
    db: Session,
    token: str,
    cells: Mapping[Cell, str],
    needs: Iterable[str],
    can_escort: bool,
    note: str,
    now: datetime,
    *,
    link_url: str = "",
    feed_links: IssueFeedLinks | None = None,
) -> SavedAnswer:
    """Store this link owner's answer, write it into the visit, and queue the confirmation email.

    Refuses (ServiceError, nothing written) a wrong/revoked/expired token (NotFound), a save
    after the deadline, cells outside the visit's days and slots, unknown needs or a note over
    NOTE_LIMIT characters, and a save with no cell marked. Cells not sent or left unmarked count as
    not available. With `feed_links` the confirmation also gives the person their personal
    calendar link.
    """
    owner = resolve_link(db, token, now)
    if owner is None:
        raise NotFound("this link is not valid")
    # The stored record, not the whole domain visit: a save reads only what it needs (the burst of
    # hundreds of saves at once is the case this path is built for).
    visit = _visit(db, owner.visit_id)
    deadline = visit.availability_deadline
    if deadline is not None and now > deadline:
        raise ServiceError(
            f"The deadline for answers was {local_time_text(deadline, visit.timezone)}, so this answer "
            "was not saved. Please contact the coordinator."
        )
    grid = grid_of(visit)
    chosen_needs = sorted(set(needs))
    cells = {cell: level for cell, level in cells.items() if level != UNMARKED}
    if not cells:
        raise ServiceError(
            "You have not marked any time yet, so nothing was saved. Mark the slots when you are "
            "available (or if needed, or not available) and save again."
        )
    problems = cell_problems(grid, cells)
    problems += [
        f"{need!r} is not one of the access needs on the form"
        for need in chosen_needs
        if need not in ACCESS_NEEDS
    ]
    if len(note) > NOTE_LIMIT:
        problems.append(f"the note is {len(note)} characters long; at most {NOTE_LIMIT} fit")
    if problems:
        raise ServiceError("Your answer was not saved: " + "; ".join(problems), problems)
    if owner.who_kind == "assessor":
        chosen_needs, can_escort = [], False  # assessors are the inspection team, not attendees
    full_cells = complete_cells(grid, cells)
    stored = _upsert_answer(db, owner, full_cells, chosen_needs, can_escort, note, now)
    record = owner_record(db, owner.visit_id, owner.who_kind, owner.key)
    email_queued = False
    if stored:
        _write_into_visit(record, grid, full_cells, chosen_needs, can_escort, now)
        record_audit(db, owner.visit_id, None, "answer_availability", f"{owner.who_kind} {owner.key}", now)
        if record.email:
            feed = (
                feed_links(db, owner.visit_id, owner.who_kind, owner.key, now)
                if feed_links is not None
                else None
            )
            email = confirmation_email(
                name=record.name,
                visit=visit,
                grid=grid,
                cells=full_cells,
                needs=[ACCESS_NEEDS[n] for n in chosen_needs],
                can_escort=can_escort if owner.who_kind == "person" else None,
                note=note,
                deadline_text=local_time_text(deadline, visit.timezone) if deadline else "",
                link_url=link_url,
                feed_text=feed.text_lines() if feed else (),
                feed_html=feed.html() if feed else "",
            )
            try:
                queue_email(
                    db, record.email, email.subject, email.text, email.html, now=now, visit_id=owner.visit_id
                )
                email_queued = True
            except ServiceError:
                # An address the file gave that mail cannot go to: the answer still counts; the
                # coordinator's "who has answered" list shows it either way.
                email_queued = False
    db.flush()
    return SavedAnswer(owner, stored, tuple(summary_lines(grid, full_cells)), email_queued)


def answers_of(db: Session, visit_id: int) -> list[AvailabilityAnswer]:
    """Every stored answer of a visit (for the coordinator's "who has answered")."""
    query = select(AvailabilityAnswer).where(AvailabilityAnswer.visit_id == visit_id)
    return list(db.scalars(query.order_by(AvailabilityAnswer.who_kind, AvailabilityAnswer.key)))


def local_time_text(moment: datetime, timezone: str) -> str:
    """An aware time as the visit's clock shows it: 'Tue 3 Mar 2026, 17:00 (Europe/London)'."""
    local = moment.astimezone(ZoneInfo(timezone))
    return f"{day_label(local.date().isoformat())} {local.year}, {local:%H:%M} ({timezone})"


def _upsert_answer(
    db: Session,
    owner: LinkOwner,
    cells: dict[str, str],
    needs: list[str],
    can_escort: bool,
    note: str,
    now: datetime,
) -> bool:
    """Insert or replace the answer row in one statement; False when a newer answer already stood."""
    dialect = db.get_bind().dialect.name
    insert: Any = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}.get(dialect)
    if insert is None:
        raise ServiceError(f"saving availability needs SQLite or PostgreSQL, not {dialect}")
    table = AvailabilityAnswer.__table__
    values = {
        "visit_id": owner.visit_id,
        "who_kind": owner.who_kind,
        "key": owner.key,
        "cells": cells,
        "needs": needs,
        "can_escort": can_escort,
        "note": note,
        "submitted_at": now,
        "saves": 1,
    }
    statement = insert(table).values(**values)
    excluded = statement.excluded
    statement = statement.on_conflict_do_update(
        index_elements=["visit_id", "who_kind", "key"],
        set_={
            "cells": excluded.cells,
            "needs": excluded.needs,
            "can_escort": excluded.can_escort,
            "note": excluded.note,
            "submitted_at": excluded.submitted_at,
            "saves": table.c.saves + 1,
        },
        # The later save wins; of two with the same time, the one written last.
        where=table.c.submitted_at <= excluded.submitted_at,
    ).returning(table.c.id)
    return db.execute(statement).first() is not None


def _write_into_visit(
    record: PersonRecord | AssessorRecord,
    grid: Grid,
    cells: dict[str, str],
    needs: list[str],
    can_escort: bool,
    now: datetime,
) -> None:
    is_person = isinstance(record, PersonRecord)
    record.available = availability_to_json(intervals_of(grid, cells, with_levels=is_person))
    mark_answered(record, now)
    if isinstance(record, PersonRecord):
        # Room needs become the person's "needs" whether or not a room has them yet: a need no
        # room meets is flagged on readiness and named when its session cannot be placed, never
        # dropped. The interpreter need is a person, not a room: it stays in the answer.
        form_managed = set(ACCESS_NEEDS)
        kept = [need for need in record.needs if need not in form_managed]
        record.needs = kept + [need for need in needs if need in ROOM_NEEDS]
        record.can_escort = can_escort


def _sessions_of(visit: VisitRecord, owner: LinkOwner) -> tuple[InvitedSession, ...]:
    names = redaction_of((person_from_record(p) for p in visit.people), SHARED)
    out = []
    for session in visit.sessions:
        if owner.who_kind == "person":
            if owner.key in session.required_people:
                role = "required"
            elif owner.key in session.invited_people:
                role = "invited"
            else:
                continue
        elif session.assessors_from is not None and owner.key in session.assessors_from:
            role = "assessor"
        else:
            continue
        # The person's own link, not a coordinator's page: titles as every shared copy shows them.
        out.append(
            InvitedSession(names.text(session.title), session.kind, session.minutes, session.mode, role)
        )
    return tuple(out)


def _answer(db: Session, owner: LinkOwner) -> AvailabilityAnswer | None:
    query = select(AvailabilityAnswer).where(
        AvailabilityAnswer.visit_id == owner.visit_id,
        AvailabilityAnswer.who_kind == owner.who_kind,
        AvailabilityAnswer.key == owner.key,
    )
    return db.scalars(query).one_or_none()


def _visit(db: Session, visit_id: int) -> VisitRecord:
    record = db.get(VisitRecord, visit_id)
    if record is None:
        raise NotFound(f"there is no visit {visit_id}")
    return record


def _domain_owner(record: PersonRecord | AssessorRecord) -> domain.Person | domain.Assessor:
    return person_from_record(record) if isinstance(record, PersonRecord) else assessor_from_record(record)
