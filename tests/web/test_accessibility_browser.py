"""axe-core, in a real Chromium, finds no serious or critical accessibility problem on any page of the
demo visit: the coordinator's pages (every GET route of the app's URL map that a coordinator reaches,
walked from the overview as the installed-wheel test walks them), and the personal pages a member of
staff and an assessor open from their emails.

axe-core is a test-only npm package (tests/support/axe, installed by `make axe`, which `make test`
runs); it is injected into each page by the test and never shipped with the product.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from scheduler.db.publishing import InviteLedgerEntry
from scheduler.domain.credentials import hash_token, new_token
from scheduler.invites.ledger import answer_rsvp
from scheduler.services.availability_links import issue_link
from tests.support.web import CHROMIUM_ARGS, make_app, served
from web.cli import DEMO_EMAIL, prepare_demo
from web.database import session_factory

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[1] / "support" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "a long demo password"
SERIOUS = ("serious", "critical")
# Downloads and answers for scripts: no page to audit.
NOT_PAGES = (".csv", ".xlsx", ".json", ".ics")
# GET routes that are not a coordinator's page of the visit: personal links (audited below from
# their own tokens), logging in, and static files.
NOT_WALKED = {"static", "auth.login", "auth.logout"}
PERSONAL = ("/availability/", "/feeds/", "/rsvp/", "/password/")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Flask, str, int]]:
    if not AXE.exists():
        pytest.skip("axe-core is not installed in tests/support/axe (make axe)")
    folder = tmp_path_factory.mktemp("demo")
    app = make_app(folder, WTF_CSRF_ENABLED=True, TESTING=False)
    visit_id, _number = prepare_demo(app, PASSWORD, 8)
    with served(app) as base_url:
        yield app, base_url, visit_id


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    from tests.support.web import CHROMIUM

    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def audit(page: Any) -> list[str]:
    """The serious and critical violations axe finds on the page, one line each."""
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} -- "
        + "; ".join(
            node["target"][0] if isinstance(node["target"][0], str) else json.dumps(node["target"])
            for node in violation["nodes"][:3]
        )
        for violation in results["violations"]
        if violation["impact"] in SERIOUS
    ]


def decline_first_invite(app: Flask, visit_id: int) -> None:
    """Someone presses Decline on the first session invite the demo sent (as their email's link does)."""
    with session_factory(app)() as db:
        row = db.scalars(
            select(InviteLedgerEntry)
            .where(InviteLedgerEntry.visit_id == visit_id, InviteLedgerEntry.event == "session")
            .where(InviteLedgerEntry.recipient_kind == "person")
            .order_by(InviteLedgerEntry.id)
        ).first()
        assert row is not None
        token = new_token()
        row.rsvp_token_hash = hash_token(token)  # the emailed token is only stored hashed
        assert answer_rsvp(db, token, "decline", app.config["CLOCK"]()) is not None
        db.commit()


def endpoint_of(app: Flask, path: str) -> str | None:
    adapter = app.url_map.bind("localhost")
    try:
        endpoint, _arguments = adapter.match(urlsplit(path).path, method="GET")
    except HTTPException:
        return None
    return str(endpoint)


def coordinator_pages(app: Flask) -> set[str]:
    return {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or ())
        and rule.endpoint not in NOT_WALKED
        and not rule.rule.startswith(PERSONAL)
        and not rule.rule.endswith(NOT_PAGES)
    }


