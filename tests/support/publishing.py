"""Helpers for the publishing tests: a stored small visit with the planted timetable, publishing
it through a real SMTP server on loopback, and reading the invites that arrived."""

from __future__ import annotations

import dataclasses
import subprocess
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import icalendar
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from scheduler import domain
from scheduler.db.publishing import InviteLedgerEntry
from scheduler.domain.credentials import hash_token
from scheduler.files.timetable_file import load_timetable
from scheduler.invites.ledger import answer_rsvp
from scheduler.invites.publishing import SentPublication, send_publication
from scheduler.mail import deliver_outbox
from scheduler.services.timetables import get_timetable, save_version
from tests.support.smtp_catcher import Received
from tests.support.store import NOW, SHARED, SMALL, add_user, add_visit, open_store

PLANTED = SHARED / "examples" / "small.planted.json"
ICS_CHECK = SHARED / "tools" / "ics_check"


def rsvp_url(token: str, answer: str) -> str:
    return f"http://fieldwork.test/rsvp/{token}/{answer}"


@dataclass
class Store:
    factory: sessionmaker[Session]
    visit_id: int

    def publish(self, smtp_url: str, number: int | None = None, when: datetime = NOW) -> SentPublication:
        with self.factory() as db:
            sent = send_publication(db, None, self.visit_id, number, when, rsvp_url)
            db.commit()
        while deliver_outbox(self.factory, smtp_url, when).sent:
            pass
        return sent

    def timetable(self, number: int | None = None) -> domain.Timetable:
        with self.factory() as db:
            return get_timetable(db, self.visit_id, number)[1]

    def save(self, timetable: domain.Timetable) -> int:
        with self.factory() as db:
            number = save_version(db, None, self.visit_id, timetable, NOW)
            db.commit()
            return number


def small_store(tmp_path: Path) -> Store:
    factory = open_store(tmp_path)
    with factory() as db:
        user = add_user(db)
        visit_id = add_visit(db, user, SMALL)
        save_version(db, user, visit_id, load_timetable(PLANTED), NOW)
        db.commit()
    return Store(factory, visit_id)


def later(minutes: int) -> datetime:
    return NOW + timedelta(minutes=minutes)


def moved(timetable: domain.Timetable, session: str, **changes: object) -> domain.Timetable:
    return dataclasses.replace(
        timetable,
        assignments=tuple(
            dataclasses.replace(a, **changes) if a.session == session else a  # type: ignore[arg-type]
            for a in timetable.assignments
        ),
    )


def dropped(timetable: domain.Timetable, session: str) -> domain.Timetable:
    return dataclasses.replace(
        timetable, assignments=tuple(a for a in timetable.assignments if a.session != session)
    )


# ---- reading what arrived --------------------------------------------------------------------------


@dataclass(frozen=True)
class Invite:
    to: str
    method: str  # the METHOD of the calendar part
    uid: str
    sequence: int
    status: str | None
    summary: str
    attendees: tuple[str, ...]
    ics: bytes
    raw: bytes


def calendar_parts(message: Received) -> tuple[list[tuple[str, bytes]], list[bytes]]:
    """(method param, bytes) of each inline calendar alternative, and the bytes of each .ics attachment."""
    inline: list[tuple[str, bytes]] = []
    attached: list[bytes] = []
    for part in message.message.walk():
        if part.get_content_type() != "text/calendar":
            continue
        data = part.get_payload(decode=True)
        assert isinstance(data, bytes)
        if part.get_filename():
            attached.append(data)
        else:
            inline.append((str(part.get_param("method")), data))
    return inline, attached


def invite_of(message: Received) -> Invite:
    inline, attached = calendar_parts(message)
    assert len(inline) == 1 and attached == [inline[0][1]], "one calendar part and the same .ics attached"
    method, data = inline[0]
    calendar = icalendar.Calendar.from_ical(data)
    events = [c for c in calendar.walk("VEVENT")]
    assert len(events) == 1, "one VEVENT per iTIP message"
    event = events[0]
    assert str(calendar["METHOD"]) == method
    attendees = event.get("ATTENDEE", [])
    if not isinstance(attendees, list):
        attendees = [attendees]
    return Invite(
        to=message.recipients[0],
        method=method,
        uid=str(event["UID"]),
        sequence=int(event.get("SEQUENCE", 0)),
        status=str(event["STATUS"]) if "STATUS" in event else None,
        summary=str(event["SUMMARY"]),
        attendees=tuple(str(a).removeprefix("mailto:") for a in attendees),
        ics=data,
        raw=message.message.as_bytes(),
    )


def counts_by_person(invites: list[Invite]) -> dict[str, Counter[str]]:
    table: dict[str, Counter[str]] = {}
    for invite in invites:
        table.setdefault(invite.to, Counter())[invite.method] += 1
    return table


def ics_check(files: list[Path], *extra: str) -> str:
    """Run the independent checker on the files; skip when it is not installed; fail on FAIL."""
    if not ICS_CHECK.is_file():
        pytest.skip("ics_check is not installed (run /work/shared/tools/ics_check_setup.sh)")
    done = subprocess.run(
        [str(ICS_CHECK), "--problems-only", *extra, *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode == 2:
        pytest.skip(f"ics_check could not run: {done.stderr.strip() or done.stdout.strip()}")
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def write_all(invites: list[Invite], folder: Path, suffix: str = "ics") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, invite in enumerate(invites):
        path = folder / f"{number:03d}.{suffix}"
        path.write_bytes(invite.ics if suffix == "ics" else invite.raw)
        paths.append(path)
    return paths


class RsvpLinks:
    """The RSVP links the invites carried, by token, so a test can press one as the person would."""

    def __init__(self) -> None:
        self.tokens: dict[str, str] = {}

    def __call__(self, token: str, answer: str) -> str:
        self.tokens[hash_token(token)] = token
        return f"http://fieldwork.test/rsvp/{token}/{answer}"

    def decline(self, db: Session, visit_id: int, session: str, person: str) -> None:
        row = db.scalar(
            select(InviteLedgerEntry)
            .where(
                InviteLedgerEntry.visit_id == visit_id,
                InviteLedgerEntry.session == session,
                InviteLedgerEntry.recipient_key == person,
                InviteLedgerEntry.event == "session",
            )
            .order_by(InviteLedgerEntry.id.desc())
        )
        assert row is not None and row.rsvp_token_hash is not None
        assert answer_rsvp(db, self.tokens[row.rsvp_token_hash], "decline", NOW) is not None


def description_of(invite: Invite) -> str:
    """The DESCRIPTION of the invite's one VEVENT, unfolded and unescaped."""
    event = next(iter(icalendar.Calendar.from_ical(invite.ics).walk("VEVENT")))
    return str(event["DESCRIPTION"])


def location_of(invite: Invite) -> str:
    event = next(iter(icalendar.Calendar.from_ical(invite.ics).walk("VEVENT")))
    return str(event["LOCATION"])
