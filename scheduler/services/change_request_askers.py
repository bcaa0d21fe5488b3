"""Who asked for each change request, and why: an assessor through their personal link (with
their note), or a member of the team on the Changes page."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.db.accounts import User
from scheduler.db.availability_requests import AssessorChangeRequest
from scheduler.db.change_requests import ChangeRequest
from scheduler.db.visit_records import visit_from_record
from scheduler.db.visits import VisitRecord


@dataclass(frozen=True)
class Asker:
    name: str  # the assessor's or the member's name; "" when nobody is known
    by_assessor: bool
    note: str = ""


def request_askers(db: Session, visit_id: int) -> dict[int, Asker]:
    """Each of the visit's change requests' asker, by request id."""
    record = db.get(VisitRecord, visit_id)
    assessors = {a.id: a.name for a in visit_from_record(record).assessors} if record else {}
    rows = db.execute(
        select(ChangeRequest.id, User.name, AssessorChangeRequest.assessor_key, AssessorChangeRequest.note)
        .outerjoin(User, User.id == ChangeRequest.created_by)
        .outerjoin(AssessorChangeRequest, AssessorChangeRequest.request_id == ChangeRequest.id)
        .where(ChangeRequest.visit_id == visit_id)
    ).all()
    askers = {}
    for request_id, member_name, assessor_key, note in rows:
        if assessor_key is not None:
            # An assessor removed from the visit since is still named by the id they had.
            askers[request_id] = Asker(assessors.get(assessor_key, assessor_key), True, note or "")
        else:
            askers[request_id] = Asker(member_name or "", False)
    return askers
