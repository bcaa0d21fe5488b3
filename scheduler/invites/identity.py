"""The stored identity of calendar events and personal feeds.

A session's UID is made once (``uuid4`` + "@fieldwork", or the caller's UID source in tests),
stored, and read back ever after: recomputing it from the session's content would turn every
re-plan into a new event beside the old one. SEQUENCE starts at 0 and rises by one with each
change that attendees must see (the publisher decides what counts as one).

Feed tokens work like availability links: 256 random bits, kept only as SHA-256;
wrong and revoked tokens both resolve to None so the feed can answer with one plain 404.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from scheduler.db.invites import EVENT_KINDS, FEED_WHO_KINDS, FeedToken, InviteIdentity
from scheduler.db.visits import AssessorRecord, PersonRecord, VisitRecord
from scheduler.domain.credentials import LONGEST_TOKEN, hash_token, new_token
from scheduler.errors import NotFound, ServiceError
from scheduler.services.personal_links import FEEDS_KEPT_AFTER_VISIT, feed_expiry

UidSource = Callable[[], str]


def new_uid() -> str:
    return f"{uuid.uuid4()}@fieldwork"


@dataclass(frozen=True)
class EventIdentity:
    uid: str
    sequence: int
    changed_at: datetime


def _check_kind(event_kind: str) -> None:
    if event_kind not in EVENT_KINDS:
        raise ServiceError(f"an event is a {' or '.join(EVENT_KINDS)}, not {event_kind!r}")


def _row(db: Session, visit_id: int, session_key: str, event_kind: str) -> InviteIdentity | None:
    return db.scalars(
        select(InviteIdentity).where(
            InviteIdentity.visit_id == visit_id,
            InviteIdentity.session_key == session_key,
            InviteIdentity.event_kind == event_kind,
        )
    ).one_or_none()


def _identity(row: InviteIdentity) -> EventIdentity:
    return EventIdentity(uid=row.uid, sequence=row.sequence, changed_at=row.changed_at)


def event_identity(
    db: Session,
    visit_id: int,
    session_key: str,
    now: datetime,
    *,
    event_kind: str = "session",
    uid_source: UidSource = new_uid,
) -> EventIdentity:
    """The event's stored UID and SEQUENCE, made (SEQUENCE 0) the first time it is asked for."""
    _check_kind(event_kind)
    row = _row(db, visit_id, session_key, event_kind)
    if row is None:
        if db.get(VisitRecord, visit_id) is None:
            raise NotFound(f"there is no visit {visit_id}")
        made = InviteIdentity(
            visit_id=visit_id,
            session_key=session_key,
            event_kind=event_kind,
            uid=uid_source(),
            sequence=0,
            created_at=now,
            changed_at=now,
        )
        try:
            # A savepoint, so that two requests making the same event at once (two feed polls)
            # end with one UID: the loser reads the winner's row instead of failing.
            with db.begin_nested():
                db.add(made)
        except IntegrityError:
            row = _row(db, visit_id, session_key, event_kind)
            if row is None:
                raise
        else:
            row = made
    return _identity(row)


def stored_identity(
    db: Session, visit_id: int, session_key: str, *, event_kind: str = "session"
) -> EventIdentity | None:
    """The event's identity if one was ever made, without making one."""
    _check_kind(event_kind)
    row = _row(db, visit_id, session_key, event_kind)
    return None if row is None else _identity(row)


def visit_identities(db: Session, visit_id: int) -> dict[tuple[str, str], EventIdentity]:
    """Every stored identity of the visit by (session key, event kind)."""
    rows = db.scalars(select(InviteIdentity).where(InviteIdentity.visit_id == visit_id))
    return {(row.session_key, row.event_kind): _identity(row) for row in rows}


def raise_sequence(
    db: Session,
    visit_id: int,
    session_key: str,
    now: datetime,
    *,
    event_kind: str = "session",
    uid_source: UidSource = new_uid,
) -> EventIdentity:
    """Record one more change of the event: SEQUENCE + 1 (the UID stays)."""
    event_identity(db, visit_id, session_key, now, event_kind=event_kind, uid_source=uid_source)
    db.execute(
        update(InviteIdentity)
        .where(
            InviteIdentity.visit_id == visit_id,
            InviteIdentity.session_key == session_key,
            InviteIdentity.event_kind == event_kind,
        )
        .values(sequence=InviteIdentity.sequence + 1, changed_at=now)
        .execution_options(synchronize_session="fetch")
    )
    db.flush()
    row = _row(db, visit_id, session_key, event_kind)
    assert row is not None  # made just above
    db.refresh(row)
    return _identity(row)


# --- personal feeds -------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedOwner:
    """Whose calendar a feed token opens."""

    visit_id: int
    who_kind: str  # person | assessor
    key: str  # their id in the visit file


def _check_owner(db: Session, visit_id: int, who_kind: str, key: str) -> None:
    if who_kind not in FEED_WHO_KINDS:
        raise ServiceError(f"a feed belongs to a person or an assessor, not {who_kind!r}")
    model = PersonRecord if who_kind == "person" else AssessorRecord
    found = db.scalars(select(model.id).where(model.visit_id == visit_id, model.key == key)).first()
    if found is None:
        raise NotFound(f"visit {visit_id} has no {who_kind} {key!r}")


def issue_feed_token(db: Session, visit_id: int, who_kind: str, key: str, now: datetime) -> str:
    """A new personal feed token (shown once: only its hash is kept; earlier ones keep working)."""
    _check_owner(db, visit_id, who_kind, key)
    token = new_token()
    db.add(
        FeedToken(visit_id=visit_id, who_kind=who_kind, key=key, token_hash=hash_token(token), created_at=now)
    )
    db.flush()
    return token


def revoke_feed_tokens(db: Session, visit_id: int, who_kind: str, key: str, now: datetime) -> int:
    """Stop every feed link of this person or assessor; returns how many were live."""
    result = db.execute(
        update(FeedToken)
        .where(
            FeedToken.visit_id == visit_id,
            FeedToken.who_kind == who_kind,
            FeedToken.key == key,
            FeedToken.revoked_at.is_(None),
        )
        .values(revoked_at=now)
    )
    db.flush()
    return int(getattr(result, "rowcount", 0) or 0)


def resolve_feed_token(
    db: Session, token: str, now: datetime, kept_after_visit: timedelta = FEEDS_KEPT_AFTER_VISIT
) -> FeedOwner | None:
    """The owner of a live feed token, or None for a wrong, revoked or expired one."""
    if not token or len(token) > LONGEST_TOKEN:
        return None
    row = db.scalars(
        select(FeedToken).where(FeedToken.token_hash == hash_token(token), FeedToken.revoked_at.is_(None))
    ).one_or_none()
    if row is None:
        return None
    visit = db.get(VisitRecord, row.visit_id)
    if visit is None or feed_expiry(visit, kept_after_visit) <= now:
        return None
    return FeedOwner(visit_id=row.visit_id, who_kind=row.who_kind, key=row.key)
