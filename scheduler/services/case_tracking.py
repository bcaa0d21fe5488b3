"""Case tracking with reserves: a ranked list of chosen people and reserves for each visit.

Each person in the list has their conversation session in the visit (found among the
case-tracking sessions that require them, or added when there is none). The list drives the
sessions: a chosen person's conversation is a `must`, a reserve's is a `reserve`, and when a
chosen person withdraws their conversation (and the case-tracking sessions that follow it, such
as the practitioner conversation about them) leaves the visit and the next reserve who has not
refused consent is promoted, so the next plan holds the promoted conversation instead.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scheduler import domain
from scheduler.db.accounts import User
from scheduler.db.case_tracking import CONSENTS, SETTINGS, SUPPORT, CaseTrackingEntry
from scheduler.domain.clocktime import date_of
from scheduler.domain.home_visits import home_site_id, is_at_home, with_home_visits
from scheduler.errors import NotFound, ServiceError
from scheduler.services.visits import load_visit, update_visit

CASE_TRACKING = "case_tracking"
# The people whose care is tracked; the carers and practitioners in their sessions are not.
TRACKED_KINDS = ("person_using_services", "carer")
SETTING_MODES = {"virtual": "virtual", "on_site": "in_person", "at_home": "in_person"}
AT_HOME = "at_home"
LONGEST_TRAVEL = 240  # minutes each way: further than this is not a visit's day
ADDRESS_LIMIT = 500


@dataclass(frozen=True)
class CaseTrackingRow:
    rank: int  # 1.. in the order shown: chosen, then reserves, then withdrawn
    person: str
    name: str
    status: str
    consent: str
    consent_date: str | None
    support: tuple[str, ...]
    setting: str
    session: str | None
    session_title: str
    priority: str  # the session's priority now, "" when it has no session
    home_address: str = ""  # at home: where (the coordinators' pages only)
    home_travel_minutes: int | None = None  # at home: the assessors' minutes from the visit's sites


@dataclass(frozen=True)
class Withdrawal:
    withdrawn: str  # person key
    promoted: str | None  # the reserve who takes their place, if any
    removed_sessions: tuple[str, ...]
    replan_link: str  # where the coordinator re-plans


def replan_link(visit_id: int) -> str:
    """The plan page (a path of the web app, which the services do not import)."""
    return f"/visits/{visit_id}/plan"


def _entries(db: Session, visit_id: int) -> list[CaseTrackingEntry]:
    query = select(CaseTrackingEntry).where(CaseTrackingEntry.visit_id == visit_id)
    return list(db.scalars(query.order_by(CaseTrackingEntry.rank)))


def _ordered(entries: list[CaseTrackingEntry]) -> list[CaseTrackingEntry]:
    order = {"chosen": 0, "reserve": 1, "withdrawn": 2}
    return sorted(entries, key=lambda e: (order[e.status], e.rank))


def case_tracking_list(db: Session, visit_id: int) -> list[CaseTrackingRow]:
    visit = load_visit(db, visit_id)
    names = {p.id: p.name for p in visit.people}
    sessions = {s.id: s for s in visit.sessions}
    rows = []
    for number, entry in enumerate(_ordered(_entries(db, visit_id)), start=1):
        session = sessions.get(entry.session_key or "")
        rows.append(
            CaseTrackingRow(
                rank=number,
                person=entry.person_key,
                name=names.get(entry.person_key, entry.person_key),
                status=entry.status,
                consent=entry.consent,
                consent_date=entry.consent_date,
                support=tuple(entry.support),
                setting=entry.setting,
                session=session.id if session else None,
                session_title=session.title if session else "",
                priority=session.priority if session else "",
                home_address=entry.home_address,
                home_travel_minutes=entry.home_travel_minutes,
            )
        )
    return rows


def home_addresses(db: Session, visit_id: int) -> dict[str, str]:
    """Session id -> the home's address, for each conversation at home that has one (read only by
    what goes to those who meet there: scheduler.domain.home_visits.hears_home_address)."""
    return {
        entry.session_key: " ".join(entry.home_address.split())
        for entry in _entries(db, visit_id)
        if entry.setting == AT_HOME
        and entry.status != "withdrawn"
        and entry.session_key
        and entry.home_address.strip()
    }


def conversation_of(visit: domain.Visit, person_key: str) -> domain.Session | None:
    """The case-tracking session that requires this person, if there is one."""
    return next(
        (s for s in visit.sessions if s.kind == CASE_TRACKING and person_key in s.required_people), None
    )


def _check(
    consent: str,
    consent_date: str | None,
    support: tuple[str, ...],
    setting: str,
    home_address: str = "",
    home_travel_minutes: int | None = None,
) -> None:
    problems = []
    if setting == AT_HOME and home_travel_minutes is None:
        problems.append(
            "at home needs the assessors' travel time to the home, in minutes, so the plan keeps it free"
        )
    if home_travel_minutes is not None and not 0 <= home_travel_minutes <= LONGEST_TRAVEL:
        problems.append(
            f"the travel time is between 0 and {LONGEST_TRAVEL} minutes, not {home_travel_minutes}"
        )
    if len(home_address) > ADDRESS_LIMIT:
        problems.append(f"the address is {len(home_address)} characters long; at most {ADDRESS_LIMIT} fit")
    if consent not in CONSENTS:
        problems.append(f"consent is yes, no or not asked yet, not '{consent}'")
    if consent_date and date_of(consent_date) is None:
        problems.append(f"the consent date '{consent_date}' is not a day YYYY-MM-DD")
    problems += [
        f"'{s}' is not a kind of support ({', '.join(SUPPORT)})" for s in support if s not in SUPPORT
    ]
    if setting not in SETTINGS:
        problems.append(f"the setting is at home, on site or virtual, not '{setting}'")
    if problems:
        raise ServiceError("the case tracking entry was not saved", problems)


def add_case_tracking_person(
    db: Session,
    actor: User,
    visit_id: int,
    person_key: str,
    *,
    reserve: bool,
    consent: str,
    consent_date: str | None,
    support: tuple[str, ...],
    setting: str,
    now: datetime,
    home_address: str = "",
    home_travel_minutes: int | None = None,
) -> None:
    """Put the person at the end of the chosen ones or of the reserves; their conversation
    session is found (or added) and given the matching priority (and, at home, its home)."""
    _check(consent, consent_date, support, setting, home_address, home_travel_minutes)
    visit = load_visit(db, visit_id)
    person = next((p for p in visit.people if p.id == person_key), None)
    if person is None:
        raise NotFound(f"there is no person {person_key}")
    if any(entry.person_key == person_key for entry in _entries(db, visit_id)):
        raise ServiceError(f"{person.name} is already in the case tracking list")
    session = conversation_of(visit, person_key)
    if session is None:
        session = _new_conversation(visit, person)
        visit = dataclasses.replace(visit, sessions=(*visit.sessions, session))
    last = db.scalar(select(func.max(CaseTrackingEntry.rank)).where(CaseTrackingEntry.visit_id == visit_id))
    entry = CaseTrackingEntry(
        visit_id=visit_id,
        person_key=person_key,
        rank=(last or 0) + 1,
        status="reserve" if reserve else "chosen",
        consent=consent,
        consent_date=consent_date or None,
        support=list(support),
        setting=setting,
        session_key=session.id,
        home_address=home_address.strip() if setting == AT_HOME else "",
        home_travel_minutes=home_travel_minutes if setting == AT_HOME else None,
    )
    db.add(entry)
    db.flush()
    update_visit(db, actor, visit_id, with_case_tracking(visit, _entries(db, visit_id)), now, "case_tracking")


def update_case_tracking_person(
    db: Session,
    actor: User,
    visit_id: int,
    person_key: str,
    *,
    consent: str,
    consent_date: str | None,
    support: tuple[str, ...],
    setting: str,
    now: datetime,
    home_address: str = "",
    home_travel_minutes: int | None = None,
) -> None:
    _check(consent, consent_date, support, setting, home_address, home_travel_minutes)
    entry = _entry(db, visit_id, person_key)
    entry.consent, entry.consent_date = consent, consent_date or None
    entry.support, entry.setting = list(support), setting
    entry.home_address = home_address.strip() if setting == AT_HOME else ""
    entry.home_travel_minutes = home_travel_minutes if setting == AT_HOME else None
    db.flush()
    visit = load_visit(db, visit_id)
    update_visit(db, actor, visit_id, with_case_tracking(visit, _entries(db, visit_id)), now, "case_tracking")


def start_from_sessions(db: Session, actor: User, visit_id: int, now: datetime) -> int:
    """Fill an empty list from the visit's case-tracking sessions: the `must` ones chosen, the
    `reserve` ones in reserve, in the visit's order; returns how many people were added."""
    if _entries(db, visit_id):
        raise ServiceError("the case tracking list is not empty")
    visit = load_visit(db, visit_id)
    kinds = {p.id: p.kind for p in visit.people}
    added = 0
    for session in visit.sessions:
        tracked = [key for key in session.required_people if kinds.get(key) in TRACKED_KINDS]
        if session.kind != CASE_TRACKING or not tracked or session.priority == "should":
            continue
        added += 1
        status = "reserve" if session.priority == "reserve" else "chosen"
        home_minutes = _home_travel_minutes(visit, session)
        setting = "virtual" if session.mode == "virtual" else ("on_site" if home_minutes is None else AT_HOME)
        db.add(
            CaseTrackingEntry(
                visit_id=visit_id,
                person_key=tracked[0],
                rank=added,
                status=status,
                consent="",
                consent_date=None,
                support=["carer_present"] if len(tracked) > 1 else [],
                setting=setting,
                session_key=session.id,
                home_travel_minutes=home_minutes,
            )
        )
    db.flush()
    return added


