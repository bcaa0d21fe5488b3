"""Who each outbox email goes to, beside its address, as the visit knows them now.

The name is looked up when the page is shown, not stored with the email: a person renamed or
removed since shows as they are now (or just by address). A person using services or a carer is
shown as what they are (scheduler.domain.privacy), even to the coordinators, since an address
with a name beside it is all a look over someone's shoulder needs.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler import domain
from scheduler.db.accounts import Membership, User
from scheduler.domain.privacy import KIND_LABELS, is_protected
from scheduler.mail.visit_outbox import OutboxLine, OutboxMessage, list_visit_outbox, outbox_message
from scheduler.services.visits import load_visit


@dataclass(frozen=True)
class NamedLine:
    line: OutboxLine
    who: str  # "Zoe Graham", "Priya Singh, assessor", "a person using services"; "" when unknown


@dataclass(frozen=True)
class NamedMessage:
    message: OutboxMessage
    who: str


def recipient_labels(visit: domain.Visit, members: list[tuple[str, str, str]]) -> dict[str, str]:
    """Lower-cased address -> how the outbox names its owner: people of the visit first, then its
    assessors, then its team members ((email, name, role) each)."""
    labels: dict[str, str] = {}
    for email, name, role in members:
        labels[email.strip().lower()] = f"{name}, {role.replace('_', ' ')}" if name.strip() else ""
    for assessor in visit.assessors:
        labels[assessor.email.strip().lower()] = f"{assessor.name}, assessor"
    for person in visit.people:
        label = f"a {KIND_LABELS[person.kind]}" if is_protected(person) else person.name
        labels[person.email.strip().lower()] = label
    labels.pop("", None)
    return labels


def _labels(db: Session, visit_id: int) -> dict[str, str]:
    query = (
        select(User.email, User.name, Membership.role)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.visit_id == visit_id)
    )
    members = [(str(email), str(name), str(role)) for email, name, role in db.execute(query)]
    return recipient_labels(load_visit(db, visit_id), members)


def named_outbox(db: Session, visit_id: int, state: str | None = None) -> list[NamedLine]:
    """The visit's outbox (scheduler.mail.visit_outbox.list_visit_outbox), each line with its recipient."""
    labels = _labels(db, visit_id)
    return [
        NamedLine(line, labels.get(line.to.lower(), "")) for line in list_visit_outbox(db, visit_id, state)
    ]


def named_message(db: Session, visit_id: int, email_id: int) -> NamedMessage:
    """One email of the visit with its recipient; NotFound for another visit's."""
    message = outbox_message(db, visit_id, email_id)
    return NamedMessage(message, _labels(db, visit_id).get(message.line.to.lower(), ""))
