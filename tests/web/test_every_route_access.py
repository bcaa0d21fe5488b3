"""Every route of the app, walked as an anonymous visitor, as a coordinator of another visit, and
as each role in the visit's own team.

Anonymous visitors are sent to the login page (or get 404/405) everywhere but the login page,
the static files and the personal token links, which answer 404 to a token that is not one.
A coordinator who is not a member of a visit gets 404 (or 405) from every one of its routes,
whatever the method, so a visit id reveals nothing. The walk reads `app.url_map`, so a new
route is walked too, and one that fits none of the kinds below fails the test until it is placed.
In the team, a role refused a page or an action gets 403 and a page that says so (the tables
below say, route by route, what an escort lead and a viewer may do, independently of the app's
own roles table), and a refused action changes nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from scheduler.db.jobs import SolveJob
from scheduler.files.timetable_file import load_timetable
from scheduler.files.visit_file import load_visit
from scheduler.services.accounts import find_user_by_email
from scheduler.services.change_requests import request_placement
from scheduler.services.import_uploads import keep_upload
from scheduler.services.timetables import publish_version, save_version
from tests.support.web import EXAMPLES, SMALL_VISIT, add_user, add_visit, log_in, page_text
from web.database import session_factory

PUBLIC_ENDPOINTS = {"auth.login", "auth.logout", "static"}
TOKEN_PREFIXES = ("/availability/", "/feeds/", "/rsvp/", "/password/")
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
    "user_id": 1,  # the owner's account: the first one made
    "email_id": 1,
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
            with client.open(url, method=method) as response:  # a static file comes as an open file
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
    assert len(token_rules) == 9  # the pen profile page and the escort's day joined the link pages


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


# ---- the visit's own team, role by role ---------------------------------------------------------

# What a viewer may open: the timetable, readiness, the exports meant to be passed on, the team;
# not the pages that name people using services or list everyone's email (agendas, comparisons).
VIEWER_READS = {
    "visits.show",
    "readiness.show",
    "timetable.grid",
    "timetable.printable",
    "timetable.agenda_to_share",
    "timetable.profiles",
    "timetable.export_csv",
    "timetable.export_xlsx",
    "timetable.versions",
    "members.index",
    "on_the_day.control",
    "visit_numbers.summary",
    "visit_numbers.download_csv",
    "visit_numbers.download_xlsx",
    "milestones.edit",
    "staff_teams.index",
    "coverage.show",
}
# What an escort lead may not open: setting up, planning, adjusting, publishing, the audit log.
ESCORT_LEAD_REFUSED_READS = {
    "visits.settings",
    "imports.update_visit",
    "imports.upload_table",
    "imports.map_columns",
    "adjust.move",
    "adjust.check",
    "solve.start",
    "solve.progress",
    "solve.status",
    "solve.late",
    "solve.replanned",
    "declines.index",
    "declines.show",
    "publishing.review",
    "members.audit",
    "members.audit_download",
    "outbox.index",
    "outbox.message",
    "staff_teams.edit",
}
# What an escort lead may change: rooms and sites, calendar links, the day's marks on the
# control page, and leaving the team.
ESCORT_LEAD_ACTIONS = {
    "feeds.links",
    "members.leave",
    "on_the_day.mark",
    "on_the_day.late",
    "on_the_day.attendance",
    "on_the_day.room",
}
ROOM_KINDS = ("rooms", "sites")
TEAM_CHANGES = {"members.add", "members.change_role", "members.remove", "members.resend"}
# Actions with effects a walk should not set off (a real solve); refusals are still walked.
NOT_SENT_WHEN_ALLOWED = frozenset({"solve.start", "solve.retry"})
WRITES = ("POST", "PUT", "PATCH", "DELETE")


def _join(app: Flask, visit_id: int, email: str, name: str, role: str) -> None:
    from scheduler.db.accounts import Membership

    add_user(app, email, name)
    with session_factory(app)() as db:
        user = find_user_by_email(db, email)
        assert user is not None
        db.add(Membership(user_id=user.id, visit_id=visit_id, role=role))
        db.commit()


def _walk(
    app: Flask,
    client: FlaskClient,
    visit_id: int,
    kinds: tuple[str, ...] = ("sessions",),
    skipped: frozenset[str] = frozenset(),
) -> dict[str, int]:
    """Status of every visit route for every method (leaving the team last); items routes once per kind."""
    rules = sorted(
        (rule for rule in app.url_map.iter_rules() if _kind(rule) == "visit"),
        key=lambda rule: rule.endpoint == "members.leave",
    )
    statuses: dict[str, int] = {}
    for rule in rules:
        for kind in kinds if "kind" in rule.arguments else ("",):
            values = {name: visit_id if name == "visit_id" else PLAUSIBLE[name] for name in rule.arguments}
            if kind:
                values["kind"] = kind
                values["key"] = getattr(SMALL, kind)[0].id
            built = rule.build(values, append_unknown=False)
            assert built is not None
            for method in _methods(rule):
                if method in WRITES and rule.endpoint in skipped:
                    continue
                label = f"{method} {rule.endpoint}" + (f"[{kind}]" if kind else "")
                statuses[label] = client.open(built[1], method=method).status_code
    return statuses


def _refused(statuses: dict[str, int]) -> set[str]:
    return {label for label, status in statuses.items() if status == 403}


def _audit_count(app: Flask, visit_id: int) -> int:
    from scheduler.services.audit import list_audit

    with session_factory(app)() as db:
        return len(list_audit(db, visit_id))


def _endpoint(label: str) -> str:
    return label.split(" ", 1)[1].split("[", 1)[0]


def test_a_viewer_reads_the_timetable_readiness_and_exports_and_is_refused_everything_else(
    app: Flask, client: FlaskClient, owners_visit: int
) -> None:
    _join(app, owners_visit, "sarah.lowe@example.org", "Director Sarah Lowe", "viewer")
    log_in(client, "sarah.lowe@example.org")
    before = _audit_count(app, owners_visit)

    statuses = _walk(app, client, owners_visit)

    refused = _refused(statuses)
    allowed = set(statuses) - refused
    assert {label for label in allowed if label.startswith(WRITES)} == {"POST members.leave"}
    assert {_endpoint(label) for label in allowed if label.startswith("GET")} == VIEWER_READS
    assert _audit_count(app, owners_visit) == before + 1  # only her own leaving


def test_a_viewers_refused_post_gets_a_page_that_says_why_and_changes_nothing(
    app: Flask, client: FlaskClient, owners_visit: int
) -> None:
    _join(app, owners_visit, "sarah.lowe@example.org", "Director Sarah Lowe", "viewer")
    log_in(client, "sarah.lowe@example.org")
    session_id = SMALL.sessions[0].id

    response = client.post(f"/visits/{owners_visit}/sessions/{session_id}/delete", data={"confirmed": "y"})

    text = page_text(response)
    assert response.status_code == 403
    assert "As viewer of" in text and "you cannot set up the visit" in text
    assert "Nothing was changed." in text
    assert "that takes the role owner or coordinator." in text
    assert SMALL.sessions[0].title in page_text(client.get(f"/visits/{owners_visit}/timetable"))


def test_a_viewer_sees_no_link_to_a_page_they_may_not_open(
    app: Flask, client: FlaskClient, owners_visit: int
) -> None:
    _join(app, owners_visit, "sarah.lowe@example.org", "Director Sarah Lowe", "viewer")
    log_in(client, "sarah.lowe@example.org")

    nav = (
        page_text(client.get(f"/visits/{owners_visit}/timetable"))
        .split('aria-label="Visit"')[1]
        .split("</nav>")[0]
    )

    assert "Timetable" in nav and "Readiness" in nav and "Team" in nav
    for hidden in ("Settings", "People", "Import", "Plan", "Changes", "Calendars", "Audit log"):
        assert f">{hidden}</a>" not in nav


def test_an_escort_lead_manages_rooms_sites_and_run_sheets_and_reads_the_rest(
    app: Flask, client: FlaskClient, owners_visit: int
) -> None:
    _join(app, owners_visit, "tom.hughes@example.org", "Tom Hughes", "escort_lead")
    log_in(client, "tom.hughes@example.org")

    statuses = _walk(app, client, owners_visit, kinds=("sessions", "people", "rooms", "sites"))

    refused = _refused(statuses)
    allowed = set(statuses) - refused
    assert {_endpoint(label) for label in refused if label.startswith("GET")} == ESCORT_LEAD_REFUSED_READS | {
        "visits.add_item",
        "visits.edit_item",
    }
    assert {label for label in allowed if label.startswith("GET ") and "_item[" in label} == {
        f"GET visits.{view}[{kind}]" for view in ("add_item", "edit_item") for kind in ROOM_KINDS
    }
    writes = {label for label in allowed if label.startswith(WRITES)}
    assert writes == {f"POST {endpoint}" for endpoint in ESCORT_LEAD_ACTIONS} | {
        f"POST visits.{view}[{kind}]"
        for view in ("add_item", "edit_item", "delete_item")
        for kind in ROOM_KINDS
    }


def test_a_coordinator_may_do_everything_but_change_the_team(
    app: Flask, client: FlaskClient, owners_visit: int
) -> None:
    _join(app, owners_visit, "grace.okafor@example.org", "Grace Okafor", "coordinator")
    log_in(client, "grace.okafor@example.org")

    statuses = _walk(app, client, owners_visit, skipped=NOT_SENT_WHEN_ALLOWED)

    assert {_endpoint(label) for label in _refused(statuses)} == TEAM_CHANGES


def test_the_owner_is_refused_nothing(app: Flask, client: FlaskClient, owners_visit: int) -> None:
    log_in(client, "owner@example.org")

    statuses = _walk(app, client, owners_visit, skipped=NOT_SENT_WHEN_ALLOWED)

    assert _refused(statuses) == set()
    assert len(statuses) >= 60


def _links_on_readable_pages(app: Flask, client: FlaskClient, visit_id: int) -> tuple[set[str], set[str]]:
    """Every visit link (GET) and form action (POST) on the pages this member may open."""
    import re

    links: set[str] = set()
    actions: set[str] = set()
    for rule in app.url_map.iter_rules():
        if _kind(rule) != "visit" or "GET" not in _methods(rule):
            continue
        response = client.get(_url(rule, visit_id))
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        text = page_text(response)
        links |= set(re.findall(rf'href="(/visits/{visit_id}[^"#?]*)', text))
        actions |= set(re.findall(rf'action="(/visits/{visit_id}[^"]*)"', text))
    return links, actions


@pytest.mark.parametrize(
    ("email", "name", "role", "allowed_actions"),
    [
        ("sarah.lowe@example.org", "Director Sarah Lowe", "viewer", {"/team/leave"}),
        (
            "tom.hughes@example.org",
            "Tom Hughes",
            "escort_lead",
            {"/team/leave", "/feeds", "/rooms/", "/sites/", "/today/"},
        ),
    ],
)
def test_pages_show_a_role_only_the_links_and_buttons_it_may_use(
    app: Flask,
    client: FlaskClient,
    owners_visit: int,
    email: str,
    name: str,
    role: str,
    allowed_actions: set[str],
) -> None:
    _join(app, owners_visit, email, name, role)
    log_in(client, email)

    links, actions = _links_on_readable_pages(app, client, owners_visit)

    assert len(links) >= 8
    refused = {link: client.get(link).status_code for link in links if client.get(link).status_code == 403}
    assert refused == {}
    prefix = f"/visits/{owners_visit}"
    unexpected = {
        a for a in actions if not any(a.startswith(prefix + allowed) for allowed in allowed_actions)
    }
    assert unexpected == set()


def test_a_viewer_reads_the_timetable_with_people_using_services_named_only_as_what_they_are(
    app: Flask, client: FlaskClient, owners_visit: int
) -> None:
    _join(app, owners_visit, "sarah.lowe@example.org", "Director Sarah Lowe", "viewer")
    days = SMALL.days
    log_in(client, "owner@example.org")
    owners_view = "".join(
        page_text(client.get(f"/visits/{owners_visit}/timetable?day={day}")) for day in days
    )
    client.post("/logout")
    log_in(client, "sarah.lowe@example.org")

    viewers_view = "".join(
        page_text(client.get(f"/visits/{owners_visit}/timetable?day={day}")) for day in days
    )

    assert "Dan Allen" in owners_view
    assert "Dan Allen" not in viewers_view
    assert (
        "case-tracking conversation" in viewers_view.lower()
        or "person using services" in viewers_view.lower()
    )
