"""Login throttling: too many failed logins for one address, or from one client, in a short
window and further attempts are refused until the window has passed.

Failures live in the database (not in process memory) so that every web process behind the
proxy refuses the same guesser. The caller passes the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from math import ceil

from sqlalchemy import Select, delete, func, select
from sqlalchemy.orm import Session

from scheduler.db.login_failures import LoginFailure
from scheduler.services.accounts import normalise_email

WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_EMAIL = 5
# Higher than per email: one office's coordinators often share one address behind its proxy.
MAX_FAILURES_PER_ADDRESS = 20


@dataclass(frozen=True)
class LoginRefusal:
    """Why this login is refused for now, and when the coordinator may try again."""

    retry_after: timedelta

    @property
    def minutes(self) -> int:
        return max(1, ceil(self.retry_after.total_seconds() / 60))

    @property
    def message(self) -> str:
        unit = "minute" if self.minutes == 1 else "minutes"
        return (
            "Too many failed logins for this email address or from your network. "
            f"Try again in {self.minutes} {unit}."
        )


def login_refusal(db: Session, email: str, address: str, now: datetime) -> LoginRefusal | None:
    """A refusal when this email or this client address has failed too often lately, else None."""
    since = now - WINDOW
    by_email = _recent_failures(
        db, select(LoginFailure.failed_at).where(LoginFailure.email == normalise_email(email)), since
    )
    by_address = _recent_failures(
        db, select(LoginFailure.failed_at).where(LoginFailure.address == address), since
    )
    blocking = []
    if len(by_email) >= MAX_FAILURES_PER_EMAIL:
        blocking.append(by_email[-MAX_FAILURES_PER_EMAIL])
    if len(by_address) >= MAX_FAILURES_PER_ADDRESS:
        blocking.append(by_address[-MAX_FAILURES_PER_ADDRESS])
    if not blocking:
        return None
    # Free again once the oldest failure that still counts towards the limit leaves the window.
    return LoginRefusal(retry_after=max(blocking) + WINDOW - now)


def record_login_failure(db: Session, email: str, address: str, now: datetime) -> None:
    """Count a failed login against the email and the client address; forget expired failures."""
    db.execute(delete(LoginFailure).where(LoginFailure.failed_at <= now - WINDOW))
    db.add(LoginFailure(email=normalise_email(email)[:320], address=address[:64], failed_at=now))
    db.flush()


def clear_login_failures(db: Session, email: str) -> None:
    """A correct password ends the email's count (the client address keeps its own)."""
    db.execute(delete(LoginFailure).where(LoginFailure.email == normalise_email(email)))
    db.flush()


def count_login_failures(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(LoginFailure)) or 0


def _recent_failures(db: Session, whose: Select[datetime], since: datetime) -> list[datetime]:
    return list(db.scalars(whose.where(LoginFailure.failed_at > since).order_by(LoginFailure.failed_at)))
