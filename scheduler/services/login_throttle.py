"""Login throttling: too many failed logins for one address, or from one client, in a short
window and further attempts are refused until the window has passed.

Failures live in the database (not in process memory) so that every web process behind the
proxy refuses the same guesser. The caller passes the clock.

A login attempt is recorded as a failure *before* its password is checked, in a transaction of
its own that commits at once, and only then are the failures counted (`start_login_attempt`).
Counting first and recording after the slow password check let parallel guesses all read the
same low count: 16 at once got 12 checked against a limit of 5. Recorded first, the n-th
attempt to commit sees at least the n-1 before it, so however many arrive together at most the
limit are checked, on SQLite and PostgreSQL alike, without locks. A refused attempt takes its
row back (waiting out a refusal must end it); a right password clears the email's rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from math import ceil

from sqlalchemy import Select, delete, func, select
from sqlalchemy.orm import Session, sessionmaker

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


def start_login_attempt(
    sessions: sessionmaker[Session], email: str, address: str, now: datetime
) -> LoginRefusal | None:
    """Count this attempt as a failure, then refuse it if too many came before it, else None.

    It runs in a session and transaction of its own (hence the factory, not the request's
    session), because other processes must see the attempt before its password is checked.
    After None, a right password calls `clear_login_failures`; a wrong one leaves the failure.
    """
    with sessions() as db:
        db.execute(delete(LoginFailure).where(LoginFailure.failed_at <= now - WINDOW))
        attempt = LoginFailure(email=normalise_email(email)[:320], address=address[:64], failed_at=now)
        db.add(attempt)
        db.commit()
        refusal = _refusal(db, email, address, now, besides=attempt.id)
        if refusal is not None:
            db.delete(attempt)
            db.commit()
        return refusal


def login_refusal(db: Session, email: str, address: str, now: datetime) -> LoginRefusal | None:
    """A refusal when this email or this client address has failed too often lately, else None."""
    return _refusal(db, email, address, now, besides=None)


def _refusal(
    db: Session, email: str, address: str, now: datetime, besides: int | None
) -> LoginRefusal | None:
    since = now - WINDOW
    others = LoginFailure.id != besides if besides is not None else LoginFailure.id.is_not(None)
    by_email = _recent_failures(
        db,
        select(LoginFailure.failed_at).where(LoginFailure.email == normalise_email(email[:320]), others),
        since,
    )
    by_address = _recent_failures(
        db, select(LoginFailure.failed_at).where(LoginFailure.address == address[:64], others), since
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
