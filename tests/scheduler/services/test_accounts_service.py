"""Accounts: create, log in, look up, and membership of visits."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from scheduler.errors import ServiceError
from scheduler.services.accounts import add_member, authenticate, create_user, get_user, is_member
from tests.support.store import NOW, add_user, add_visit, open_store


@pytest.fixture
def db(tmp_path: Path):
    with open_store(tmp_path)() as session:
        yield session


def test_a_new_user_logs_in_with_their_password_only(db: Session):
    user = create_user(db, "Ann.Smith@Example.org", "a long secret", "Ann Smith", NOW)
    assert authenticate(db, "ann.smith@example.org", "a long secret") is user
    assert authenticate(db, "  ANN.SMITH@example.org ", "a long secret") is user
    assert authenticate(db, "ann.smith@example.org", "a long secreT") is None
    assert authenticate(db, "nobody@example.org", "a long secret") is None


def test_passwords_are_stored_as_salted_scrypt_hashes(db: Session):
    first = create_user(db, "one@example.org", "same password", "One", NOW)
    second = create_user(db, "two@example.org", "same password", "Two", NOW)
    assert first.password_hash.startswith("scrypt:32768:8:1$")
    assert "same password" not in first.password_hash
    assert first.password_hash != second.password_hash


def test_an_email_can_have_only_one_account(db: Session):
    create_user(db, "ann@example.org", "a long secret", "Ann", NOW)
    with pytest.raises(ServiceError) as refused:
        create_user(db, "ANN@example.org", "another secret", "Ann again", NOW)
    assert refused.value.message == "there is already an account for ann@example.org"


@pytest.mark.parametrize(
    ("email", "password", "name", "message"),
    [
        ("not-an-address", "a long secret", "Ann", "'not-an-address' is not an email address"),
        ("ann@example.org", "short", "Ann", "the password needs at least 8 characters"),
        ("ann@example.org", "a long secret", "  ", "a name is required"),
    ],
)
def test_bad_account_details_are_refused_with_a_reason(db: Session, email, password, name, message):
    with pytest.raises(ServiceError) as refused:
        create_user(db, email, password, name, NOW)
    assert refused.value.message == message


def test_get_user_finds_by_id(db: Session):
    user = add_user(db)
    assert get_user(db, user.id) is user
    assert get_user(db, user.id + 1) is None


def test_adding_a_member_twice_is_harmless(db: Session):
    owner = add_user(db)
    colleague = add_user(db, "colleague@example.org", "Col League")
    visit_id = add_visit(db, owner)
    assert not is_member(db, visit_id, colleague)
    add_member(db, visit_id, colleague)
    add_member(db, visit_id, colleague)
    assert is_member(db, visit_id, colleague)
