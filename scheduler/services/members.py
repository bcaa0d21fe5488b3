"""A visit's team: who is in it, with which role, and the owners' changes to it.

Every change is the owner's (checked here too, so the command line is held to the same rule as
the pages), is written to the audit trail, and never leaves a visit without an owner. A new
colleague without an account gets one that cannot log in, and an email (through the outbox)
with a one-time link to set their password.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from html import escape

from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.db.accounts import Membership, User
from scheduler.db.visits import VisitRecord
from scheduler.errors import NotFound, ServiceError
from scheduler.mail import queue_email
from scheduler.services.accounts import find_user_by_email, normalise_email
from scheduler.services.audit import record_audit
from scheduler.services.password_links import (
    LINK_DAYS,
    awaits_password,
    issue_password_link,
    unusable_password_hash,
)
from scheduler.services.roles import OWNER, ROLES, role_may, role_name

PasswordUrl = Callable[[str], str]  # token -> the absolute address of the set-password page


@dataclass(frozen=True)
class Member:
    user_id: int
    name: str
    email: str
    role: str
    awaiting_password: bool  # invited, and has not set a password yet

    @property
    def role_name(self) -> str:
        return role_name(self.role)


@dataclass(frozen=True)
class Added:
    member: Member
    new_account: bool  # True: an invitation to set a password was queued


def visit_role(db: Session, visit_id: int, user: User) -> str | None:
    """The user's role in the visit, or None when they are not in its team."""
    membership = db.get(Membership, (user.id, visit_id))
    return membership.role if membership else None


def list_members(db: Session, visit_id: int) -> list[Member]:
    """The team, owners first, then by role and name."""
    rows = db.execute(
        select(Membership, User)
        .join(User, User.id == Membership.user_id)
        .where(Membership.visit_id == visit_id)
    ).all()
    members = [_member(membership, user) for membership, user in rows]
    order = {role: position for position, role in enumerate(ROLES)}
    return sorted(members, key=lambda m: (order.get(m.role, len(ROLES)), m.name.lower(), m.email))


def add_member_by_email(
    db: Session,
    actor: User,
    visit_id: int,
    email: str,
    role: str,
    now: datetime,
    *,
    name: str = "",
    password_url: PasswordUrl | None = None,
) -> Added:
    """Add a colleague to the team; without an account they get one and an email to set a password."""
    record = _visit_for_owner(db, actor, visit_id)
    _check_role(role)
    address = normalise_email(email)
    if "@" not in address or address.startswith("@") or address.endswith("@") or " " in address:
        raise ServiceError(f"'{email.strip()}' is not an email address")
    user = find_user_by_email(db, address)
    new_account = user is None
    if user is None:
        if password_url is None:
            raise ServiceError(
                f"{address} has no account yet: give the address people open Fieldwork at,"
                " so the invitation's link to set a password works"
            )
        user = User(
            email=address,
            name=name.strip() or address.split("@", 1)[0],
            password_hash=unusable_password_hash(),
            created_at=now,
            session_nonce="",
        )
        db.add(user)
        db.flush()
    else:
        existing = db.get(Membership, (user.id, visit_id))
        if existing is not None:
            raise ServiceError(
                f"{user.name} ({address}) is already in the team as {role_name(existing.role).lower()}:"
                " change their role instead"
            )
    membership = Membership(user_id=user.id, visit_id=visit_id, role=role)
    db.add(membership)
    db.flush()
    if new_account and password_url is not None:
        _invite(db, actor, record, user, role, password_url(issue_password_link(db, user, now)), now)
    record_audit(
        db, visit_id, actor, "add_member", f"{user.name} <{address}> as {role_name(role).lower()}", now
    )
    db.flush()
    return Added(_member(membership, user), new_account)


def change_member_role(
    db: Session, actor: User, visit_id: int, user_id: int, role: str, now: datetime
) -> Member:
    """Give a member another role; the last owner cannot be made anything else."""
    _visit_for_owner(db, actor, visit_id)
    _check_role(role)
    membership, user = _membership(db, visit_id, user_id)
    if membership.role == role:
        return _member(membership, user)
    if membership.role == OWNER and _owner_count(db, visit_id) == 1:
        raise ServiceError(
            f"{user.name} is the visit's only owner: make someone else an owner first, then change their role"
        )
    before = membership.role
    membership.role = role
    detail = f"{user.name} <{user.email}>: {role_name(before).lower()} to {role_name(role).lower()}"
    record_audit(db, visit_id, actor, "change_member_role", detail, now)
    db.flush()
    return _member(membership, user)


