"""Mail is honest: without a mail server every page that sends says the mail waits, and the visit's
outbox (coordinators and owners only) shows each message; with a server, "sent" is said only of
what the server really accepted."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from scheduler.files.timetable_file import load_timetable
from scheduler.mail import deliver_outbox
from scheduler.services.accounts import find_user_by_email
from scheduler.services.members import add_member_by_email
from scheduler.services.timetables import save_version
from tests.support.smtp_catcher import SmtpCatcher
from tests.support.web import EXAMPLES, add_user, add_visit, fixed_clock, log_in, make_app, page_text
from web.database import session_factory

OWNER = "kieran.gill@westmere.gov.example"


def words(response: object) -> str:
    """The page's HTML with each run of white space as one space, as a reader sees the text."""
    return " ".join(page_text(response).split())


def _visit_with_a_plan(app: Flask) -> int:
    add_user(app, OWNER, "Kieran Gill")
    visit_id = add_visit(app, OWNER)
    with session_factory(app)() as db:
        save_version(db, None, visit_id, load_timetable(EXAMPLES / "small.planted.json"), fixed_clock())
        db.commit()
    return visit_id


def _join(app: Flask, visit_id: int, email: str, name: str, role: str) -> None:
    add_user(app, email, name)
    with session_factory(app)() as db:
        owner = find_user_by_email(db, OWNER)
        assert owner is not None
        add_member_by_email(db, owner, visit_id, email, role, fixed_clock(), name=name)
        db.commit()


@pytest.fixture
def no_mail(tmp_path: Path) -> Iterator[tuple[Flask, FlaskClient, int]]:
    app = make_app(tmp_path, SMTP_URL="")
    visit_id = _visit_with_a_plan(app)
    client = app.test_client()
    log_in(client, OWNER)
    yield app, client, visit_id
    app.extensions["fieldwork.jobs"].shutdown()


def test_without_a_mail_server_every_coordinator_page_says_mail_is_not_sent(no_mail) -> None:  # type: ignore[no-untyped-def]
    _app, client, visit_id = no_mail
    for path in ("/", f"/visits/{visit_id}", f"/visits/{visit_id}/timetable"):
        page = words(client.get(path))
        assert 'id="mail-banner"' in page and "Email is not being sent." in page, path
    overview = page_text(client.get(f"/visits/{visit_id}"))
    assert f'<a href="/visits/{visit_id}/outbox">See what is waiting</a>' in overview


def test_publishing_without_a_mail_server_says_the_invites_wait_and_the_outbox_shows_them(no_mail) -> None:  # type: ignore[no-untyped-def]
    _app, client, visit_id = no_mail
    review = words(client.get(f"/visits/{visit_id}/publish"))
    assert "No mail server is set up: publishing queues these emails in the outbox" in review

    done = words(client.post(f"/visits/{visit_id}/publish", data={"version": "1"}, follow_redirects=True))
    assert "36 emails queued but not sent: no mail server is set up, so they wait in the outbox" in done
    assert "36 emails to 25 people: sent to 0 people, waiting for 25 (no mail server is set up)." in done

    outbox = page_text(client.get(f"/visits/{visit_id}/outbox"))
    assert outbox.count("<td>waiting to be sent") == 36
    assert (
        '<td>zoe.graham@westmere.gov.example<br><span class="hint recipient">Zoe Graham</span></td>' in outbox
    )
    first = re.search(rf'href="/visits/{visit_id}/outbox/(\d+)">([^<]+)</a>', outbox)
    assert first is not None
    message = page_text(client.get(f"/visits/{visit_id}/outbox/{first.group(1)}"))
    assert f"<h1>{first.group(2)}</h1>" in message
    assert re.search(r"Accept: http://localhost/rsvp/[A-Za-z0-9_-]{43}/accept", message)
    assert "invite.ics (a calendar invitation)" in message


def test_the_outbox_names_each_recipient_as_the_visit_knows_them_now(no_mail) -> None:  # type: ignore[no-untyped-def]
    _app, client, visit_id = no_mail
    client.post(f"/visits/{visit_id}/publish", data={"version": "1"})
    client.post(
        f"/visits/{visit_id}/team/add",
        data={"email": "aisha.rahman@westmere.gov.example", "name": "Aisha Rahman", "role": "coordinator"},
    )
    outbox = page_text(client.get(f"/visits/{visit_id}/outbox"))

    def who(address: str) -> str:
        found = re.search(
            rf"<td>{re.escape(address)}<br><span class=\"hint recipient\">([^<]+)</span></td>", outbox
        )
        assert found is not None, address
        return found.group(1)

    assert who("zoe.graham@westmere.gov.example") == "Zoe Graham"
    assert who("priya.singh@inspectorate.example") == "Priya Singh, assessor"
    assert who("aisha.rahman@westmere.gov.example") == "Aisha Rahman, coordinator"
    # People using services and carers are shown as what they are, never by name.
    assert who("dan.allen@mail.example") == "a person using services"
    assert who("sean.atkinson@mail.example") == "a carer"
    assert "Dan Allen" not in outbox and "Sean Atkinson" not in outbox

    link = re.search(
        rf'<td>priya.singh@inspectorate.example.*?href="/visits/{visit_id}/outbox/(\d+)"', outbox, re.S
    )
    assert link is not None
    message = words(client.get(f"/visits/{visit_id}/outbox/{link.group(1)}"))
    assert "<dt>To</dt><dd>priya.singh@inspectorate.example (Priya Singh, assessor)</dd>" in message


