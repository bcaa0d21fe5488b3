"""Everything that opens a page without a login, per person or assessor: their availability
links, their calendar feed links and the accept/decline links in their invites.

Revoking (a coordinator's button or ``fieldwork links revoke``) stops all three kinds at once;
so does removing the person from the visit, so that a person re-added later under the same id
starts with no working link, whatever was sent to them before. Revoked rows are kept (their
tokens' hashes only): a revoked link then gets a page saying it no longer works, not a 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from scheduler import domain
from scheduler.db.accounts import User
from scheduler.db.availability import AvailabilityLink
from scheduler.db.invites import FeedToken
from scheduler.db.publishing import InviteLedgerEntry
from scheduler.db.visits import VisitRecord
from scheduler.domain.credentials import LONGEST_TOKEN, hash_token
from scheduler.errors import NotFound, ServiceError
from scheduler.services.audit import record_audit
from scheduler.services.availability_links import link_expiry, owner_record

# How long personal feeds keep working after the visit's last day, unless the app says otherwise
# (FIELDWORK_FEED_DAYS_AFTER_VISIT): long enough to look back at who was seen when.
FEEDS_KEPT_AFTER_VISIT = timedelta(days=30)


def feed_expiry(visit: VisitRecord, kept_after_visit: timedelta) -> datetime:
    """When the visit's feed links stop: this long after the end of its last day."""
    return link_expiry(visit) + kept_after_visit


@dataclass(frozen=True)
class LiveLinks:
    """How many of each kind of link of one person or assessor work now."""

    availability: int = 0
    feeds: int = 0
    invite_answers: int = 0

    @property
    def total(self) -> int:
        return self.availability + self.feeds + self.invite_answers

    def describe(self) -> str:
        """'1 availability link, 2 calendar feeds and 3 invite answer links', or 'no links'."""
        parts = [
            _count(self.availability, "availability link"),
            _count(self.feeds, "calendar feed"),
            _count(self.invite_answers, "invite answer link"),
        ]
        named = [part for part in parts if part]
        if not named:
            return "no links"
        return named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}" if number else ""


@dataclass(frozen=True)
class Revoked:
    """Whose links were revoked, and how many of each kind were still working."""

    name: str
    links: LiveLinks


def revoke_personal_links(
    db: Session, actor: User | None, visit_id: int, who_kind: str, key: str, now: datetime
) -> Revoked:
    """Stop every link of this person or assessor; says how many of each were working."""
    owner = owner_record(db, visit_id, who_kind, key)  # NotFound for someone not in the visit
    revoked = _revoke_all(db, visit_id, who_kind, key, now)
    record_audit(db, visit_id, actor, "revoke_personal_links", f"{who_kind} {key}: {revoked.describe()}", now)
    db.flush()
    return Revoked(owner.name, revoked)


def find_link_owner(visit: domain.Visit, who: str) -> tuple[str, str]:
    """("person" | "assessor", id) for an id in the visit file or an email address."""
    wanted = who.strip()
    by_id = [("person", p.id) for p in visit.people if p.id == wanted]
    by_id += [("assessor", a.id) for a in visit.assessors if a.id == wanted]
    if len(by_id) > 1:
        raise ServiceError(f"both a person and an assessor have the id {wanted!r}: give their email instead")
    if by_id:
        return by_id[0]
    address = wanted.lower()
    by_email = [("person", p.id) for p in visit.people if p.email.strip().lower() == address]
    by_email += [("assessor", a.id) for a in visit.assessors if a.email.strip().lower() == address]
    if len(by_email) > 1:
        raise ServiceError(f"several people have the email address {wanted!r}: give their id instead")
    if not by_email:
        raise NotFound(f"nobody in visit '{visit.name}' has the id or email address {wanted!r}")
    return by_email[0]


def revoke_links_of_the_removed(
    db: Session, actor: User | None, visit_id: int, old: domain.Visit, new: domain.Visit, now: datetime
) -> None:
    """Stop the links of everyone the change takes out of the visit (they never come back)."""
    gone = [("person", p.id) for p in old.people if p.id not in {q.id for q in new.people}]
    gone += [("assessor", a.id) for a in old.assessors if a.id not in {b.id for b in new.assessors}]
    for who_kind, key in gone:
        revoked = _revoke_all(db, visit_id, who_kind, key, now)
        if revoked.total:
            detail = f"{who_kind} {key} left the visit: {revoked.describe()} revoked"
            record_audit(db, visit_id, actor, "revoke_personal_links", detail, now)