def _home_travel_minutes(visit: domain.Visit, session: domain.Session) -> int | None:
    """A session already at home in the visit file: the travel minutes its home was given."""
    if not is_at_home(session):
        return None
    home = home_site_id(session.id)
    return max((t.minutes for t in visit.travel if home in (t.from_site, t.to_site)), default=0)


def withdraw(db: Session, actor: User, visit_id: int, person_key: str, now: datetime) -> Withdrawal:
    """The person withdraws: their conversation leaves the visit, the next reserve who has not
    refused consent is promoted to chosen, and the plan page is where the re-plan runs."""
    entry = _entry(db, visit_id, person_key)
    if entry.status == "withdrawn":
        raise ServiceError(f"{person_key} has already withdrawn")
    was_chosen = entry.status == "chosen"
    entry.status = "withdrawn"
    entry.withdrawn_at = now
    promoted = None
    if was_chosen:
        promoted = next(
            (e for e in _entries(db, visit_id) if e.status == "reserve" and e.consent != "no"), None
        )
        if promoted is not None:
            promoted.status = "chosen"
    db.flush()
    visit = load_visit(db, visit_id)
    changed = with_case_tracking(visit, _entries(db, visit_id))
    removed = tuple(s.id for s in visit.sessions if s.id not in {c.id for c in changed.sessions})
    update_visit(db, actor, visit_id, changed, now, "withdraw_case_tracking")
    return Withdrawal(
        withdrawn=person_key,
        promoted=promoted.person_key if promoted else None,
        removed_sessions=removed,
        replan_link=replan_link(visit_id),
    )


