"""People who have not said when they are free: treated as the coordinator chooses.

"Answered" means the person's availability list is filled in (`Person.available` is not None):
the personal availability form (`submit_availability` in availability_answers.py) writes the
answer into the stored visit's people, and a visit file or spreadsheet may already carry it.
Everyone else "has not answered". The coordinator's choice (assume available, the default, or
assume not available) is applied in one place, `visit_for_planning` (pure;
`load_visit_for_planning` adds the stored setting), to the visit the planner and the heatmap read;
the stored visit itself is never changed, so switching the setting back restores everyone.

Only people are affected: the assessors are the inspection team, whose time is known.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

from sqlalchemy.orm import Session

from scheduler import domain
from scheduler.db.accounts import User
from scheduler.db.availability_requests import AvailabilitySettings
from scheduler.db.visits import VisitRecord
from scheduler.errors import NotFound, ServiceError
from scheduler.services.audit import record_audit
from scheduler.services.visits import load_visit

ASSUME_AVAILABLE = "available"
ASSUME_NOT_AVAILABLE = "not_available"
UNANSWERED_CHOICES = (ASSUME_AVAILABLE, ASSUME_NOT_AVAILABLE)
UNANSWERED_LABELS = {
    ASSUME_AVAILABLE: "no answer: assumed available",
    ASSUME_NOT_AVAILABLE: "no answer: assumed not available",
}


def has_answered(person: domain.Person) -> bool:
    return person.available is not None


def unanswered_people(visit: domain.Visit) -> tuple[domain.Person, ...]:
    return tuple(person for person in visit.people if not has_answered(person))


def unanswered_label(treat_as: str) -> str:
    """What the person views show beside someone who has not answered."""
    return UNANSWERED_LABELS.get(treat_as, UNANSWERED_LABELS[ASSUME_AVAILABLE])


def visit_for_planning(visit: domain.Visit, treat_as: str) -> domain.Visit:
    """The visit as the planner should see it: with `treat_as` "not_available", everyone who has
    not answered has an empty availability list, so the solver neither invites nor escorts them."""
    if treat_as not in UNANSWERED_CHOICES:
        raise ValueError(f"no answer is treated as one of {UNANSWERED_CHOICES}, not {treat_as!r}")
    if treat_as == ASSUME_AVAILABLE:
        return visit
    people = tuple(
        person if has_answered(person) else dataclasses.replace(person, available=())
        for person in visit.people
    )
    return dataclasses.replace(visit, people=people)


def unanswered_treatment(db: Session, visit_id: int) -> str:
    settings = db.get(AvailabilitySettings, visit_id)
    return settings.unanswered_as if settings is not None else ASSUME_AVAILABLE


def set_unanswered_treatment(db: Session, actor: User, visit_id: int, treat_as: str, now: datetime) -> None:
    """How the planner treats people who have not answered: "available" or "not_available"."""
    if db.get(VisitRecord, visit_id) is None:
        raise NotFound(f"there is no visit {visit_id}")
    if treat_as not in UNANSWERED_CHOICES:
        raise ServiceError(f"people who have not answered are treated as available or not, not '{treat_as}'")
    settings = db.get(AvailabilitySettings, visit_id)
    if settings is None:
        db.add(AvailabilitySettings(visit_id=visit_id, unanswered_as=treat_as))
    else:
        settings.unanswered_as = treat_as
    record_audit(db, visit_id, actor, "set_unanswered_treatment", f"no answer: treated as {treat_as}", now)
    db.flush()


def load_visit_for_planning(db: Session, visit_id: int) -> domain.Visit:
    """The stored visit (which holds every submitted answer) with the coordinator's choice for
    people who have not answered applied: what the planner and the heatmap read."""
    return visit_for_planning(load_visit(db, visit_id), unanswered_treatment(db, visit_id))