def live_links(
    db: Session, visit_id: int, now: datetime, feeds_kept: timedelta = FEEDS_KEPT_AFTER_VISIT
) -> dict[tuple[str, str], LiveLinks]:
    """(who_kind, key) -> their working links, for everyone who has any."""
    found: dict[tuple[str, str], dict[str, int]] = {}
    visit = db.get(VisitRecord, visit_id)
    feeds_work = visit is not None and feed_expiry(visit, feeds_kept) > now
    availability = (
        select(AvailabilityLink.who_kind, AvailabilityLink.key, func.count())
        .where(
            AvailabilityLink.visit_id == visit_id,
            AvailabilityLink.revoked.is_(False),
            AvailabilityLink.expires_at > now,
        )
        .group_by(AvailabilityLink.who_kind, AvailabilityLink.key)
    )
    feeds = (
        select(FeedToken.who_kind, FeedToken.key, func.count())
        .where(FeedToken.visit_id == visit_id, FeedToken.revoked_at.is_(None))
        .group_by(FeedToken.who_kind, FeedToken.key)
    )
    answers = (
        select(InviteLedgerEntry.recipient_kind, InviteLedgerEntry.recipient_key, func.count())
        .where(
            InviteLedgerEntry.visit_id == visit_id,
            InviteLedgerEntry.rsvp_token_hash.is_not(None),
            InviteLedgerEntry.rsvp_revoked_at.is_(None),
        )
        .group_by(InviteLedgerEntry.recipient_kind, InviteLedgerEntry.recipient_key)
    )
    queries = [("availability", availability), ("invite_answers", answers)]
    if feeds_work:  # after the visit's feeds have stopped, no token of it counts
        queries.append(("feeds", feeds))
    for field, query in queries:
        for who_kind, key, number in db.execute(query):
            found.setdefault((who_kind, key), {})[field] = int(number)
    return {owner: LiveLinks(**counts) for owner, counts in found.items()}


def link_was_issued(db: Session, token: str) -> bool:
    """Whether this token was ever one of ours (so a dead link can say it no longer works)."""
    if not token or len(token) > LONGEST_TOKEN:
        return False
    hashed = hash_token(token)
    for column in (AvailabilityLink.token_hash, FeedToken.token_hash, InviteLedgerEntry.rsvp_token_hash):
        if db.scalars(select(column).where(column == hashed).limit(1)).first() is not None:
            return True
    return False


def _revoke_all(db: Session, visit_id: int, who_kind: str, key: str, now: datetime) -> LiveLinks:
    availability = db.execute(
        update(AvailabilityLink)
        .where(
            AvailabilityLink.visit_id == visit_id,
            AvailabilityLink.who_kind == who_kind,
            AvailabilityLink.key == key,
            AvailabilityLink.revoked.is_(False),
            AvailabilityLink.expires_at > now,  # an expired link is dead already, and not counted
        )
        .values(revoked=True, revoked_at=now)
    )
    feeds = db.execute(
        update(FeedToken)
        .where(
            FeedToken.visit_id == visit_id,
            FeedToken.who_kind == who_kind,
            FeedToken.key == key,
            FeedToken.revoked_at.is_(None),
        )
        .values(revoked_at=now)
    )
    answers = db.execute(
        update(InviteLedgerEntry)
        .where(
            InviteLedgerEntry.visit_id == visit_id,
            InviteLedgerEntry.recipient_kind == who_kind,
            InviteLedgerEntry.recipient_key == key,
            InviteLedgerEntry.rsvp_token_hash.is_not(None),
            InviteLedgerEntry.rsvp_revoked_at.is_(None),
        )
        .values(rsvp_revoked_at=now)
    )
    db.flush()
    return LiveLinks(_rows(availability), _rows(feeds), _rows(answers))


def _rows(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)
