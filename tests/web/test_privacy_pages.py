"""People using services and carers: named on the coordinators' own pages and in their own invites,
never in anything that leaves those pages.

The small example as a coordinator would have it a week before the visit: Kieran Gill, who draws
on care and support, added on the people page and then on the case-tracking page (which makes
his conversation session); Aisha Rahman, an unpaid carer, in the Extra Care Housing focus group,
which is not case tracking; and two titles typed before conversations were numbered, which name
Sean Palmer and Dan Allen. Colin Thompson (p21) escorts the assessors to Kieran Gill's conversation.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import icalendar
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from scheduler.db.outbox import OutboxEmail
from scheduler.files.timetable_file import load_timetable
from scheduler.services.accounts import find_user_by_email
from scheduler.services.availability_links import issue_link
from scheduler.services.timetables import save_version
from scheduler.services.visits import load_visit, update_visit
from tests.support.smtp_catcher import Received, SmtpCatcher
from tests.support.web import EXAMPLES, fixed_clock, make_app, page_text
from web.database import session_factory
from web.mail import mail_sender

DAY = "2026-03-10"
PROTECTED = {
    "Kieran Gill": "kieran.gill@mail.example",
    "Aisha Rahman": "aisha.rahman@mail.example",
    "Dan Allen": "dan.allen@mail.example",
    "Sean Atkinson": "sean.atkinson@mail.example",
    "Sean Palmer": "sean.palmer@mail.example",
}
KIERAN = {
    "id": "p27",
    "name": "Kieran Gill",
    "email": "kieran.gill@mail.example",
    "role": "Person who draws on care and support",
    "kind": "person_using_services",
}
AISHA = {
    "id": "p28",
    "name": "Aisha Rahman",
    "email": "aisha.rahman@mail.example",
    "role": "Unpaid carer",
    "kind": "carer",
}
TYPED_TITLES = {
    "s7": "Case tracking: practitioner conversation about Dan Allen",
    "s8": "Case tracking: conversation with Sean Palmer",
}


@pytest.fixture
def app(tmp_path: Path, smtp_server: SmtpCatcher) -> Iterator[Flask]:
    """The app with its mail thread sending to a real SMTP server on loopback."""
    application = make_app(tmp_path, SMTP_URL=smtp_server.url, MAIL_SEND_SECONDS=0.2)
    yield application
    sender = mail_sender(application)
    if sender is not None:
        sender.shutdown()
    application.extensions["fieldwork.jobs"].shutdown()


@pytest.fixture
def tracked(app: Flask, client: FlaskClient, coordinator: int) -> str:
    """Kieran Gill and Aisha Rahman added through the pages, the old titles stored, and a timetable
    (version 1) holding Kieran Gill's conversation; returns the conversation's session id."""
    for person in (KIERAN, AISHA):
        added = client.post(f"/visits/{coordinator}/people/new", data=person)
        assert added.status_code == 302, page_text(added)
    added = client.post(
        f"/visits/{coordinator}/case-tracking",
        data={"person": "p27", "consent": "yes", "consent_date": "2026-02-20", "setting": "on_site"},
    )
    assert added.status_code == 302, page_text(added)
    with session_factory(app)() as db:
        user = find_user_by_email(db, "coordinator@example.org")
        visit = load_visit(db, coordinator)
        conversation = next(s.id for s in visit.sessions if "p27" in s.required_people)
        sessions = tuple(
            dataclasses.replace(s, title=TYPED_TITLES[s.id]) if s.id in TYPED_TITLES else s
            for s in visit.sessions
        )
        update_visit(
            db, user, coordinator, dataclasses.replace(visit, sessions=sessions), fixed_clock(), "edit"
        )
        save_version(db, user, coordinator, timetable_with(conversation), fixed_clock())
        db.commit()
    return conversation


def timetable_with(conversation: str):  # type: ignore[no-untyped-def]
    planted = load_timetable(EXAMPLES / "small.planted.json")
    placed = []
    for a in planted.assignments:
        if a.session == "s4":
            a = dataclasses.replace(a, attendees=(*a.attendees, "p28"))
        placed.append(a)
        if a.session == "s6":  # Room 3.12, escorted by p21
            placed.append(
                dataclasses.replace(a, session=conversation, start="14:15", end="15:15", attendees=("p27",))
            )
    return dataclasses.replace(planted, assignments=tuple(placed))


def assert_nobody_protected_is_named(text: str, *, except_for: str = "") -> None:
    for name, email in PROTECTED.items():
        if except_for in (name, email):
            continue
        assert name.lower() not in text.lower(), name
        assert email not in text, email


def unfolded(data: bytes) -> str:
    return data.decode("utf-8").replace("\r\n ", "").replace("\\n", "\n").replace("\\,", ",")


def test_a_person_added_to_case_tracking_gets_a_numbered_conversation_named_only_on_the_list(
    client: FlaskClient, coordinator: int, tracked: str
) -> None:
    listing = page_text(client.get(f"/visits/{coordinator}/case-tracking"))
    row = re.search(r'<tr id="ct-p27"[^>]*>(.*?)</tr>', listing, re.S)
    assert row is not None
    assert "Kieran Gill" in row.group(1) and "Case tracking: conversation 4" in row.group(1)
    grid = page_text(client.get(f"/visits/{coordinator}/timetable"))
    assert "Case tracking: conversation 4" in grid and "Kieran Gill" in grid  # the coordinator's own page


def test_the_exports_name_nobody_protected_in_any_cell(
    client: FlaskClient, coordinator: int, tracked: str
) -> None:
    csv_text = client.get(f"/visits/{coordinator}/timetable/export.csv").get_data(as_text=True)
    workbook = client.get(f"/visits/{coordinator}/timetable/export.xlsx").data
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        workbook_text = "".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    for text in (csv_text, workbook_text):
        assert_nobody_protected_is_named(text)
        assert "Case tracking: conversation 4" in text
        assert "Case tracking: conversation with person using services" in text  # s8's typed title
        assert "Case tracking: practitioner conversation about person using services" in text
    focus_group = next(line for line in csv_text.splitlines() if ",s4," in line)
    # Aisha Rahman, in a session that is not case tracking (then the empty Support column)
    assert focus_group.endswith("; carer,")


def test_the_printable_timetable_and_every_agenda_to_share_name_nobody_protected(
    client: FlaskClient, coordinator: int, tracked: str
) -> None:
    printed = page_text(client.get(f"/visits/{coordinator}/timetable/print"))
    assert_nobody_protected_is_named(printed)
    assert "Case tracking: conversation 4" in printed
    assert "Fatima Bennett" in printed  # staff stay named
    for kind, key in (
        ("room", "r1"), ("assessor", "a1"), ("assessor", "a2"), ("person", "p21"), ("person", "p27"),
        ("person", "p28"), ("person", "p8"),
    ):  # fmt: skip
        shared = page_text(client.get(f"/visits/{coordinator}/timetable/by/{kind}/{key}/share"))
        assert_nobody_protected_is_named(shared)
    carer = page_text(client.get(f"/visits/{coordinator}/timetable/by/person/p28/share"))
    assert "<h1>carer</h1>" in carer


def test_the_escorts_run_sheet_and_feed_name_the_session_but_not_the_person(
    app: Flask, client: FlaskClient, coordinator: int, tracked: str
) -> None:
    assert client.post(f"/visits/{coordinator}/publish", data={"version": "1"}).status_code == 302
    run_sheet = page_text(client.get(f"/visits/{coordinator}/escorts/p21/{DAY}"))
    assert "Case tracking: conversation 4" in run_sheet
    assert_nobody_protected_is_named(run_sheet)

    made = page_text(client.post(f"/visits/{coordinator}/feeds?who=person&key=p21"))
    feed_url = re.search(r"http://localhost(/feeds/[A-Za-z0-9_-]+\.ics)", made)
    assert feed_url is not None
    feed = client.get(feed_url.group(1))
    assert feed.status_code == 200
    events = icalendar.Calendar.from_ical(feed.data).walk("VEVENT")
    summaries = [str(e["SUMMARY"]) for e in events]
    assert "Escort: Case tracking: conversation 4" in summaries
    assert "Escort: Case tracking: conversation with person using services and their carer" not in summaries
    for event in events:
        assert_nobody_protected_is_named(str(event["SUMMARY"]) + str(event["DESCRIPTION"]))
    assert_nobody_protected_is_named(unfolded(feed.data))


def test_invites_name_a_person_using_services_or_carer_to_nobody_but_themselves(
    app: Flask, client: FlaskClient, coordinator: int, tracked: str, smtp_server: SmtpCatcher
) -> None:
    sent = client.post(f"/visits/{coordinator}/publish", data={"version": "1"})
    assert sent.status_code == 302
    with session_factory(app)() as db:
        queued = db.scalar(select(func.count()).select_from(OutboxEmail))
    assert queued
    arrived = smtp_server.wait_for(queued)

    def words(message: Received) -> str:
        calendars = [
            unfolded(part.get_payload(decode=True))
            for part in message.message.walk()
            if part.get_content_type() == "text/calendar"
        ]
        return "\n".join([message.subject, message.text(), message.html(), *calendars])

    to_escort = [m for m in arrived if m.recipients == ["colin.thompson@westmere.gov.example"]]
    assert "Escort: Case tracking: conversation 4" in " ".join(m.subject for m in to_escort)
    for message in arrived:
        [to] = message.recipients
        assert_nobody_protected_is_named(words(message), except_for=to)
    to_kieran = [m for m in arrived if m.recipients == ["kieran.gill@mail.example"]]
    assert to_kieran and "Kieran Gill" in words(to_kieran[0])  # his own invite names him

    ledger = client.get(f"/visits/{coordinator}/invites.csv").get_data(as_text=True)
    assert_nobody_protected_is_named(ledger)
    assert "Kieran Gill" in page_text(client.get(f"/visits/{coordinator}/invites"))  # the coordinator's page


def test_the_assessors_ask_for_a_session_page_names_nobody_protected(
    app: Flask, client: FlaskClient, coordinator: int, tracked: str
) -> None:
    with session_factory(app)() as db:
        token = issue_link(db, None, coordinator, "assessor", "a1", fixed_clock())
        db.commit()
    page = page_text(client.get(f"/availability/{token}/session-request"))
    assert_nobody_protected_is_named(page)
    assert "Person who draws on care and support" not in page
    assert re.search(r'value="p27"> person using services 3\b', page)
    assert re.search(r'value="p28"> carer 2\b', page)
    assert "Fatima Bennett" in page  # staff are listed by name
    assert "Case tracking: conversation with person using services" in page  # s8's typed title


def test_a_staff_members_availability_page_shows_titles_without_names(
    app: Flask, client: FlaskClient, coordinator: int, tracked: str
) -> None:
    with session_factory(app)() as db:
        token = issue_link(db, None, coordinator, "person", "p8", fixed_clock())
        db.commit()
    page = page_text(client.get(f"/availability/{token}"))
    assert "Case tracking: practitioner conversation about person using services" in page
    assert_nobody_protected_is_named(page)
