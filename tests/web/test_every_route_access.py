"""Every route of the app, walked as an anonymous visitor and as a coordinator of another visit.

Anonymous visitors are sent to the login page (or get 404/405) everywhere but the login page,
the static files and the personal token links, which answer 404 to a token that is not one.
A coordinator who is not a member of a visit gets 404 (or 405) from every one of its routes,
whatever the method, so a visit id reveals nothing. The walk reads `app.url_map`, so a new
route is walked too, and one that fits none of the kinds below fails the test until it is placed.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from scheduler.db.jobs import SolveJob
from scheduler.services.accounts import find_user_by_email
from scheduler.services.change_requests import request_placement
from scheduler.services.import_uploads import keep_upload
from scheduler.services.timetables import publish_version, save_version
from scheduler.timetablefile import load_timetable
from scheduler.visitfile import load_visit
from tests.support.web import EXAMPLES, SMALL_VISIT, add_user, add_visit, log_in
from web.database import session_factory

PUBLIC_ENDPOINTS = {"auth.login", "auth.logout", "static"}
TOKEN_PREFIXES = ("/availability/", "/feeds/", "/rsvp/")
LOGGED_IN_ONLY = {"visits.index", "visits.create", "imports.upload_visit", "auth.password"}
BAD_TOKEN = "not-a-token-0123456789abcdefghijklmnopqrstuv"
SMALL = load_visit(SMALL_VISIT)

# Plausible values from the owner's visit, so that only the access check can stop a request.
PLAUSIBLE = {
    "kind": "sessions",
    "key": SMALL.sessions[0].id,
    "session_id": SMALL.sessions[0].id,
    "person": SMALL.people[0].id,
    "person_key": SMALL.people[0].id,
    "day": SMALL.days[0],
    "job_id": "1",
    "request_id": 1,
    "choice": 0,
    "number": 1,
    "token": BAD_TOKEN,
    "answer": "accepted",
    "filename": "fieldwork.css",
}


def _methods(rule: Rule) -> list[str]:
    return sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})


def _url(rule: Rule, visit_id: int) -> str:
    values = {name: visit_id if name == "visit_id" else PLAUSIBLE[name] for name in rule.arguments}
    built = rule.build(values, append_unknown=False)
    assert built is not None, rule.rule
    return built[1]


def _kind(rule: Rule) -> str:
    if rule.endpoint in PUBLIC_ENDPOINTS:
        return "public"
    if rule.rule.startswith(TOKEN_PREFIXES):
        return "token"
    if "visit_id" in rule.arguments:
        return "visit"
    if rule.endpoint in LOGGED_IN_ONLY:
        return "logged in"
    return "unplaced"


@pytest.fixture
def owners_visit(app: Flask) -> int:
    """Another coordinator's visit with a published timetable, so its pages would have data."""
    add_user(app, "owner@example.org", "Olive Owner")
    visit_id = add_visit(app, "owner@example.org")
    now = datetime(2026, 2, 1, 9, 0, tzinfo=UTC)
    with session_factory(app)() as db:
        owner = find_user_by_email(db, "owner@example.org")
        number = save_version(db, owner, visit_id, load_timetable(EXAMPLES / "small.planted.json"), now)
        publish_version(db, owner, visit_id, number, now)
        db.commit()
    return visit_id


def test_every_route_is_placed_in_one_access_kind(app: Flask) -> None:
    unplaced = [rule.rule for rule in app.url_map.iter_rules() if _kind(rule) == "unplaced"]
    assert unplaced == []


def test_anonymous_visitors_get_nothing_but_the_login_page_static_files_and_404_for_bad_tokens(
    app: Flask, client: FlaskClient, owners_visit: int
) -> None:
    leaks = []
    for rule in app.url_map.iter_rules():
        url, kind = _url(rule, owners_visit), _kind(rule)
        for method in _methods(rule):
            response = client.open(url, method=method)
            status, location = response.status_code, response.headers.get("Location", "")
            if kind == "public":
                allowed = status in (200, 302, 405)
            elif kind == "token":
                allowed = status in (404, 405)
            else:
                allowed = status in (404, 405) or (status == 302 and location.startswith("/login"))
            if not allowed:
                leaks.append(f"{method} {url} -> {status} {location}")
    assert leaks == []


