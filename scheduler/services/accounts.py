"""Coordinator accounts: creating them, logging in, and giving access to a visit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scheduler.db.accounts import Membership, User
from scheduler.services.errors import ServiceError
from scheduler.services.passwords import hash_password, password_matches

MIN_PASSWORD_LENGTH = 8


def normalise_email(email: str) -> str:
    return email.strip().lower()


def create_user(db: Session, email: str, password: str, name: str, now: datetime) -> User:
    address = normalise_email(email)
    if "@" not in address or address.startswith("@") or address.endswith("@"):
        raise ServiceError(f"'{email}' is not an email address")
    if not name.strip():
        raise ServiceError("a name is required")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ServiceError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    if find_user_by_email(db, address) is not None:
        raise ServiceError(f"there is already an account for {address}")
    user = User(email=address, name=name.strip(), password_hash=hash_password(password), created_at=now)
    db.add(user)
    db.flush()
    return user


def find_user_by_email(db: Session, email: str) -> User | None:
    return db.scalar(select(User).where(User.email == normalise_email(email)))


def authenticate(db: Session, email: str, password: str) -> User | None:
    """The user with this email and password, else None (the caller says only "wrong email or password")."""
    user = find_user_by_email(db, email)
    if user is None or not password_matches(user.password_hash, password):
        return None
    return user


def get_user(db: Session, user_id: int) -> User | None:
    return db.get(User, user_id)


def count_users(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(User)) or 0


def add_member(db: Session, visit_id: int, user: User, role: str = "coordinator") -> None:
    """Let the user see and change the visit (doing it twice is harmless)."""
    if db.get(Membership, (user.id, visit_id)) is None:
        db.add(Membership(user_id=user.id, visit_id=visit_id, role=role))
        db.flush()


def is_member(db: Session, visit_id: int, user: User) -> bool:
    return db.get(Membership, (user.id, visit_id)) is not None
