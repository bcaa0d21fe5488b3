"""A visit's team as the services keep it: only owners change it, a visit always has an owner,
and every change is in the audit trail."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from scheduler.errors import ServiceError
from scheduler.services.audit_log import AuditFilter, audit_lines
from scheduler.services.members import (
    add_member_by_email,
    change_member_role,
    list_members,
    remove_member,
    visit_role,
)
from tests.support.store import NOW, add_user, add_visit, open_store


@pytest.fixture
def db(tmp_path: Path):
    with open_store(tmp_path)() as session:
        yield session


def link(token: str) -> str:
    return f"https://fieldwork.westmere.gov.example/password/{token}"


def test_whoever_imports_a_visit_is_its_owner(db: Session) -> None:
    grace = add_user(db, "grace.okafor@example.org", "Grace Okafor")
    visit_id = add_visit(db, grace)

    assert visit_role(db, visit_id, grace) == "owner"


def test_a_coordinator_cannot_change_the_team(db: Session) -> None:
    grace = add_user(db, "grace.okafor@example.org", "Grace Okafor")
    tom = add_user(db, "tom.hughes@example.org", "Tom Hughes")
    visit_id = add_visit(db, grace)
    add_member_by_email(db, grace, visit_id, tom.email, "coordinator", NOW)

    with pytest.raises(ServiceError, match="only an owner of the visit may change who is in its team"):
        add_member_by_email(db, tom, visit_id, "sarah.lowe@example.org", "viewer", NOW, password_url=link)
    with pytest.raises(ServiceError, match="only an owner"):
        change_member_role(db, tom, visit_id, grace.id, "viewer", NOW)


def test_a_second_owner_lets_the_first_step_down(db: Session) -> None:
    grace = add_user(db, "grace.okafor@example.org", "Grace Okafor")
    tom = add_user(db, "tom.hughes@example.org", "Tom Hughes")
    visit_id = add_visit(db, grace)
    with pytest.raises(ServiceError, match="Grace Okafor is the visit's only owner"):
        change_member_role(db, grace, visit_id, grace.id, "coordinator", NOW)

    add_member_by_email(db, grace, visit_id, tom.email, "owner", NOW)
    change_member_role(db, grace, visit_id, grace.id, "coordinator", NOW)

    assert [(m.name, m.role) for m in list_members(db, visit_id)] == [
        ("Tom Hughes", "owner"),
        ("Grace Okafor", "coordinator"),
    ]


def test_every_change_to_the_team_is_in_the_audit_trail(db: Session) -> None:
    grace = add_user(db, "grace.okafor@example.org", "Grace Okafor")
    visit_id = add_visit(db, grace)
    added = add_member_by_email(
        db,
        grace,
        visit_id,
        "Sarah.Lowe@example.org",
        "viewer",
        NOW,
        name="Director Sarah Lowe",
        password_url=link,
    )
    change_member_role(db, grace, visit_id, added.member.user_id, "escort_lead", NOW)
    remove_member(db, grace, visit_id, added.member.user_id, NOW)

    lines = audit_lines(db, visit_id, AuditFilter(person=str(grace.id)))

    assert [(line.what, line.detail) for line in lines[:3]] == [
        ("Remove member", "Director Sarah Lowe <sarah.lowe@example.org>"),
        ("Change member role", "Director Sarah Lowe <sarah.lowe@example.org>: viewer to escort lead"),
        ("Add member", "Director Sarah Lowe <sarah.lowe@example.org> as viewer"),
    ]
