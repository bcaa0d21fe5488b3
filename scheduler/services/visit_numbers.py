"""The visit in numbers for one visit: its plan (the published timetable, else the latest
version), the record of the days on site, and the changes and invites that got it there."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scheduler import domain
from scheduler.db.change_requests import ChangeRequest
from scheduler.db.publishing import InviteLedgerEntry
from scheduler.db.timetables import TimetableVersion
from scheduler.domain.visit_numbers import Activity, VisitNumbers, visit_numbers
from scheduler.errors import NotFound
from scheduler.services.on_the_day import progress_of
from scheduler.services.timetables import get_timetable, published_version, timetable_of
from scheduler.services.visits import load_visit


@dataclass(frozen=True)
class VisitInNumbers:
    visit: domain.Visit
    version: int | None  # the timetable version counted; None: nothing planned yet
    published: bool
    numbers: VisitNumbers


def activity_of(db: Session, visit_id: int) -> Activity:
    def count(query: object) -> int:
        return int(db.scalar(query) or 0)  # type: ignore[call-overload]

    versions = select(func.count()).select_from(TimetableVersion).where(TimetableVersion.visit_id == visit_id)
    requests = select(func.count()).select_from(ChangeRequest).where(ChangeRequest.visit_id == visit_id)
    kinds = dict(
        db.execute(
            select(InviteLedgerEntry.kind, func.count())
            .where(InviteLedgerEntry.visit_id == visit_id)
            .group_by(InviteLedgerEntry.kind)
        ).all()
    )
    return Activity(
        versions=count(versions),
        published_versions=count(versions.where(TimetableVersion.published_at.is_not(None))),
        change_requests=count(requests),
        change_requests_accepted=count(requests.where(ChangeRequest.state == "accepted")),
        invitations=int(kinds.get("new", 0)),
        updates=int(kinds.get("update", 0)),
        cancellations=int(kinds.get("cancel", 0)),
    )


def numbers_of_visit(db: Session, visit_id: int) -> VisitInNumbers:
    visit = load_visit(db, visit_id)
    published = published_version(db, visit_id)
    timetable: domain.Timetable | None
    if published is not None:
        number: int | None = published.number
        timetable = timetable_of(published)
    else:
        try:
            version, timetable = get_timetable(db, visit_id)
            number = version.number
        except NotFound:
            number, timetable = None, None
    numbers = visit_numbers(visit, timetable, progress_of(db, visit_id), activity_of(db, visit_id))
    return VisitInNumbers(visit=visit, version=number, published=published is not None, numbers=numbers)
