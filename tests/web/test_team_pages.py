"""The Team page: an owner adds colleagues by email with a role, changes and removes them; a new
colleague gets an email (through a real SMTP server) with a one-time link to set a password;
the last owner cannot leave or be demoted."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from scheduler.db.password_links import PasswordLink
from scheduler.services.accounts import find_user_by_email
from tests.support.smtp_catcher import SmtpCatcher
from tests.support.web import add_user, add_visit, fixed_clock, log_in, make_app, page_text
from web.database import session_factory

OWNER = "grace.okafor@example.org"  # quality and assurance lead
LINK = r"http://localhost/password/([A-Za-z0-9_-]{43})"


class Clock:
    """A clock the test moves on, to see a link expire."""

    def __init__(self) -> None:
        self.now = fixed_clock()

    def __call__(self):  # type: ignore[no-untyped-def]
        return self.now


@pytest.fixture
def smtp() -> Iterator[SmtpCatcher]:
    catcher = SmtpCatcher().start()
    yield catcher
    catcher.stop()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def team_app(tmp_path: Path, smtp: SmtpCatcher, clock: Clock) -> Iterator[Flask]:
    app = make_app(tmp_path, SMTP_URL=smtp.url, MAIL_SEND_SECONDS=0.2, CLOCK=clock)
    yield app
    sender = app.extensions.get("fieldwork.mail_sender")
    if sender is not None:
        sender.shutdown()
    app.extensions["fieldwork.jobs"].shutdown()


@pytest.fixture
def visit_id(team_app: Flask) -> int:
    add_user(team_app, OWNER, "Grace Okafor")
    return add_visit(team_app, OWNER)


@pytest.fixture
def owner(team_app: Flask, visit_id: int) -> FlaskClient:
    client = team_app.test_client()
    log_in(client, OWNER)
    return client


def _add(client: FlaskClient, visit_id: int, email: str, role: str, name: str = "") -> str:
    response = client.post(
        f"/visits/{visit_id}/team/add",
        data={"email": email, "role": role, "name": name},
        follow_redirects=True,
    )
    return page_text(response)


def _user_id(app: Flask, email: str) -> int:
    with session_factory(app)() as db:
        user = find_user_by_email(db, email)
        assert user is not None
        return user.id


def test_the_owner_adds_a_new_colleague_who_sets_a_password_from_the_emailed_link(
    team_app: Flask, owner: FlaskClient, visit_id: int, smtp: SmtpCatcher
) -> None:
    page = _add(owner, visit_id, "Tom.Hughes@example.org", "coordinator", "Tom Hughes")

    assert "Tom Hughes (tom.hughes@example.org) is in the team as coordinator." in page
    assert "They will get an email with a link to set their password." in page
    assert "has not set a password yet" in page
    [mail] = smtp.wait_for(1)
    assert mail.recipients == ["tom.hughes@example.org"]
    assert mail.subject == "You have been added to Local authority assessment: on-site visit in Fieldwork"
    assert "Grace Okafor has added you to the team for" in mail.text()
    assert "as coordinator." in mail.text()
    [token] = re.findall(LINK, mail.text())
    assert f"/password/{token}" in mail.html()
    with session_factory(team_app)() as db:  # only the token's hash is kept
        assert token not in {link.token_hash for link in db.scalars(select(PasswordLink))}

    tom = team_app.test_client()
    assert "Welcome, Tom Hughes." in page_text(tom.get(f"/password/{token}"))
    response = tom.post(f"/password/{token}", data={"new": "Kestrel-Meadow-42", "again": "Kestrel-Meadow-42"})
    assert response.status_code == 302
    visits = page_text(tom.get("/"))
    assert "Local authority assessment: on-site visit" in visits
    assert tom.get(f"/visits/{visit_id}/plan").status_code == 200  # a coordinator plans

    again = tom.post(f"/password/{token}", data={"new": "Another-Pass-99", "again": "Another-Pass-99"})
    assert again.status_code == 404
    assert "This link does not work" in page_text(again)
    fresh = team_app.test_client()
    log_in(fresh, "tom.hughes@example.org", "Kestrel-Meadow-42")


def test_a_link_to_set_a_password_expires_after_a_week(
    team_app: Flask, owner: FlaskClient, visit_id: int, smtp: SmtpCatcher, clock: Clock
) -> None:
    _add(owner, visit_id, "tom.hughes@example.org", "escort_lead", "Tom Hughes")
    [token] = re.findall(LINK, smtp.wait_for(1)[0].text())

    clock.now = fixed_clock() + timedelta(days=7, minutes=1)

    response = team_app.test_client().get(f"/password/{token}")
    assert response.status_code == 404
    assert "works once, for a week" in page_text(response)


def test_the_owner_sends_a_new_link_and_the_old_one_stops_working(
    team_app: Flask, owner: FlaskClient, visit_id: int, smtp: SmtpCatcher
) -> None:
    _add(owner, visit_id, "tom.hughes@example.org", "coordinator", "Tom Hughes")
    [old] = re.findall(LINK, smtp.wait_for(1)[0].text())

    page = page_text(
        owner.post(
            f"/visits/{visit_id}/team/{_user_id(team_app, 'tom.hughes@example.org')}/resend",
            follow_redirects=True,
        )
    )

    assert "A new link to set a password is on its way to tom.hughes@example.org." in page
    [new] = re.findall(LINK, smtp.wait_for(2)[1].text())
    client = team_app.test_client()
    assert client.get(f"/password/{old}").status_code == 404
    assert client.get(f"/password/{new}").status_code == 200


def test_a_colleague_with_an_account_is_added_without_an_email_and_sees_the_visit(
    team_app: Flask, owner: FlaskClient, visit_id: int, smtp: SmtpCatcher
) -> None:
    add_user(team_app, "sarah.lowe@example.org", "Director Sarah Lowe")

    page = _add(owner, visit_id, "sarah.lowe@example.org", "viewer")

    assert "Director Sarah Lowe (sarah.lowe@example.org) is in the team as viewer." in page
    assert "email" not in page.split("is in the team as viewer.")[1].split("</p>")[0]
    sarah = team_app.test_client()
    log_in(sarah, "sarah.lowe@example.org")
    assert "Local authority assessment: on-site visit" in page_text(sarah.get("/"))
    assert smtp.messages == []


def test_adding_someone_twice_or_a_bad_address_says_what_is_wrong_and_adds_nobody(
    team_app: Flask, owner: FlaskClient, visit_id: int
) -> None:
    add_user(team_app, "tom.hughes@example.org", "Tom Hughes")
    _add(owner, visit_id, "tom.hughes@example.org", "coordinator")

    twice = owner.post(
        f"/visits/{visit_id}/team/add", data={"email": "tom.hughes@example.org", "role": "viewer"}
    )
    bad = owner.post(
        f"/visits/{visit_id}/team/add", data={"email": "tom.hughes at example", "role": "viewer"}
    )

    assert twice.status_code == 400
    assert (
        "Tom Hughes (tom.hughes@example.org) is already in the team as coordinator:"
        " change their role instead." in page_text(twice)
    )
    assert bad.status_code == 400
    assert "Enter a valid email address." in page_text(bad)
    assert page_text(owner.get(f"/visits/{visit_id}/team")).count("tom.hughes@example.org") == 1


def test_the_owner_changes_a_role_and_the_member_can_then_only_read(
    team_app: Flask, owner: FlaskClient, visit_id: int
) -> None:
    add_user(team_app, "tom.hughes@example.org", "Tom Hughes")
    _add(owner, visit_id, "tom.hughes@example.org", "coordinator")
    tom_id = _user_id(team_app, "tom.hughes@example.org")

    page = page_text(
        owner.post(f"/visits/{visit_id}/team/{tom_id}/role", data={"role": "viewer"}, follow_redirects=True)
    )

    assert "Tom Hughes is now viewer." in page
    tom = team_app.test_client()
    log_in(tom, "tom.hughes@example.org")
    assert tom.post(f"/visits/{visit_id}/plan", data={"seconds": "5"}).status_code == 403
    assert tom.get(f"/visits/{visit_id}/timetable").status_code == 200


def test_the_last_owner_can_neither_leave_nor_be_demoted_but_can_once_there_is_another(
    team_app: Flask, owner: FlaskClient, visit_id: int
) -> None:
    grace_id = _user_id(team_app, OWNER)

    demoted = page_text(
        owner.post(f"/visits/{visit_id}/team/{grace_id}/role", data={"role": "viewer"}, follow_redirects=True)
    )
    left = page_text(owner.post(f"/visits/{visit_id}/team/leave", follow_redirects=True))

    assert (
        "Grace Okafor is the visit&#39;s only owner:"
        " make someone else an owner first, then change their role." in demoted
    )
    assert "You are the visit&#39;s only owner: make someone else an owner first." in left
    assert "Grace Okafor (you)" in page_text(owner.get(f"/visits/{visit_id}/team"))

    add_user(team_app, "tom.hughes@example.org", "Tom Hughes")
    _add(owner, visit_id, "tom.hughes@example.org", "owner")
    page = page_text(owner.post(f"/visits/{visit_id}/team/leave", follow_redirects=True))
    assert "You have left the team of Local authority assessment: on-site visit." in page
    assert owner.get(f"/visits/{visit_id}").status_code == 404


def test_the_owner_removes_a_member_who_then_cannot_open_the_visit(
    team_app: Flask, owner: FlaskClient, visit_id: int
) -> None:
    add_user(team_app, "tom.hughes@example.org", "Tom Hughes")
    _add(owner, visit_id, "tom.hughes@example.org", "escort_lead")
    tom = team_app.test_client()
    log_in(tom, "tom.hughes@example.org")
    assert tom.get(f"/visits/{visit_id}/rooms").status_code == 200

    page = page_text(
        owner.post(
            f"/visits/{visit_id}/team/{_user_id(team_app, 'tom.hughes@example.org')}/remove",
            follow_redirects=True,
        )
    )

    assert "Tom Hughes is no longer in the team." in page
    assert tom.get(f"/visits/{visit_id}/rooms").status_code == 404


def test_only_an_owner_sees_the_forms_that_change_the_team(
    team_app: Flask, owner: FlaskClient, visit_id: int
) -> None:
    add_user(team_app, "tom.hughes@example.org", "Tom Hughes")
    _add(owner, visit_id, "tom.hughes@example.org", "coordinator")
    tom = team_app.test_client()
    log_in(tom, "tom.hughes@example.org")

    owners_page = page_text(owner.get(f"/visits/{visit_id}/team"))
    coordinators_page = page_text(tom.get(f"/visits/{visit_id}/team"))

    assert "Add a colleague" in owners_page and "Remove Tom Hughes" in owners_page
    assert "Add a colleague" not in coordinators_page
    assert "Remove Grace Okafor" not in coordinators_page and "Change role" not in coordinators_page
    assert "Leave the team" in coordinators_page