def test_a_coordinator_of_another_visit_gets_404_from_every_route_of_it(
    app: Flask, client: FlaskClient, owners_visit: int
) -> None:
    add_user(app, "intruder@example.org", "Ivan Intruder")
    add_visit(app, "intruder@example.org")  # a member of a visit of their own, just not this one
    log_in(client, "intruder@example.org")
    leaks = []
    visit_rules = [rule for rule in app.url_map.iter_rules() if _kind(rule) == "visit"]
    for rule in visit_rules:
        url = _url(rule, owners_visit)
        for method in _methods(rule):
            response = client.open(url, method=method)
            if response.status_code not in (404, 405):
                leaks.append(f"{method} {url} -> {response.status_code}")
    assert leaks == []
    assert len(visit_rules) >= 50


def test_the_owner_reaches_the_same_visit_pages_the_walk_refuses_to_others(
    app: Flask, client: FlaskClient, owners_visit: int
) -> None:
    """The walk's URLs are real: the visit's own coordinator gets its pages, not 404."""
    log_in(client, "owner@example.org")
    pages = ["visits.show", "visits.items", "timetable.grid", "timetable.versions", "imports.export_visit"]
    rules = {rule.endpoint: rule for rule in app.url_map.iter_rules() if rule.endpoint in pages}
    assert {endpoint: client.get(_url(rules[endpoint], owners_visit)).status_code for endpoint in pages} == {
        endpoint: 200 for endpoint in pages
    }


def test_a_bad_token_is_404_on_every_token_route_for_every_method(app: Flask, client: FlaskClient) -> None:
    token_rules = [rule for rule in app.url_map.iter_rules() if _kind(rule) == "token"]
    statuses = {
        f"{method} {rule.rule}": client.open(_url(rule, 0), method=method).status_code
        for rule in token_rules
        for method in _methods(rule)
    }
    assert set(statuses.values()) == {404}, statuses
    assert len(token_rules) == 6


def test_a_coordinator_cannot_reach_another_visits_job_change_request_or_upload_through_their_own_visit(
    app: Flask, client: FlaskClient, owners_visit: int
) -> None:
    """Ids of things inside a visit are checked against the visit in the URL, not only the visit."""
    now = datetime(2026, 2, 1, 9, 0, tzinfo=UTC)
    with session_factory(app)() as db:
        owner = find_user_by_email(db, "owner@example.org")
        assert owner is not None
        db.add(SolveJob(id="owners-job", visit_id=owners_visit, user_id=owner.id, submitted_at=now))
        request_id = request_placement(db, owner, owners_visit, SMALL.sessions[0].id, now)
        # Uploaded just now by the app's clock, so that only the visit in the URL can refuse it.
        csv = b"id,title\ns1,Opening presentation\n"
        token = keep_upload(db, owner, owners_visit, "sessions", "sessions.csv", csv, app.config["CLOCK"]())
        db.commit()
    add_user(app, "intruder@example.org", "Ivan Intruder")
    own_visit = add_visit(app, "intruder@example.org")
    log_in(client, "intruder@example.org")
    requests = [
        ("GET", f"/visits/{own_visit}/plan/owners-job"),
        ("GET", f"/visits/{own_visit}/plan/owners-job/status.json"),
        ("POST", f"/visits/{own_visit}/plan/owners-job/stop"),
        ("GET", f"/visits/{own_visit}/changes/{request_id}"),
        ("POST", f"/visits/{own_visit}/changes/{request_id}/preview"),
        ("POST", f"/visits/{own_visit}/changes/{request_id}/accept/0"),
        ("POST", f"/visits/{own_visit}/changes/{request_id}/reject"),
        ("GET", f"/visits/{own_visit}/import/{token}"),
        ("POST", f"/visits/{own_visit}/import/{token}/commit"),
    ]
    assert {f"{method} {url}": client.open(url, method=method).status_code for method, url in requests} == {
        f"{method} {url}": 404 for method, url in requests
    }
