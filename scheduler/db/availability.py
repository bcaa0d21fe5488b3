"""Personal availability links and the answers given through them.

A link belongs to one person or assessor of a visit (``who_kind`` + the visit file's ``key``).
Only the SHA-256 hash of its token is stored, so a copy of the database opens no form.
An answer is one row per person or assessor, replaced whole by each save; ``submitted_at``
orders saves so that an older save arriving late never overwrites a newer one.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from scheduler.db.base import Base, UTCDateTime

WHO_KINDS = ("person", "assessor")
# Cell levels as stored in an answer: the visit format's "yes" / "if_needed", plus "no".
CELL_LEVELS = ("yes", "if_needed", "no")


class AvailabilityLink(Base):
    __tablename__ = "availability_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    who_kind: Mapped[str] = mapped_column(String(20))  # person | assessor
    key: Mapped[str] = mapped_column(String(100))  # the person's or assessor's id in the visit file
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # hex SHA-256 of the token
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked: Mapped[bool] = mapped_column(default=False)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class AvailabilityAnswer(Base):
    __tablename__ = "availability_answers"
    __table_args__ = (UniqueConstraint("visit_id", "who_kind", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    who_kind: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(100))
    # {"YYYY-MM-DD HH:MM": "yes" | "if_needed" | "no"} for every slot of the visit
    cells: Mapped[dict[str, str]] = mapped_column(JSON)
    needs: Mapped[list[str]] = mapped_column(JSON)  # step_free, hearing_loop, interpreter
    can_escort: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    saves: Mapped[int] = mapped_column(default=1)  # how many saves this row has absorbed