def test_the_availability_requests_page_says_the_requests_wait(no_mail) -> None:  # type: ignore[no-untyped-def]
    _app, client, visit_id = no_mail
    page = words(client.post(f"/visits/{visit_id}/availability/send", follow_redirects=True))
    assert re.search(r"\d+ availability requests queued but not sent: no mail server is set up", page)


def test_a_set_password_link_is_never_shown_in_the_outbox(no_mail) -> None:  # type: ignore[no-untyped-def]
    _app, client, visit_id = no_mail
    added = words(
        client.post(
            f"/visits/{visit_id}/team/add",
            data={
                "email": "aisha.rahman@westmere.gov.example",
                "name": "Aisha Rahman",
                "role": "coordinator",
            },
            follow_redirects=True,
        )
    )
    assert "An email with a link to set their password waits in the outbox" in added
    outbox = page_text(client.get(f"/visits/{visit_id}/outbox"))
    link = re.search(rf'href="/visits/{visit_id}/outbox/(\d+)">', outbox)
    assert link is not None
    message = page_text(client.get(f"/visits/{visit_id}/outbox/{link.group(1)}"))
    assert "aisha.rahman@westmere.gov.example" in message
    assert "/password/" not in message and 'id="message-private"' in message


@pytest.mark.parametrize(("role", "name"), [("viewer", "Eleanor Murphy"), ("escort_lead", "Ryan Hall")])
def test_only_owners_and_coordinators_see_the_outbox(no_mail, role: str, name: str) -> None:  # type: ignore[no-untyped-def]
    app, client, visit_id = no_mail
    client.post(f"/visits/{visit_id}/publish", data={"version": "1"})
    email = f"{name.lower().replace(' ', '.')}@westmere.gov.example"
    _join(app, visit_id, email, name, role)
    other = app.test_client()
    log_in(other, email)
    assert other.get(f"/visits/{visit_id}/outbox").status_code in (403, 404)
    assert other.get(f"/visits/{visit_id}/outbox/1").status_code in (403, 404)
    assert f'href="/visits/{visit_id}/outbox"' not in page_text(other.get(f"/visits/{visit_id}"))

    _join(app, visit_id, "zara.watson@westmere.gov.example", "Zara Watson", "coordinator")
    coordinator = app.test_client()
    log_in(coordinator, "zara.watson@westmere.gov.example")
    assert coordinator.get(f"/visits/{visit_id}/outbox/1").status_code == 200


def test_an_email_of_another_visit_is_not_found(no_mail) -> None:  # type: ignore[no-untyped-def]
    app, client, visit_id = no_mail
    client.post(f"/visits/{visit_id}/publish", data={"version": "1"})
    add_user(app, "isla.begum@westmere.gov.example", "Isla Begum")
    other_visit = add_visit(app, "isla.begum@westmere.gov.example")
    isla = app.test_client()
    log_in(isla, "isla.begum@westmere.gov.example")
    assert isla.get(f"/visits/{other_visit}/outbox/1").status_code == 404


def test_with_a_mail_server_pages_say_sent_only_once_the_server_took_it(tmp_path: Path) -> None:
    smtp = SmtpCatcher().start()
    app = make_app(tmp_path, SMTP_URL=smtp.url, MAIL_SENDER_THREAD=False)
    try:
        visit_id = _visit_with_a_plan(app)
        client = app.test_client()
        log_in(client, OWNER)
        assert 'id="mail-banner"' not in page_text(client.get(f"/visits/{visit_id}"))

        done = words(client.post(f"/visits/{visit_id}/publish", data={"version": "1"}, follow_redirects=True))
        assert "36 emails queued; they go to the mail server within a minute" in done
        assert "36 emails to 25 people: sent to 0 people, waiting for 25." in done

        report = deliver_outbox(session_factory(app), smtp.url, fixed_clock())
        assert report.sent == 36 and len(smtp.wait_for(36)) == 36
        ledger = words(client.get(f"/visits/{visit_id}/invites"))
        assert "36 emails to 25 people: sent to 25 people." in ledger
        assert page_text(client.get(f"/visits/{visit_id}/outbox")).count("<td>sent (") == 36
    finally:
        app.extensions["fieldwork.jobs"].shutdown()
        smtp.stop()
