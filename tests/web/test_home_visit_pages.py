"""On the case-tracking page the coordinator sets a conversation at home, with the address and the
travel time; the visit gains the home, and the address stays on the coordinators' page."""

from __future__ import annotations

import html as html_text
import re

from flask import Flask
from flask.testing import FlaskClient

from scheduler.services.accounts import find_user_by_email
from scheduler.services.members import add_member_by_email
from tests.support.web import add_user, add_visit, fixed_clock, log_in, page_text
from web.database import session_factory

OWNER = "grace.okafor@westmere.gov.example"
ESCORT_LEAD = "kieran.gill@westmere.gov.example"
ADDRESS = "14 Larch Close, Westmere WM4 7QT"


def _text(html: str) -> str:
    return html_text.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip())


def _visit(app: Flask) -> int:
    add_user(app, OWNER, "Grace Okafor")
    add_user(app, ESCORT_LEAD, "Kieran Gill")
    visit_id = add_visit(app, OWNER)
    with session_factory(app)() as db:
        owner = find_user_by_email(db, OWNER)
        assert owner is not None
        add_member_by_email(db, owner, visit_id, ESCORT_LEAD, "escort_lead", fixed_clock())
        db.commit()
    return visit_id


def _add_dan_at_home(client: FlaskClient, visit_id: int, minutes: str) -> str:
    return page_text(
        client.post(
            f"/visits/{visit_id}/case-tracking",
            data={
                "person": "p24",
                "consent": "yes",
                "support": "carer_present",
                "setting": "at_home",
                "home_address": ADDRESS,
                "home_travel_minutes": minutes,
            },
            follow_redirects=True,
        )
    )


def test_the_coordinator_sets_a_conversation_at_home_and_the_visit_gains_the_home(
    app: Flask, client: FlaskClient
) -> None:
    visit_id = _visit(app)
    log_in(client, OWNER)
    text = _text(_add_dan_at_home(client, visit_id, "25"))
    assert "Added to the case tracking list." in text
    assert f"At home 25 minutes' travel each way; {ADDRESS}" in text
    sites = _text(page_text(client.get(f"/visits/{visit_id}/sites")))
    assert "Home visit (s6)" in sites and "Larch Close" not in sites
    exported = page_text(client.get(f"/visits/{visit_id}/visit.json"))
    assert "home-s6" in exported and "Larch Close" not in exported


def test_at_home_without_a_travel_time_says_what_is_missing(app: Flask, client: FlaskClient) -> None:
    visit_id = _visit(app)
    log_in(client, OWNER)
    text = _text(_add_dan_at_home(client, visit_id, ""))
    assert (
        "at home needs the assessors' travel time to the home, in minutes, so the plan keeps it free" in text
    )
    assert "Home visit (s6)" not in _text(page_text(client.get(f"/visits/{visit_id}/sites")))


def test_an_escort_lead_reads_the_list_without_the_address(app: Flask, client: FlaskClient) -> None:
    visit_id = _visit(app)
    log_in(client, OWNER)
    _add_dan_at_home(client, visit_id, "25")
    escort_lead = app.test_client()
    log_in(escort_lead, ESCORT_LEAD)
    text = _text(page_text(escort_lead.get(f"/visits/{visit_id}/case-tracking")))
    assert "At home 25 minutes' travel each way" in text
    assert "Larch Close" not in text
