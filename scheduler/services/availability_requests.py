"""Asking people and assessors for their availability: the deadline, the requests, who has
answered, and reminders to those who have not.

Every email goes through the outbox (`queue_email`), so it leaves only after the request that
queued it commits, and each one sent is noted in ``availability_requests``. A personal link's
token is stored only as a hash, so it cannot be mailed twice: a reminder carries a fresh link,
which supersedes the earlier one (its page says it no longer works and to use the newest
email). The web layer passes `link_url`, which turns a token into the absolute address of the
form, because the services know nothing of the web app's routes.

"Answered" means an answer came through the form, or the availability list is already filled
in (from the visit file or a spreadsheet), the same test the planner and readiness page use.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler import domain
from scheduler.db.accounts import User
from scheduler.db.availability import AvailabilityAnswer
from scheduler.db.availability_requests import AvailabilityRequest
from scheduler.db.visits import VisitRecord
from scheduler.domain.clocktime import date_of, day_label, is_clock
from scheduler.errors import NotFound, ServiceError
from scheduler.mail import queue_email
from scheduler.services.audit import record_audit
from scheduler.services.availability_links import has_live_link, issue_link, link_expiry
from scheduler.services.pen_profiles import PEN_PROFILE_SUFFIX
from scheduler.services.unanswered import unanswered_treatment
from scheduler.services.visits import load_visit

LinkUrl = Callable[[str], str]  # token -> the absolute address of a page behind the personal link


@dataclass(frozen=True)
class Asked:
    """One person or assessor, and where asking them has got to."""

    who_kind: str  # person | assessor
    key: str
    name: str
    email: str
    asked_at: datetime | None  # the first request
    reminders: int
    last_reminded_at: datetime | None
    answered: bool
    answered_at: datetime | None  # None when answered by the visit's own availability list
    # A coordinator has since replaced their answer (having seen it and confirmed).
    replaced_at: datetime | None = None


@dataclass(frozen=True)
class AskingStatus:
    deadline: datetime | None
    timezone: str
    unanswered_as: str
    everyone: tuple[Asked, ...]

    @property
    def answered(self) -> tuple[Asked, ...]:
        return tuple(a for a in self.everyone if a.answered)

    @property
    def waiting(self) -> tuple[Asked, ...]:
        return tuple(a for a in self.everyone if not a.answered)


@dataclass(frozen=True)
class Sent:
    """Who an action emailed, by name, and who it could not because they have no address."""

    emailed: tuple[str, ...]
    without_email: tuple[str, ...] = ()


# ---- settings ---------------------------------------------------------------------------------


def _record(db: Session, visit_id: int) -> VisitRecord:
    record = db.get(VisitRecord, visit_id)
    if record is None:
        raise NotFound(f"there is no visit {visit_id}")
    return record


def deadline_from_local(timezone: str, day: str, clock: str) -> datetime:
    """A wall-clock day and time in the visit's zone, as the aware UTC time it stands for."""
    if date_of(day) is None or not is_clock(clock) or clock == "24:00":
        raise ServiceError(f"the deadline '{day} {clock}' is not a day YYYY-MM-DD and a time HH:MM")
    local = datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=ZoneInfo(timezone))
    return local.astimezone(UTC)


def local_deadline(timezone: str, deadline: datetime | None) -> str:
    """'Tue 3 Mar 17:00 (Europe/London)', or '' without a deadline."""
    if deadline is None:
        return ""
    local = deadline.astimezone(ZoneInfo(timezone))
    return f"{day_label(local.date().isoformat())} {local:%H:%M} ({timezone})"


def local_parts(timezone: str, deadline: datetime) -> tuple[str, str]:
    """The deadline's day and "HH:MM" in the visit's zone, for the form."""
    local = deadline.astimezone(ZoneInfo(timezone))
    return local.date().isoformat(), f"{local:%H:%M}"


def set_deadline(db: Session, actor: User, visit_id: int, deadline: datetime | None, now: datetime) -> None:
    """After the deadline the form refuses answers; None: no deadline."""
    record = _record(db, visit_id)
    if deadline is not None and deadline.tzinfo is None:
        raise ServiceError("the deadline needs its time zone")
    record.availability_deadline = deadline
    detail = local_deadline(record.timezone, deadline) or "no deadline"
    record_audit(db, visit_id, actor, "set_availability_deadline", detail, now)
    db.flush()


# ---- who has answered -------------------------------------------------------------------------


def asking_status(db: Session, visit_id: int) -> AskingStatus:
    record = _record(db, visit_id)
    visit = load_visit(db, visit_id)
    answers = {
        (a.who_kind, a.key): a.submitted_at
        for a in db.scalars(select(AvailabilityAnswer).where(AvailabilityAnswer.visit_id == visit_id))
    }
    sent: dict[tuple[str, str], list[AvailabilityRequest]] = {}
    for row in db.scalars(
        select(AvailabilityRequest)
        .where(AvailabilityRequest.visit_id == visit_id)
        .order_by(AvailabilityRequest.sent_at, AvailabilityRequest.id)
    ):
        sent.setdefault((row.who_kind, row.key), []).append(row)
    replaced = {
        (who_kind, row.key): row.available_set_at
        for who_kind, rows in (("person", record.people), ("assessor", record.assessors))
        for row in rows
        if row.available_source == "coordinator" and (who_kind, row.key) in answers
    }
    everyone = []
    for who_kind, key, name, email, available in _everyone(visit):
        rows = sent.get((who_kind, key), [])
        requests = [r for r in rows if r.kind == "request"]
        reminders = [r for r in rows if r.kind == "reminder"]
        answered_at = answers.get((who_kind, key))
        everyone.append(
            Asked(
                who_kind=who_kind,
                key=key,
                name=name,
                email=email,
                asked_at=requests[0].sent_at if requests else None,
                reminders=len(reminders),
                last_reminded_at=reminders[-1].sent_at if reminders else None,
                answered=answered_at is not None or available is not None,
                answered_at=answered_at,
                replaced_at=replaced.get((who_kind, key)),
            )
        )
    return AskingStatus(
        deadline=record.availability_deadline,
        timezone=record.timezone,
        unanswered_as=unanswered_treatment(db, visit_id),
        everyone=tuple(everyone),
    )