def test_no_page_of_the_demo_visit_has_a_serious_accessibility_problem(demo, chromium) -> None:  # type: ignore[no-untyped-def]
    app, base, visit_id = demo
    # The app forbids inline scripts (CSP); the test lifts that for itself to inject axe.
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, bypass_csp=True)
    context.set_default_timeout(30_000)
    page = context.new_page()
    problems: dict[str, list[str]] = {}

    page.goto(f"{base}/login")
    problems["/login"] = audit(page)
    page.fill("input[name=email]", DEMO_EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.click("button:has-text('Log in')")
    page.wait_for_selector("h1:has-text('Your visits')")

    visit = f"/visits/{visit_id}"
    # Pages reached only by doing something: a late day's re-plan, a decline's ways out, a solve's
    # progress, a column mapping, a change request.
    page.goto(f"{base}{visit}/late")
    page.select_option("select[name=day]", index=1)
    page.select_option("select[name=start]", "11:00")
    page.fill("input[name=minutes]", "20")
    page.fill("input[name=time_limit]", "3")
    page.click("button:has-text('Re-plan the rest of the day')")
    page.wait_for_selector("a:has-text('Open the'):visible", timeout=120_000)
    late_progress = urlsplit(page.url).path
    decline_first_invite(app, visit_id)
    page.goto(f"{base}{visit}/plan")
    page.fill("input[name=time_limit]", "2")
    page.click("button:has-text('Start planning')")
    page.wait_for_selector("h1:has-text('Planning the timetable')")
    starts = [late_progress, urlsplit(page.url).path]
    page.goto(f"{base}{visit}/import")
    page.select_option("select[name=kind]", "people")
    page.set_input_files(
        "input[name=file]",
        files=[
            {
                "name": "new-staff.csv",
                "mimeType": "text/csv",
                "buffer": b"Name,Email,Team\r\nKieran Gill,kieran.gill@example.org,Reablement\r\n",
            }
        ],
    )
    page.click("button:has-text('Upload')")
    page.wait_for_selector("h1:has-text('Match the columns')")
    starts.append(urlsplit(page.url).path)
    page.goto(f"{base}{visit}/changes")
    page.fill("input[name=title]", "Conversation with the carers' forum")
    page.locator("form:has(input[name=title]) button[type=submit]").first.click()
    page.wait_for_load_state()
    starts.append(urlsplit(page.url).path)

    seen_endpoints: set[str] = set()
    queue: deque[str] = deque(["/", visit, *starts])
    visited: set[str] = set()
    while queue:
        path = queue.popleft()
        endpoint = endpoint_of(app, path)
        if path in visited or endpoint is None or endpoint in seen_endpoints:
            continue
        visited.add(path)
        seen_endpoints.add(endpoint)
        response = page.goto(f"{base}{path}")
        assert response is not None and response.status == 200, (
            f"{path} answered {response and response.status}"
        )
        problems[path] = audit(page)
        links = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        for link in links:
            parts = urlsplit(link)
            if f"{parts.scheme}://{parts.netloc}" != base or parts.path.startswith(PERSONAL):
                continue
            if parts.path.endswith(NOT_PAGES) or parts.path.startswith("/static/"):
                continue
            if parts.path in (
                "/",
                "/visits/new",
                "/visits/import",
                "/account/password",
            ) or parts.path.startswith(visit):
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))

    # The personal pages a member of staff and an assessor open from their emails.
    with session_factory(app)() as db:
        from scheduler.services.visits import load_visit

        content = load_visit(db, visit_id)
        staff = issue_link(db, None, visit_id, "person", content.people[0].id, app.config["CLOCK"]())
        assessor = issue_link(db, None, visit_id, "assessor", content.assessors[0].id, app.config["CLOCK"]())
        db.commit()
    for path in (
        f"/availability/{staff}",
        f"/availability/{assessor}",
        f"/availability/{assessor}/session-request",
        f"/availability/{assessor}/pen-profile",
    ):
        response = page.goto(f"{base}{path}")
        assert response is not None and response.status == 200, path
        problems[path] = audit(page)
    context.close()

    unreached = sorted(coordinator_pages(app) - seen_endpoints)
    assert unreached == [], f"no link of the demo visit led to these pages: {unreached}"
    found = {path: lines for path, lines in problems.items() if lines}
    assert found == {}, json.dumps(found, indent=1)
    assert len(problems) >= 25
