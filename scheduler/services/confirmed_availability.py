"""A coordinator's word that someone can come after all ("confirmed by phone"): their availability
gains the session's time, and the audit trail keeps who said so, when, and how it was confirmed,
for the person's page to show."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler import domain
from scheduler.db.accounts import User
from scheduler.db.audit import AuditEntry
from scheduler.domain.clocktime import day_label
from scheduler.errors import ServiceError
from scheduler.services.audit import record_audit

ACTION = "confirm_availability"
NOTE_LIMIT = 200


@dataclass(frozen=True)
class Confirmation:
    at: datetime  # UTC
    who: str  # the coordinator's name or email
    text: str  # "Tue 10 Mar 10:00-11:00 for 'Focus group: carers': confirmed by phone"


def with_confirmed_availability(
    visit: domain.Visit, people: tuple[str, ...], day: str, start: str, end: str
) -> domain.Visit:
    """The visit with each of `people` available (not just if needed) from start to end on day."""
    changed = []
    for person in visit.people:
        if person.id in people and person.available is not None:
            kept = tuple(
                i for i in person.available if not (i.day == day and i.start >= start and i.end <= end)
            )
            person = dataclasses.replace(person, available=(*kept, domain.Interval(day, start, end)))
        changed.append(person)
    return dataclasses.replace(visit, people=tuple(changed))


def check_confirmation(visit: domain.Visit, people: tuple[str, ...], note: str) -> None:
    """Refuse a confirmation without its note, or for someone the visit does not have."""
    known = {p.id for p in visit.people}
    unknown = [p for p in people if p not in known]
    if unknown:
        raise ServiceError(f"there is no person {', '.join(unknown)}")
    if people and not note.strip():
        raise ServiceError("Say how they confirmed they can come, e.g. 'confirmed by phone'.")
    if len(note) > NOTE_LIMIT:
        raise ServiceError(f"The note is {len(note)} characters long; at most {NOTE_LIMIT} fit.")


def record_confirmations(
    db: Session,
    actor: User | None,
    visit_id: int,
    visit: domain.Visit,
    people: tuple[str, ...],
    session: domain.Session,
    placed: domain.PlacedSession,
    note: str,
    now: datetime,
) -> None:
    names = {p.id: p.name for p in visit.people}
    when = f"{day_label(placed.day)} {placed.start}-{placed.end}"
    for key in people:
        detail = f"person {key}: {names.get(key, key)} can come {when} for '{session.title}': {note.strip()}"
        record_audit(db, visit_id, actor, ACTION, detail, now)


def confirmations_of(db: Session, visit_id: int, person_id: str) -> list[Confirmation]:
    """The coordinators' confirmations for one person, newest first."""
    prefix = f"person {person_id}: "
    query = (
        select(AuditEntry, User)
        .outerjoin(User, User.id == AuditEntry.user_id)
        .where(AuditEntry.visit_id == visit_id, AuditEntry.action == ACTION)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    )
    found = []
    for entry, user in db.execute(query):
        if not entry.detail.startswith(prefix):
            continue
        text = entry.detail[len(prefix) :].split(" can come ", 1)[-1]
        who = (user.name or user.email) if user is not None else "a command"
        found.append(Confirmation(at=entry.at, who=who, text=text))
    return found
