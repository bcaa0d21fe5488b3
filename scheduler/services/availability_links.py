"""Personal availability links: a random token per person or assessor, stored only as a hash.

The token is 256 random bits (scheduler.domain.credentials). The database keeps its SHA-256, so a
leaked copy of the database opens no form. A link works until it is revoked, superseded by a
newer link sent to the same person, or the visit is over: it expires at midnight after the
visit's last day, in the visit's time zone.
Wrong, revoked and expired tokens all resolve to None, so a page can answer each of them
with the same plain 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from scheduler.db.accounts import User
from scheduler.db.availability import WHO_KINDS, AvailabilityLink
from scheduler.db.visits import AssessorRecord, PersonRecord, VisitRecord
from scheduler.domain.credentials import LONGEST_TOKEN, hash_token, new_token
from scheduler.errors import NotFound, ServiceError
from scheduler.services.audit import record_audit


@dataclass(frozen=True)
class LinkOwner:
    """Whose form a token opens."""

    link_id: int
    visit_id: int
    who_kind: str  # person | assessor
    key: str  # their id in the visit file


def link_expiry(visit: VisitRecord) -> datetime:
    """Midnight after the visit's last day, in its time zone, as UTC."""
    last_day = datetime.fromisoformat(max(visit.days)).date()
    local_midnight = datetime.combine(
        last_day + timedelta(days=1), time(0, 0), tzinfo=ZoneInfo(visit.timezone)
    )
    return local_midnight.astimezone(UTC)


def owner_record(db: Session, visit_id: int, who_kind: str, key: str) -> PersonRecord | AssessorRecord:
    """The person or assessor a link belongs to, or NotFound."""
    if who_kind not in WHO_KINDS:
        raise ServiceError(f"a link belongs to a person or an assessor, not {who_kind!r}")
    record: PersonRecord | AssessorRecord | None
    if who_kind == "person":
        record = db.scalars(
            select(PersonRecord).where(PersonRecord.visit_id == visit_id, PersonRecord.key == key)
        ).one_or_none()
    else:
        record = db.scalars(
            select(AssessorRecord).where(AssessorRecord.visit_id == visit_id, AssessorRecord.key == key)
        ).one_or_none()
    if record is None:
        raise NotFound(f"visit {visit_id} has no {who_kind} {key!r}")
    return record


def issue_link(db: Session, actor: User | None, visit_id: int, who_kind: str, key: str, now: datetime) -> str:
    """A new personal link token for this person or assessor; it supersedes their earlier ones,
    so only the link in the latest email works."""
    visit = db.get(VisitRecord, visit_id)
    if visit is None:
        raise NotFound(f"there is no visit {visit_id}")
    owner_record(db, visit_id, who_kind, key)
    _revoke_live_links(db, visit_id, who_kind, key, now)
    token = new_token()
    db.add(
        AvailabilityLink(
            visit_id=visit_id,
            who_kind=who_kind,
            key=key,
            token_hash=hash_token(token),
            created_at=now,
            expires_at=link_expiry(visit),
            revoked=False,
        )
    )
    record_audit(db, visit_id, actor, "issue_availability_link", f"{who_kind} {key}", now)
    db.flush()
    return token


def revoke_link(
    db: Session, actor: User | None, visit_id: int, who_kind: str, key: str, now: datetime
) -> int:
    """Revoke every live link of this person or assessor; returns how many were revoked."""
    owner_record(db, visit_id, who_kind, key)
    count = _revoke_live_links(db, visit_id, who_kind, key, now)
    record_audit(db, visit_id, actor, "revoke_availability_link", f"{who_kind} {key}: {count} revoked", now)
    db.flush()
    return count


def _revoke_live_links(db: Session, visit_id: int, who_kind: str, key: str, now: datetime) -> int:
    result = db.execute(
        update(AvailabilityLink)
        .where(
            AvailabilityLink.visit_id == visit_id,
            AvailabilityLink.who_kind == who_kind,
            AvailabilityLink.key == key,
            AvailabilityLink.revoked.is_(False),
        )
        .values(revoked=True, revoked_at=now)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def has_live_link(db: Session, visit_id: int, who_kind: str, key: str, now: datetime) -> bool:
    """Whether this person or assessor already holds a link that works at `now`."""
    query = select(AvailabilityLink.id).where(
        AvailabilityLink.visit_id == visit_id,
        AvailabilityLink.who_kind == who_kind,
        AvailabilityLink.key == key,
        AvailabilityLink.revoked.is_(False),
        AvailabilityLink.expires_at > now,
    )
    return db.scalars(query.limit(1)).first() is not None


def resolve_link(db: Session, token: str, now: datetime) -> LinkOwner | None:
    """Whose link this token is, or None when it is wrong, revoked or expired (never saying which)."""
    if not token or len(token) > LONGEST_TOKEN:
        return None
    link = db.scalars(
        select(AvailabilityLink).where(AvailabilityLink.token_hash == hash_token(token))
    ).one_or_none()
    if link is None or link.revoked or link.expires_at <= now:
        return None
    try:
        owner_record(db, link.visit_id, link.who_kind, link.key)
    except NotFound:
        return None  # the person was removed from the visit since
    return LinkOwner(link_id=link.id, visit_id=link.visit_id, who_kind=link.who_kind, key=link.key)