def remove_member(db: Session, actor: User, visit_id: int, user_id: int, now: datetime) -> Member:
    """Take someone out of the team (an owner's act, or a member leaving); never the last owner."""
    membership, user = _membership(db, visit_id, user_id)
    if user.id != actor.id:
        _visit_for_owner(db, actor, visit_id)
    if membership.role == OWNER and _owner_count(db, visit_id) == 1:
        who = "you are" if user.id == actor.id else f"{user.name} is"
        raise ServiceError(f"{who} the visit's only owner: make someone else an owner first")
    removed = _member(membership, user)
    db.delete(membership)
    record_audit(db, visit_id, actor, "remove_member", f"{user.name} <{user.email}>", now)
    db.flush()
    return removed


def find_member(db: Session, visit_id: int, email: str) -> Member:
    user = find_user_by_email(db, email)
    membership = db.get(Membership, (user.id, visit_id)) if user else None
    if user is None or membership is None:
        raise NotFound(f"{normalise_email(email)} is not in the visit's team")
    return _member(membership, user)


def invitation_email(
    *, inviter: str, name: str, visit_name: str, organisation: str, role: str, link_url: str
) -> tuple[str, str, str]:
    """Subject, plain text and HTML of the email that asks a new member to set a password."""
    subject = f"You have been added to {visit_name} in Fieldwork"
    role_words = role_name(role).lower()
    text = "\n".join(
        [
            f"Hello {name},",
            "",
            f"{inviter} has added you to the team for {visit_name} ({organisation}) as {role_words}.",
            "",
            "Set your password to log in:",
            link_url,
            "",
            f"The link works once, for {LINK_DAYS} days. If it has expired, ask {inviter} to send a new one.",
            "",
        ]
    )
    html = (
        f"<p>Hello {escape(name)},</p>"
        f"<p>{escape(inviter)} has added you to the team for {escape(visit_name)}"
        f" ({escape(organisation)}) as {escape(role_words)}.</p>"
        f'<p><a href="{escape(link_url)}">Set your password</a> to log in.</p>'
        f"<p>The link works once, for {LINK_DAYS} days. If it has expired, ask {escape(inviter)}"
        " to send a new one.</p>"
    )
    return subject, text, html


def resend_invitation(
    db: Session, actor: User, visit_id: int, user_id: int, now: datetime, password_url: PasswordUrl
) -> Member:
    """A fresh link for a member who has not set a password yet (the old link stops working)."""
    record = _visit_for_owner(db, actor, visit_id)
    membership, user = _membership(db, visit_id, user_id)
    if not awaits_password(user):
        raise ServiceError(f"{user.name} has set a password already")
    _invite(db, actor, record, user, membership.role, password_url(issue_password_link(db, user, now)), now)
    record_audit(db, visit_id, actor, "resend_invitation", f"{user.name} <{user.email}>", now)
    db.flush()
    return _member(membership, user)


def _invite(
    db: Session, actor: User, record: VisitRecord, user: User, role: str, link_url: str, now: datetime
) -> None:
    subject, text, html = invitation_email(
        inviter=actor.name,
        name=user.name,
        visit_name=record.name,
        organisation=record.organisation,
        role=role,
        link_url=link_url,
    )
    queue_email(db, user.email, subject, text, html, now=now, visit_id=record.id, body_private=True)


def _visit_for_owner(db: Session, actor: User, visit_id: int) -> VisitRecord:
    record = db.get(VisitRecord, visit_id)
    role = visit_role(db, visit_id, actor) if record else None
    if record is None or role is None:
        raise NotFound(f"there is no visit {visit_id}")
    if not role_may(role, "manage_members"):
        raise ServiceError("only an owner of the visit may change who is in its team")
    return record


def _membership(db: Session, visit_id: int, user_id: int) -> tuple[Membership, User]:
    membership = db.get(Membership, (user_id, visit_id))
    user = db.get(User, user_id)
    if membership is None or user is None:
        raise NotFound("that person is not in the visit's team")
    return membership, user


def _owner_count(db: Session, visit_id: int) -> int:
    query = select(Membership).where(Membership.visit_id == visit_id, Membership.role == OWNER)
    return len(list(db.scalars(query)))


def _check_role(role: str) -> None:
    if role not in ROLES:
        names = ", ".join(role_name(r).lower() for r in ROLES)
        raise ServiceError(f"'{role}' is not a role: choose one of {names}")


def _member(membership: Membership, user: User) -> Member:
    return Member(user.id, user.name, user.email, membership.role, awaits_password(user))
