"""A visit and everything in its file: sites, travel, rooms, assessors, people and sessions.

Each child keeps the visit file's own string id as ``key`` (unique within its visit) and its
place in the file as ``position``, so a visit exported from the database is the file that was
imported. Availability intervals and id lists are JSON columns: they are only ever read and
written whole, together with their owner.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scheduler.db.base import Base, UTCDateTime

# An interval as stored: {"day": "YYYY-MM-DD", "start": "HH:MM", "end": "HH:MM", "level": "yes"}
IntervalJSON = dict[str, str]
# Where a person's or assessor's availability came from: the visit file (or spreadsheet) it was
# imported with, their own answer through their link, or a coordinator's edit.
AVAILABILITY_SOURCES = ("file", "answer", "coordinator")


class VisitRecord(Base):
    __tablename__ = "visits"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    organisation: Mapped[str] = mapped_column(String(300))
    timezone: Mapped[str] = mapped_column(String(64))
    days: Mapped[list[str]] = mapped_column(JSON)
    day_start: Mapped[str] = mapped_column(String(5))
    day_end: Mapped[str] = mapped_column(String(5))
    slot_minutes: Mapped[int] = mapped_column()
    lunch_earliest: Mapped[str] = mapped_column(String(5))
    lunch_latest: Mapped[str] = mapped_column(String(5))
    lunch_minutes: Mapped[int] = mapped_column()
    escort_minutes: Mapped[int] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # After it the availability form refuses answers (migration 0003; set by set_deadline).
    availability_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The meeting link of virtual sessions that have none of their own (migration 0014).
    default_video_link: Mapped[str | None] = mapped_column(Text)
    # App data, not in the visit format (migration 0018): the daily cap of staff without their
    # own, and the themes the coverage page checks the sessions against.
    staff_max_sessions_per_day: Mapped[int | None] = mapped_column()
    coverage_themes: Mapped[list[str] | None] = mapped_column(JSON)
    # A re-plan "from now" leaves alone what starts within this many minutes (migration 0020).
    notice_minutes: Mapped[int] = mapped_column(default=120)

    sites: Mapped[list[SiteRecord]] = relationship(
        back_populates="visit", cascade="all, delete-orphan", order_by="SiteRecord.position"
    )
    travel: Mapped[list[TravelRecord]] = relationship(
        back_populates="visit", cascade="all, delete-orphan", order_by="TravelRecord.position"
    )
    rooms: Mapped[list[RoomRecord]] = relationship(
        back_populates="visit", cascade="all, delete-orphan", order_by="RoomRecord.position"
    )
    assessors: Mapped[list[AssessorRecord]] = relationship(
        back_populates="visit", cascade="all, delete-orphan", order_by="AssessorRecord.position"
    )
    people: Mapped[list[PersonRecord]] = relationship(
        back_populates="visit", cascade="all, delete-orphan", order_by="PersonRecord.position"
    )
    sessions: Mapped[list[SessionRecord]] = relationship(
        back_populates="visit", cascade="all, delete-orphan", order_by="SessionRecord.position"
    )
    teams: Mapped[list[TeamRecord]] = relationship(
        back_populates="visit", cascade="all, delete-orphan", order_by="TeamRecord.position"
    )


class SiteRecord(Base):
    __tablename__ = "sites"
    __table_args__ = (UniqueConstraint("visit_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column()
    name: Mapped[str] = mapped_column(String(300))
    address: Mapped[str] = mapped_column(Text, default="")

    visit: Mapped[VisitRecord] = relationship(back_populates="sites")


class TravelRecord(Base):
    __tablename__ = "travel"
    __table_args__ = (UniqueConstraint("visit_id", "from_site", "to_site"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column()
    from_site: Mapped[str] = mapped_column(String(100))  # site keys, as in the file
    to_site: Mapped[str] = mapped_column(String(100))
    minutes: Mapped[int] = mapped_column()

    visit: Mapped[VisitRecord] = relationship(back_populates="travel")


class RoomRecord(Base):
    __tablename__ = "rooms"
    __table_args__ = (UniqueConstraint("visit_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column()
    name: Mapped[str] = mapped_column(String(300))
    site: Mapped[str] = mapped_column(String(100))  # a site key
    capacity: Mapped[int] = mapped_column()
    features: Mapped[list[str]] = mapped_column(JSON)
    available: Mapped[list[IntervalJSON] | None] = mapped_column(JSON)  # NULL: the whole visit

    visit: Mapped[VisitRecord] = relationship(back_populates="rooms")


class AssessorRecord(Base):
    __tablename__ = "assessors"
    __table_args__ = (UniqueConstraint("visit_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column()
    name: Mapped[str] = mapped_column(String(300))
    email: Mapped[str] = mapped_column(String(320), default="")
    role: Mapped[str] = mapped_column(String(200), default="")
    profile: Mapped[str] = mapped_column(Text, default="")
    available: Mapped[list[IntervalJSON] | None] = mapped_column(JSON)
    available_source: Mapped[str] = mapped_column(String(20), default="file")
    available_set_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # NULL: imported with the visit
    max_sessions_per_day: Mapped[int | None] = mapped_column()
    # When the assessor last wrote their pen profile through their own link; NULL: they have not.
    profile_written_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    visit: Mapped[VisitRecord] = relationship(back_populates="assessors")


class PersonRecord(Base):
    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("visit_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column()
    name: Mapped[str] = mapped_column(String(300))
    email: Mapped[str] = mapped_column(String(320), default="")
    organisation: Mapped[str] = mapped_column(String(300), default="")
    team: Mapped[str] = mapped_column(String(300), default="")
    role: Mapped[str] = mapped_column(String(300), default="")
    kind: Mapped[str] = mapped_column(String(40), default="staff")
    needs: Mapped[list[str]] = mapped_column(JSON)
    can_escort: Mapped[bool] = mapped_column(default=False)
    available: Mapped[list[IntervalJSON] | None] = mapped_column(JSON)
    manager: Mapped[str | None] = mapped_column(String(100))  # a person key (migration 0009)
    supporters: Mapped[list[str] | None] = mapped_column(JSON)  # person keys; NULL: none
    max_sessions_per_day: Mapped[int | None] = mapped_column()
    available_source: Mapped[str] = mapped_column(String(20), default="file")
    available_set_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # NULL: imported with the visit

    visit: Mapped[VisitRecord] = relationship(back_populates="people")


class TeamRecord(Base):
    """A team named by people's `team`, with its limit and whether it is frontline (migration 0009)."""

    __tablename__ = "teams"
    __table_args__ = (UniqueConstraint("visit_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column()
    name: Mapped[str] = mapped_column(String(300))
    max_away: Mapped[int | None] = mapped_column()
    # The limit as a share of the team, in per cent (migration 0018); max_away then holds it as
    # a number of the team's people when last saved, and the planner works it out again.
    max_away_percent: Mapped[int | None] = mapped_column()
    frontline: Mapped[bool] = mapped_column(default=False)

    visit: Mapped[VisitRecord] = relationship(back_populates="teams")


class SessionRecord(Base):
    __tablename__ = "sessions"
    __table_args__ = (UniqueConstraint("visit_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(40))
    minutes: Mapped[int] = mapped_column()
    mode: Mapped[str] = mapped_column(String(20))
    priority: Mapped[str] = mapped_column(String(20))
    required_people: Mapped[list[str]] = mapped_column(JSON)
    invited_people: Mapped[list[str]] = mapped_column(JSON)
    min_attendees: Mapped[int] = mapped_column()
    max_attendees: Mapped[int] = mapped_column()
    assessor_count: Mapped[int] = mapped_column()  # ignored when assessors_all
    assessors_all: Mapped[bool] = mapped_column(default=False)  # the file's "count": "all"
    assessors_from: Mapped[list[str] | None] = mapped_column(JSON)  # NULL: any assessor
    room_features: Mapped[list[str]] = mapped_column(JSON)
    days: Mapped[list[str]] = mapped_column(JSON)
    not_before: Mapped[str | None] = mapped_column(String(5))
    not_after: Mapped[str | None] = mapped_column(String(5))
    after: Mapped[list[str]] = mapped_column(JSON)
    needs_escort: Mapped[bool] = mapped_column(default=True)
    fixed: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # {"day", "start", "room"?, "mode"?}
    video_link: Mapped[str | None] = mapped_column(Text)  # migration 0009
    tags: Mapped[list[str] | None] = mapped_column(JSON)  # app data (migration 0018); NULL: none

    visit: Mapped[VisitRecord] = relationship(back_populates="sessions")


class RemovedSessionRecord(Base):
    """A session taken out of the visit, as it was: invites already sent for it still need its
    title, kind and priority to be cancelled, and calendars must know it is gone, not broken.

    Adding a session with the same id again deletes the row.
    """

    __tablename__ = "removed_sessions"
    __table_args__ = (UniqueConstraint("visit_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(100))
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)  # the session's columns, as in SessionRecord
    removed_at: Mapped[datetime] = mapped_column(UTCDateTime())
