"""Replies from calendar apps reach the invite ledger: Accept, Decline and Tentative sent as
iMIP REPLY the way Outlook, Google Calendar and Thunderbird send them, over real SMTP (smtplib)
to the inbound endpoint on loopback. A counter-proposal is kept, not applied; a reply from
someone else, for an unknown event, to an outdated invite, or unreadable changes nothing."""

from __future__ import annotations

import dataclasses
import os
import signal
import smtplib
import subprocess
import sys
from collections.abc import Iterator
from email.message import EmailMessage
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

import pytest
from sqlalchemy import select

from scheduler.db.calendar_replies import CalendarReply
from scheduler.db.engine import make_engine, make_session_factory, upgrade_database
from scheduler.db.publishing import InviteLedgerEntry
from scheduler.files.timetable_file import load_timetable
from scheduler.invites.inbound import reply_endpoint
from scheduler.invites.ledger import declines_by_session
from scheduler.invites.publishing import send_publication
from scheduler.invites.replies import counter_proposals
from scheduler.services.timetables import save_version
from scheduler.settings import Settings
from tests.support.databases import use_fresh_database
from tests.support.publishing import PLANTED, Invite, Store, invite_of, later, small_store
from tests.support.smtp_catcher import SmtpCatcher, free_port
from tests.support.store import NOW, SMALL, add_user, add_visit

COORDINATOR = "coordinator@example.org"
BERNADETTE = ("Bernadette Ward", "bernadette.ward@westmere.gov.example")  # in s4, the focus group
ELEANOR = ("Eleanor King", "eleanor.king@westmere.gov.example")  # in s4 too
RYAN = ("Ryan Parker", "ryan.parker@nhs-westmere-integrated-care-board.example")  # in s3
PRIYA = ("Priya Singh", "priya.singh@inspectorate.example")  # s4's assessor


@pytest.fixture
def published(tmp_path: Path, smtp_server: SmtpCatcher) -> tuple[Store, list[Invite]]:
    store = small_store(tmp_path)
    store.publish(smtp_server.url)
    return store, [invite_of(m) for m in smtp_server.messages]


@pytest.fixture
def endpoint(published: tuple[Store, list[Invite]]) -> Iterator[int]:
    port = free_port()
    controller = reply_endpoint(published[0].factory, lambda: later(60), "127.0.0.1", port)
    controller.start()
    yield port
    controller.stop()


def _invite_to(invites: list[Invite], email: str, summary_start: str) -> Invite:
    return next(i for i in invites if i.to == email and i.summary.startswith(summary_start))