def with_case_tracking(visit: domain.Visit, entries: list[CaseTrackingEntry]) -> domain.Visit:
    """The visit with the list applied to its sessions: chosen -> must, reserve -> reserve, the
    setting's mode where it fixes one, and a withdrawn person's conversation removed together
    with the case-tracking sessions that must follow it."""
    by_session = {e.session_key: e for e in entries if e.session_key}
    removed = {e.session_key for e in entries if e.status == "withdrawn" and e.session_key}
    for session in visit.sessions:  # the practitioner conversations about a withdrawn person
        if session.kind == CASE_TRACKING and session.id not in by_session and set(session.after) & removed:
            removed.add(session.id)
    sessions = []
    for session in visit.sessions:
        if session.id in removed:
            continue
        entry = by_session.get(session.id)
        if entry is not None:
            session = dataclasses.replace(
                session,
                priority="must" if entry.status == "chosen" else "reserve",
                mode=SETTING_MODES.get(entry.setting, session.mode),
            )
        after = tuple(a for a in session.after if a not in removed)
        sessions.append(dataclasses.replace(session, after=after))
    # Homes of sessions the list does not hold (given in the visit file) stay as they are.
    homes = {
        s.id: minutes
        for s in sessions
        if s.id not in by_session and (minutes := _home_travel_minutes(visit, s)) is not None
    }
    homes |= {
        e.session_key: e.home_travel_minutes or 0
        for e in entries
        if e.setting == AT_HOME and e.status != "withdrawn" and e.session_key and e.session_key not in removed
    }
    return with_home_visits(dataclasses.replace(visit, sessions=tuple(sessions)), homes)


def _entry(db: Session, visit_id: int, person_key: str) -> CaseTrackingEntry:
    entry = next((e for e in _entries(db, visit_id) if e.person_key == person_key), None)
    if entry is None:
        raise NotFound(f"{person_key} is not in the case tracking list")
    return entry


def _new_conversation(visit: domain.Visit, person: domain.Person) -> domain.Session:
    """A conversation session for the person, numbered, never named after them: a title and an id
    travel to exports, invites and escorts' run-sheets, where the person must not be named."""
    taken_ids = {s.id for s in visit.sessions}
    taken_titles = {s.title for s in visit.sessions}
    number = 1 + sum(1 for s in visit.sessions if s.kind == CASE_TRACKING)
    while f"ct-{number}" in taken_ids or _conversation_title(number) in taken_titles:
        number += 1
    return domain.Session(
        id=f"ct-{number}",
        title=_conversation_title(number),
        kind=CASE_TRACKING,
        minutes=60,
        mode="either",
        required_people=(person.id,),
        min_attendees=1,
        max_attendees=1,
    )


def _conversation_title(number: int) -> str:
    return f"Case tracking: conversation {number}"
