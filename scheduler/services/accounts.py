"""Coordinator accounts: creating them, logging in and out, passwords, and access to a visit.

A login cookie names the account and its current session nonce (``User.get_id``). Logging out
or changing the password draws a new nonce, so every cookie issued before, including copies
taken elsewhere, is refused by `user_for_session` from then on.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scheduler.db.accounts import Membership, User
from scheduler.domain.credentials import hash_password, password_matches, unknown_account_hash
from scheduler.errors import ServiceError

MIN_PASSWORD_LENGTH = 8


def normalise_email(email: str) -> str:
    return email.strip().lower()


def create_user(db: Session, email: str, password: str, name: str, now: datetime) -> User:
    address = normalise_email(email)
    if "@" not in address or address.startswith("@") or address.endswith("@"):
        raise ServiceError(f"'{email}' is not an email address")
    if not name.strip():
        raise ServiceError("a name is required")
    _check_password_length(password)
    if find_user_by_email(db, address) is not None:
        raise ServiceError(f"there is already an account for {address}")
    user = User(
        email=address,
        name=name.strip(),
        password_hash=hash_password(password),
        created_at=now,
        session_nonce=_new_nonce(),
    )
    db.add(user)
    db.flush()
    return user


def find_user_by_email(db: Session, email: str) -> User | None:
    return db.scalar(select(User).where(User.email == normalise_email(email)))


def authenticate(db: Session, email: str, password: str) -> User | None:
    """The user with this email and password, else None (the caller says only "wrong email or password")."""
    user = find_user_by_email(db, email)
    # An unknown address costs the same hashing as a known one, so the answer's timing does
    # not tell a guesser which addresses have accounts.
    matches = password_matches(user.password_hash if user else unknown_account_hash(), password)
    if user is None or not matches:
        return None
    return user


def get_user(db: Session, user_id: int) -> User | None:
    return db.get(User, user_id)


def user_for_session(db: Session, session_id: str) -> User | None:
    """The account a login cookie's id names, unless its sessions were ended since it was issued."""
    user_id, _, nonce = session_id.partition(":")
    if not user_id.isdigit() or not nonce:
        return None
    user = db.get(User, int(user_id))
    if user is None or not user.session_nonce:
        return None
    return user if hmac.compare_digest(user.session_nonce.encode(), nonce.encode()) else None


def end_sessions(db: Session, user: User) -> None:
    """End every session of this account, on every browser (logout, a password change)."""
    user.session_nonce = _new_nonce()
    db.flush()


def change_password(db: Session, user: User, current: str, new: str) -> None:
    """Set a new password when the current one is right; every other session of the account ends."""
    if not password_matches(user.password_hash, current):
        raise ServiceError("the current password is not right")
    set_password(db, user, new)


def set_password(db: Session, user: User, new: str) -> None:
    """Set the password (an administrator's reset from the command line) and end every session."""
    _check_password_length(new)
    user.password_hash = hash_password(new)
    end_sessions(db, user)


def _check_password_length(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ServiceError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")


def _new_nonce() -> str:
    return secrets.token_urlsafe(16)


def count_users(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(User)) or 0


def add_member(db: Session, visit_id: int, user: User, role: str = "coordinator") -> None:
    """Let the user see and change the visit (doing it twice is harmless)."""
    if db.get(Membership, (user.id, visit_id)) is None:
        db.add(Membership(user_id=user.id, visit_id=visit_id, role=role))
        db.flush()


def is_member(db: Session, visit_id: int, user: User) -> bool:
    return db.get(Membership, (user.id, visit_id)) is not None
