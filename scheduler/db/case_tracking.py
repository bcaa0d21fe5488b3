"""Case tracking: the ranked list of people whose care is followed, chosen ones then reserves.

One row per person in the list. ``rank`` orders the whole list (chosen and reserves alike);
``status`` says whether they are chosen, a reserve, or have withdrawn. ``session_key`` is their
case-tracking conversation in the visit, whose priority follows the status.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from scheduler.db.base import Base, UTCDateTime

STATUSES = ("chosen", "reserve", "withdrawn")
CONSENTS = ("yes", "no", "")  # "" : not asked yet
SUPPORT = ("advocate", "interpreter", "carer_present")
SETTINGS = ("at_home", "on_site", "virtual")


class CaseTrackingEntry(Base):
    __tablename__ = "case_tracking_entries"
    __table_args__ = (UniqueConstraint("visit_id", "person_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    person_key: Mapped[str] = mapped_column(String(100))
    rank: Mapped[int] = mapped_column()
    status: Mapped[str] = mapped_column(String(20))  # chosen | reserve | withdrawn
    consent: Mapped[str] = mapped_column(String(10), default="")  # yes | no | ""
    consent_date: Mapped[str | None] = mapped_column(String(10))  # ISO day the answer was recorded
    support: Mapped[list[str]] = mapped_column(JSON)  # advocate | interpreter | carer_present
    setting: Mapped[str] = mapped_column(String(20), default="on_site")  # at_home | on_site | virtual
    session_key: Mapped[str | None] = mapped_column(String(100))
    # At home: where, and the assessors' minutes from the visit's sites to it. Kept here, never in
    # the visit, whose copies are shared: only the coordinators' pages read the address.
    home_address: Mapped[str] = mapped_column(Text, default="")
    home_travel_minutes: Mapped[int | None] = mapped_column()
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
