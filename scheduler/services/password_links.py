"""One-time links to set a password: a new team member's first, or a fresh one on request.

The token is shown once (in the email) and only its SHA-256 is stored. A link works once and
for `LINK_DAYS`; issuing a new one for the account ends the ones before it.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.db.accounts import User
from scheduler.db.password_links import PasswordLink
from scheduler.domain.credentials import LONGEST_TOKEN, hash_token, new_token
from scheduler.errors import NotFound
from scheduler.services.accounts import set_password

LINK_DAYS = 7
# A stored hash no password matches: the account exists but nobody can log in to it until its
# holder sets a password through their link.
AWAITING_PASSWORD_PREFIX = "awaiting-password$"


def unusable_password_hash() -> str:
    return AWAITING_PASSWORD_PREFIX + secrets.token_hex(16)


def awaits_password(user: User) -> bool:
    return user.password_hash.startswith(AWAITING_PASSWORD_PREFIX)


def issue_password_link(db: Session, user: User, now: datetime) -> str:
    """A new link's token for this account (earlier unused links stop working)."""
    for earlier in db.scalars(
        select(PasswordLink).where(PasswordLink.user_id == user.id, PasswordLink.used_at.is_(None))
    ):
        earlier.used_at = now
    token = new_token()
    db.add(
        PasswordLink(
            user_id=user.id,
            token_hash=hash_token(token),
            created_at=now,
            expires_at=now + timedelta(days=LINK_DAYS),
        )
    )
    db.flush()
    return token


def password_link_user(db: Session, token: str, now: datetime) -> User:
    """The account this link sets a password for; NotFound when unknown, used or expired."""
    return _account(_live_link(db, token, now), db)


def set_password_with_link(db: Session, token: str, password: str, now: datetime) -> User:
    """Set the account's password and use the link up (a too-short password leaves it working)."""
    link = _live_link(db, token, now)
    user = _account(link, db)
    set_password(db, user, password)
    link.used_at = now
    db.flush()
    return user


def _live_link(db: Session, token: str, now: datetime) -> PasswordLink:
    if not token or len(token) > LONGEST_TOKEN:
        raise NotFound("this link does not work")
    link = db.scalar(select(PasswordLink).where(PasswordLink.token_hash == hash_token(token)))
    if link is None or link.used_at is not None or link.expires_at <= now:
        raise NotFound("this link does not work: it was used already, or it has expired")
    return link


def _account(link: PasswordLink, db: Session) -> User:
    user = db.get(User, link.user_id)
    if user is None:
        raise NotFound("this link does not work")
    return user