def _everyone(
    visit: domain.Visit,
) -> list[tuple[str, str, str, str, tuple[domain.Interval, ...] | None]]:
    people = [("person", p.id, p.name, p.email, p.available) for p in visit.people]
    return people + [("assessor", a.id, a.name, a.email, a.available) for a in visit.assessors]


# ---- sending ----------------------------------------------------------------------------------


def send_requests(
    db: Session,
    actor: User,
    visit_id: int,
    link_url: LinkUrl,
    now: datetime,
    request_url: LinkUrl | None = None,
) -> Sent:
    """Give everyone with an email address and no personal link yet a link, and email it."""
    visit = load_visit(db, visit_id)
    record = _still_to_come(db, visit_id, now)
    emailed, without = [], []
    for who_kind, key, name, email, _available in _everyone(visit):
        if has_live_link(db, visit_id, who_kind, key, now):
            continue
        if not email.strip():
            without.append(name)
            continue
        _ask(db, actor, visit, record, (who_kind, key, name, email), "request", (link_url, request_url), now)
        emailed.append(name)
    record_audit(db, visit_id, actor, "send_availability_requests", f"{len(emailed)} requests queued", now)
    db.flush()
    return Sent(tuple(emailed), tuple(without))


def send_reminders(
    db: Session,
    actor: User,
    visit_id: int,
    link_url: LinkUrl,
    now: datetime,
    request_url: LinkUrl | None = None,
) -> Sent:
    """Remind everyone who was asked and has not answered; never anyone who has."""
    visit = load_visit(db, visit_id)
    record = _still_to_come(db, visit_id, now)
    emailed = []
    for asked in asking_status(db, visit_id).waiting:
        if asked.asked_at is None or not asked.email.strip():
            continue
        whom = (asked.who_kind, asked.key, asked.name, asked.email)
        _ask(db, actor, visit, record, whom, "reminder", (link_url, request_url), now)
        emailed.append(asked.name)
    record_audit(db, visit_id, actor, "send_availability_reminders", f"{len(emailed)} reminders queued", now)
    db.flush()
    return Sent(tuple(emailed))


def _still_to_come(db: Session, visit_id: int, now: datetime) -> VisitRecord:
    """The visit, unless it is over: its links would no longer open, so nobody is asked."""
    record = _record(db, visit_id)
    if link_expiry(record) <= now:
        raise ServiceError("the visit is over, so nobody is asked for their availability any more")
    return record


def _ask(
    db: Session,
    actor: User,
    visit: domain.Visit,
    record: VisitRecord,
    whom: tuple[str, str, str, str],  # who_kind, key, name, email
    kind: str,
    urls: tuple[LinkUrl, LinkUrl | None],  # the form; an assessor's request page
    now: datetime,
) -> None:
    who_kind, key, name, email = whom
    token = issue_link(db, actor, record.id, who_kind, key, now)
    link_url, request_url = urls
    ask_url = request_url(token) if request_url is not None and who_kind == "assessor" else None
    subject, text, body = request_email(visit, record, name, kind, link_url(token), ask_url)
    queue_email(db, email, subject, text, body, now=now, visit_id=record.id)
    db.add(
        AvailabilityRequest(
            visit_id=record.id, who_kind=who_kind, key=key, email=email, kind=kind, sent_at=now
        )
    )


def request_email(
    visit: domain.Visit, record: VisitRecord, name: str, kind: str, url: str, ask_url: str | None
) -> tuple[str, str, str]:
    """The subject, plain text and HTML of a request or reminder; `ask_url`, for an assessor,
    is their page to ask for a new session or a change to one."""
    deadline = local_deadline(record.timezone, record.availability_deadline)
    days = ", ".join(day_label(day) for day in visit.days)
    subject = f"{'Reminder: w' if kind == 'reminder' else 'W'}hen are you free for {visit.name}?"
    subject = " ".join(subject.split())  # one header line whatever the visit's name holds
    lines = [
        f"Dear {name},",
        "",
        f"{visit.organisation} is planning the on-site days of '{visit.name}' ({days}).",
        "Please tell us when you are free, on your personal link (no account or password needed):",
        "",
        url,
        "",
    ]
    if kind == "reminder":
        lines.insert(2, "We have not yet heard from you, so here is your link again.")
    profile_url = None
    if ask_url is not None:
        lines += ["To ask for a new session, or a change to one:", "", ask_url, ""]
        # The pen profile page hangs off the same personal link (web: assessor_requests.pen_profile).
        profile_url = f"{url}{PEN_PROFILE_SUFFIX}"
        lines += ["To write or update your pen profile, which attendees read before they meet you:", ""]
        lines += [profile_url, ""]
    if deadline:
        lines.append(f"Please answer by {deadline}. You can change your answer until then.")
    lines += ["", "Thank you."]
    text = "\n".join(lines)
    paragraphs = "".join(
        f'<p><a href="{html.escape(line)}">{html.escape(line)}</a></p>'
        if line in (url, ask_url, profile_url)
        else f"<p>{html.escape(line)}</p>"
        for line in lines
        if line
    )
    return subject, text, f"<html><body>{paragraphs}</body></html>"
