"""Assessors write their own pen profile through their personal link.

A pen profile is the short introduction attendees receive before the visit (on the profiles
page, in invites). The assessor knows best what it should say, so their own link opens a form
with the profile as it stands; saving writes it into the visit's assessor and records when, so
the readiness page can show which assessors have not written theirs yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.db.visits import AssessorRecord, VisitRecord
from scheduler.errors import NotFound, ServiceError
from scheduler.services.assessor_requests import assessor_owner
from scheduler.services.audit import record_audit

PEN_PROFILE_SUFFIX = "/pen-profile"  # the page's address: the assessor's personal link plus this
PROFILE_LIMIT = 1500  # characters: a short paragraph or two, as attendees read it in an invite
PROFILE_SHORTEST = 20  # shorter than this is not yet an introduction


@dataclass(frozen=True)
class PenProfilePage:
    visit_name: str
    organisation: str
    name: str
    role: str
    profile: str
    written_at: datetime | None  # when they last wrote it themselves; None: never


def _record(db: Session, visit_id: int, key: str) -> AssessorRecord:
    query = select(AssessorRecord).where(AssessorRecord.visit_id == visit_id, AssessorRecord.key == key)
    record = db.scalars(query).one_or_none()
    if record is None:
        raise NotFound("there is no such link")
    return record


def pen_profile_page(db: Session, token: str, now: datetime) -> PenProfilePage:
    """What the form shows the assessor whose link this is; NotFound for any other token."""
    owner = assessor_owner(db, token, now)
    visit = db.get(VisitRecord, owner.visit_id)
    if visit is None:
        raise NotFound("there is no such link")
    record = _record(db, owner.visit_id, owner.key)
    return PenProfilePage(
        visit_name=visit.name,
        organisation=visit.organisation,
        name=record.name,
        role=record.role,
        profile=record.profile,
        written_at=record.profile_written_at,
    )


def write_pen_profile(db: Session, token: str, profile: str, now: datetime) -> None:
    """Save the assessor's own pen profile into the visit; refuses (nothing written) an empty,
    too short or too long profile with a message that says which."""
    owner = assessor_owner(db, token, now)
    text = "\n".join(line.rstrip() for line in profile.strip().splitlines())
    if not text:
        raise ServiceError("Your pen profile was not saved: it is empty.", ["the pen profile is empty"])
    if len(text) < PROFILE_SHORTEST:
        problem = f"the pen profile is {len(text)} characters long; write at least {PROFILE_SHORTEST}"
        raise ServiceError(f"Your pen profile was not saved: {problem}.", [problem])
    if len(text) > PROFILE_LIMIT:
        problem = f"the pen profile is {len(text)} characters long; at most {PROFILE_LIMIT} fit"
        raise ServiceError(f"Your pen profile was not saved: {problem}.", [problem])
    record = _record(db, owner.visit_id, owner.key)
    record.profile = text
    record.profile_written_at = now
    record_audit(db, owner.visit_id, None, "write_pen_profile", f"assessor {owner.key}", now)
    db.flush()


def profiles_written(db: Session, visit_id: int) -> dict[str, datetime]:
    """Assessor key -> when they last wrote their own pen profile, for those who have."""
    query = select(AssessorRecord.key, AssessorRecord.profile_written_at).where(
        AssessorRecord.visit_id == visit_id, AssessorRecord.profile_written_at.is_not(None)
    )
    return {key: at for key, at in db.execute(query) if at is not None}
