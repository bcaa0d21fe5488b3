"""Personal links: random tokens stored hashed, that stop working when revoked or after the visit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from scheduler.db.availability import AvailabilityLink
from scheduler.domain.credentials import hash_token
from scheduler.errors import NotFound
from scheduler.services.availability_links import (
    LinkOwner,
    has_live_link,
    issue_link,
    resolve_link,
    revoke_link,
)
from tests.support.availability import link_for, small_store
from tests.support.store import NOW


def test_a_link_opens_the_form_of_its_person_and_only_its_hash_is_stored(tmp_path: Path):
    factory, visit_id = small_store(tmp_path)
    token = link_for(factory, visit_id, "p8")

    with factory() as db:
        owner = resolve_link(db, token, NOW)
        [stored] = db.scalars(select(AvailabilityLink)).all()
    assert owner == LinkOwner(stored.id, visit_id, "person", "p8")
    assert len(token) >= 43  # 32 random bytes, URL-safe base64
    assert stored.token_hash == hash_token(token) != token


def test_every_link_gets_a_different_token(tmp_path: Path):
    factory, visit_id = small_store(tmp_path)
    tokens = {link_for(factory, visit_id, "p8") for _ in range(5)}
    assert len(tokens) == 5


def test_a_tampered_token_opens_nothing(tmp_path: Path):
    factory, visit_id = small_store(tmp_path)
    token = link_for(factory, visit_id, "p8")
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")

    with factory() as db:
        assert resolve_link(db, tampered, NOW) is None
        assert resolve_link(db, "", NOW) is None
        assert resolve_link(db, "x" * 5000, NOW) is None


def test_a_revoked_link_opens_nothing(tmp_path: Path):
    factory, visit_id = small_store(tmp_path)
    token = link_for(factory, visit_id, "p8")
    with factory() as db:
        assert revoke_link(db, None, visit_id, "person", "p8", NOW) == 1
        db.commit()
        assert resolve_link(db, token, NOW) is None
        assert not has_live_link(db, visit_id, "person", "p8", NOW)


def test_a_link_expires_at_midnight_after_the_last_visit_day_in_the_visits_zone(tmp_path: Path):
    factory, visit_id = small_store(tmp_path)  # one day, 2026-03-10, Europe/London (GMT in March)
    token = link_for(factory, visit_id, "p8")

    with factory() as db:
        assert resolve_link(db, token, datetime(2026, 3, 10, 23, 59, tzinfo=UTC)) is not None
        assert resolve_link(db, token, datetime(2026, 3, 11, 0, 0, tzinfo=UTC)) is None
        assert has_live_link(db, visit_id, "person", "p8", NOW)
        assert not has_live_link(db, visit_id, "person", "p8", NOW + timedelta(days=30))


def test_assessors_get_links_too_and_unknown_people_do_not(tmp_path: Path):
    factory, visit_id = small_store(tmp_path)
    token = link_for(factory, visit_id, "a1", who_kind="assessor")
    with factory() as db:
        owner = resolve_link(db, token, NOW)
        assert owner is not None and (owner.who_kind, owner.key) == ("assessor", "a1")
        with pytest.raises(NotFound, match="has no person 'nobody'"):
            issue_link(db, None, visit_id, "person", "nobody", NOW)