def _reply_ics(
    invite: Invite,
    who: tuple[str, str],
    partstat: str,
    *,
    prodid: str,
    method: str = "REPLY",
    sequence: int | None = None,
    start: str = "20260310T100000",
    end: str = "20260310T110000",
    comment: str = "",
) -> bytes:
    lines = [
        "BEGIN:VCALENDAR",
        f"PRODID:{prodid}",
        "VERSION:2.0",
        f"METHOD:{method}",
        "BEGIN:VEVENT",
        f'ORGANIZER;CN="Visit coordinator":mailto:{COORDINATOR}',
        f'ATTENDEE;PARTSTAT={partstat};CN="{who[0]}":mailto:{who[1]}',
        f"UID:{invite.uid}",
        f"SEQUENCE:{invite.sequence if sequence is None else sequence}",
        "DTSTAMP:20260301T103000Z",
        f"DTSTART;TZID=Europe/London:{start}",
        f"DTEND;TZID=Europe/London:{end}",
        f"SUMMARY:{invite.summary}",
        *([f"COMMENT:{comment}"] if comment else []),
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
    return "\r\n".join(lines).encode()


def outlook_reply(invite: Invite, who: tuple[str, str], partstat: str, **options: object) -> bytes:
    """Outlook: multipart/alternative, a short text and the calendar (base64), 'Accepted: title'."""
    words = {"ACCEPTED": "Accepted", "DECLINED": "Declined", "TENTATIVE": "Tentative"}
    method = str(options.get("method", "REPLY"))
    subject = "New Time Proposed" if method == "COUNTER" else words[partstat]
    message = MIMEMultipart("alternative")
    message["From"] = f"{who[0]} <{who[1]}>"
    message["To"] = f"Visit coordinator <{COORDINATOR}>"
    message["Subject"] = f"{subject}: {invite.summary}"
    message["Thread-Topic"] = invite.summary
    message.attach(MIMEText(str(options.get("comment", "")) or "", "plain", "utf-8"))
    ics = _reply_ics(invite, who, partstat, prodid="Microsoft Exchange Server 2010", **options)  # type: ignore[arg-type]
    part = MIMEText(ics.decode(), "calendar", "utf-8")
    part.set_param("method", method)
    message.attach(part)
    return message.as_bytes()


def google_reply(invite: Invite, who: tuple[str, str], partstat: str) -> bytes:
    """Google Calendar: mixed with an alternative (text, HTML, calendar) and invite.ics attached."""
    words = {"ACCEPTED": "Accepted", "DECLINED": "Declined", "TENTATIVE": "Tentatively Accepted"}
    ics = _reply_ics(invite, who, partstat, prodid="-//Google Inc//Google Calendar 70.9054//EN")
    message = MIMEMultipart("mixed")
    message["From"] = f'"{who[0]}" <{who[1]}>'
    message["To"] = COORDINATOR
    message["Subject"] = f"{words[partstat]}: {invite.summary} @ Tue 10 Mar 2026 10am - 11am (GMT) ({who[1]})"
    alternative = MIMEMultipart("alternative")
    alternative.attach(MIMEText(f"{who[0]} has {words[partstat].lower()} this invitation.", "plain", "utf-8"))
    alternative.attach(MIMEText(f"<p>{who[0]} has {words[partstat].lower()} this invitation.</p>", "html"))
    inline = MIMEText(ics.decode(), "calendar", "utf-8")
    inline.set_param("method", "REPLY")
    alternative.attach(inline)
    message.attach(alternative)
    attached = MIMEApplication(ics, "ics", name="invite.ics")
    attached.add_header("Content-Disposition", "attachment", filename="invite.ics")
    message.attach(attached)
    return message.as_bytes()


def thunderbird_reply(invite: Invite, who: tuple[str, str], partstat: str) -> bytes:
    """Thunderbird: mixed, a text part, the calendar inline (method=REPLY) and as invite.ics."""
    words = {"ACCEPTED": "Accepted", "DECLINED": "Declined", "TENTATIVE": "Tentative"}
    ics = _reply_ics(invite, who, partstat, prodid="-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN")
    message = EmailMessage()
    message["From"] = f"{who[0]} <{who[1]}>"
    message["To"] = COORDINATOR
    message["Subject"] = f"{words[partstat]}: {invite.summary}"
    message.set_content(f"{who[0]} has {words[partstat].lower()} your event invitation.")
    message.add_attachment(ics, maintype="text", subtype="calendar", params={"method": "REPLY"})
    message.add_attachment(ics, maintype="application", subtype="ics", filename="invite.ics")
    return message.as_bytes()


def send(port: int, raw: bytes, sender: str) -> None:
    """Over SMTP as a mail server would relay it: CRLF line ends (smtplib leaves bytes as they are)."""
    wire = raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        client.sendmail(sender, [COORDINATOR], wire)


def answers(store: Store) -> dict[tuple[str, str], str]:
    """(recipient name, session) -> the RSVP of the latest invite they were sent."""
    with store.factory() as db:
        rows = db.scalars(select(InviteLedgerEntry).order_by(InviteLedgerEntry.id))
        return {(r.recipient_name, r.session): r.rsvp for r in rows}


def kept(store: Store) -> list[CalendarReply]:
    with store.factory() as db:
        return list(db.scalars(select(CalendarReply).order_by(CalendarReply.id)))


def test_accept_decline_and_tentative_from_outlook_google_and_thunderbird_reach_the_ledger(
    published: tuple[Store, list[Invite]], endpoint: int
):
    store, invites = published
    focus = _invite_to(invites, BERNADETTE[1], "Focus group")
    send(endpoint, outlook_reply(focus, BERNADETTE, "ACCEPTED"), BERNADETTE[1])
    send(
        endpoint,
        google_reply(_invite_to(invites, ELEANOR[1], "Focus group"), ELEANOR, "DECLINED"),
        ELEANOR[1],
    )
    send(endpoint, thunderbird_reply(_invite_to(invites, RYAN[1], "Meeting"), RYAN, "TENTATIVE"), RYAN[1])

    got = answers(store)
    assert got[("Bernadette Ward", "s4")] == "accepted"
    assert got[("Eleanor King", "s4")] == "declined"
    assert got[("Ryan Parker", "s3")] == "tentative"
    assert got[("Priya Singh", "s4")] == ""  # nobody answered for the assessor
    with store.factory() as db:
        assert declines_by_session(db, store.visit_id) == {"s4": ["Eleanor King"]}
    assert [r.outcome for r in kept(store)] == ["recorded"] * 3
    assert kept(store)[0].subject.startswith("Accepted: Focus group")


def test_a_counter_proposal_is_kept_and_shown_but_not_applied(
    published: tuple[Store, list[Invite]], endpoint: int
):
    store, invites = published
    focus = _invite_to(invites, BERNADETTE[1], "Focus group")
    before = store.timetable()
    raw = outlook_reply(
        focus,
        BERNADETTE,
        "TENTATIVE",
        method="COUNTER",
        start="20260310T140000",
        end="20260310T150000",
        comment="Could we meet after lunch? I am on the ward until 13:00.",
    )
    send(endpoint, raw, BERNADETTE[1])

    with store.factory() as db:
        (proposal,) = counter_proposals(db, store.visit_id)
    assert (proposal.name, proposal.session, proposal.proposed) == (
        "Bernadette Ward",
        "s4",
        "2026-03-10 14:00 to 2026-03-10 15:00",
    )
    assert "after lunch" in proposal.comment
    assert store.timetable() == before
    assert answers(store)[("Bernadette Ward", "s4")] == ""


def test_replies_that_cannot_be_trusted_or_read_change_nothing_and_are_kept_with_the_reason(
    published: tuple[Store, list[Invite]], endpoint: int
):
    store, invites = published
    focus = _invite_to(invites, BERNADETTE[1], "Focus group")
    # Someone else answering for Bernadette.
    forged = outlook_reply(focus, BERNADETTE, "DECLINED").replace(
        f"From: {BERNADETTE[0]} <{BERNADETTE[1]}>".encode(), b"From: Kieran Gill <kieran.gill@example.com>"
    )
    send(endpoint, forged, "kieran.gill@example.com")
    # Ryan answering for an event he was never sent (the focus group).
    send(endpoint, outlook_reply(focus, RYAN, "DECLINED"), RYAN[1])
    # An event Fieldwork never sent.
    unknown = outlook_reply(dataclasses.replace(focus, uid="not-ours@example.com"), BERNADETTE, "DECLINED")
    send(endpoint, unknown, BERNADETTE[1])
    # A calendar part that is not iCalendar at all, and a plain email.
    broken = MIMEMultipart("alternative")
    broken["From"], broken["Subject"] = BERNADETTE[1], "Declined: Focus group"
    garbage = MIMEText(
        "BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nthis is not a property\r\n", "calendar"
    )
    broken.attach(garbage)
    send(endpoint, broken.as_bytes(), BERNADETTE[1])
    plain = EmailMessage()
    plain["From"], plain["Subject"] = BERNADETTE[1], "Re: Focus group"
    plain.set_content("I will be there.")
    send(endpoint, plain.as_bytes(), BERNADETTE[1])

    assert answers(store)[("Bernadette Ward", "s4")] == ""
    assert all(answer == "" for answer in answers(store).values())
    reasons = [(r.outcome, r.detail) for r in kept(store)]
    assert [outcome for outcome, _ in reasons] == ["ignored"] * 5
    assert "kieran.gill@example.com is not the attendee" in reasons[0][1]
    assert "was never sent this event" in reasons[1][1]
    assert "no invite was sent with the event UID 'not-ours@example.com'" in reasons[2][1]
    assert "not a calendar reply" in reasons[3][1] and "not a calendar reply" in reasons[4][1]


def test_an_answer_to_an_outdated_invite_changes_nothing(
    published: tuple[Store, list[Invite]], endpoint: int
):
    store, invites = published
    focus = _invite_to(invites, BERNADETTE[1], "Focus group")
    with store.factory() as db:  # as if the focus group had since been moved and re-sent
        for row in db.scalars(select(InviteLedgerEntry).where(InviteLedgerEntry.uid == focus.uid)):
            row.sequence = 1
        db.commit()
    send(endpoint, outlook_reply(focus, BERNADETTE, "DECLINED", sequence=0), BERNADETTE[1])
    assert answers(store)[("Bernadette Ward", "s4")] == ""
    assert "no longer stands" in kept(store)[-1].detail


def test_fieldwork_mail_receive_takes_a_reply_over_smtp_until_it_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    use_fresh_database(monkeypatch, tmp_path / "instance")
    monkeypatch.setenv("FIELDWORK_INSTANCE", str(tmp_path / "instance"))
    url = Settings.from_environment().connect_url()  # the database this run uses (SQLite or PostgreSQL)
    upgrade_database(url)
    factory = make_session_factory(make_engine(url))
    with factory() as db:
        visit_id = add_visit(db, add_user(db), SMALL)
        save_version(db, None, visit_id, load_timetable(PLANTED), NOW)
        send_publication(db, None, visit_id, None, NOW, lambda token, answer: f"https://x/{token}/{answer}")
        db.commit()
        row = db.scalars(
            select(InviteLedgerEntry).where(
                InviteLedgerEntry.email == RYAN[1], InviteLedgerEntry.session == "s3"
            )
        ).one()
        invite = Invite(RYAN[1], "REQUEST", row.uid, row.sequence, "CONFIRMED", "Meeting", (), b"", b"")
    port = free_port()
    command = "import sys; from scheduler.cli import main; sys.exit(main())"
    server = subprocess.Popen(
        [sys.executable, "-c", command, "mail", "receive", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
    )
    try:
        assert server.stdout is not None
        assert f"taking calendar replies on 127.0.0.1:{port}" in server.stdout.readline()
        send(port, thunderbird_reply(invite, RYAN, "ACCEPTED"), RYAN[1])
        with factory() as db:
            assert db.get(InviteLedgerEntry, row.id).rsvp == "accepted"  # type: ignore[union-attr]
    finally:
        server.send_signal(signal.SIGTERM)
        _, errors = server.communicate(timeout=20)  # reads both pipes to the end and closes them
    assert server.returncode == 0, errors
