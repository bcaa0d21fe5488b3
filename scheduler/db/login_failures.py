"""Failed logins, kept for a short while so that every process refuses the same guessing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from scheduler.db.base import Base, UTCDateTime


class LoginFailure(Base):
    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The address as typed (lower-cased), whether or not an account has it: throttling must not
    # tell a guesser which addresses exist.
    email: Mapped[str] = mapped_column(String(320))
    address: Mapped[str] = mapped_column(String(64))  # the client's IP address
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (
        Index("ix_login_failures_email_failed_at", "email", "failed_at"),
        Index("ix_login_failures_address_failed_at", "address", "failed_at"),
    )
