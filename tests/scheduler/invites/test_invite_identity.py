"""Stored identities: a session's UID is made once and never recomputed, its SEQUENCE only
rises, and personal feed tokens are kept as hashes and stop working when revoked."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.db.invites import FeedToken
from scheduler.domain.credentials import hash_token
from scheduler.errors import NotFound, ServiceError
from scheduler.invites.identity import (
    FeedOwner,
    event_identity,
    issue_feed_token,
    raise_sequence,
    resolve_feed_token,
    revoke_feed_tokens,
    stored_identity,
    visit_identities,
)
from scheduler.services.visits import import_visit
from tests.support.invites import invite_visit, uid_source
from tests.support.store import NOW, add_user, open_store


@pytest.fixture
def db(tmp_path: Path) -> Session:
    with open_store(tmp_path)() as session:
        yield session  # type: ignore[misc]


@pytest.fixture
def visit_id(db: Session) -> int:
    return import_visit(db, add_user(db), invite_visit(), NOW)


def test_a_session_uid_is_made_once_and_read_back_ever_after(db: Session, visit_id: int):
    first = event_identity(db, visit_id, "s1", NOW, uid_source=uid_source("first").__next__)
    again = event_identity(db, visit_id, "s1", NOW, uid_source=uid_source("other").__next__)
    assert first.uid == again.uid == "first-1@fieldwork"
    assert first.sequence == again.sequence == 0


def test_the_default_uid_is_a_uuid4_at_fieldwork(db: Session, visit_id: int):
    uid = event_identity(db, visit_id, "s1", NOW).uid
    name, domain_part = uid.split("@")
    assert domain_part == "fieldwork" and len(name) == 36 and name[14] == "4"


def test_the_session_and_its_escort_duty_are_different_events(db: Session, visit_id: int):
    source = uid_source().__next__
    session = event_identity(db, visit_id, "s1", NOW, uid_source=source)
    duty = event_identity(db, visit_id, "s1", NOW, event_kind="escort", uid_source=source)
    assert (session.uid, duty.uid) == ("uid-1@fieldwork", "uid-2@fieldwork")
    assert set(visit_identities(db, visit_id)) == {("s1", "session"), ("s1", "escort")}


def test_each_change_raises_the_sequence_and_keeps_the_uid(db: Session, visit_id: int):
    later = NOW.replace(day=5)
    made = event_identity(db, visit_id, "s2", NOW)
    once = raise_sequence(db, visit_id, "s2", later)
    twice = raise_sequence(db, visit_id, "s2", later)
    assert (made.sequence, once.sequence, twice.sequence) == (0, 1, 2)
    assert made.uid == once.uid == twice.uid
    assert twice.changed_at == later
    assert stored_identity(db, visit_id, "s2") == twice


def test_nothing_is_made_for_an_event_never_asked_for(db: Session, visit_id: int):
    assert stored_identity(db, visit_id, "s4") is None


def test_an_unknown_kind_of_event_is_refused(db: Session, visit_id: int):
    with pytest.raises(ServiceError, match="an event is a session or escort, not 'lunch'"):
        event_identity(db, visit_id, "s1", NOW, event_kind="lunch")


def test_a_feed_token_is_stored_only_as_its_hash_and_opens_that_persons_feed(db: Session, visit_id: int):
    token = issue_feed_token(db, visit_id, "person", "p1", NOW)
    stored = db.scalars(select(FeedToken.token_hash)).all()
    assert stored == [hash_token(token)] and token not in stored
    assert resolve_feed_token(db, token, NOW) == FeedOwner(visit_id, "person", "p1")


def test_wrong_and_revoked_feed_tokens_open_nothing(db: Session, visit_id: int):
    token = issue_feed_token(db, visit_id, "assessor", "a1", NOW)
    assert resolve_feed_token(db, token + "x", NOW) is None
    assert resolve_feed_token(db, "", NOW) is None
    assert revoke_feed_tokens(db, visit_id, "assessor", "a1", NOW) == 1
    assert resolve_feed_token(db, token, NOW) is None


def test_a_feed_token_is_only_made_for_someone_in_the_visit(db: Session, visit_id: int):
    with pytest.raises(NotFound, match="has no person 'p9'"):
        issue_feed_token(db, visit_id, "person", "p9", NOW)
    with pytest.raises(ServiceError, match="a feed belongs to a person or an assessor, not 'room'"):
        issue_feed_token(db, visit_id, "room", "r1", NOW)
