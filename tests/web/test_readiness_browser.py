"""A coordinator checks readiness before planning, in a real Chromium against the real app."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.readiness_files import SHORT_REASONS, write_unready_visit
from tests.web import test_browser_journeys as journeys
from tests.web.test_browser_journeys import OWNER, SCREENSHOTS, LiveServer, log_in

# The browser journeys' page and live-server fixtures, shared rather than copied (Chromium: conftest).
page = journeys.page
server = journeys.server

pytestmark = pytest.mark.browser


def test_coordinator_checks_readiness_from_the_plan_page(
    page: object, server: LiveServer, tmp_path: Path
) -> None:
    log_in(page, server, OWNER)
    page.goto(f"{server.url}/visits/import")  # type: ignore[attr-defined]
    page.set_input_files("input[name=file]", str(write_unready_visit(tmp_path)))  # type: ignore[attr-defined]
    page.click("button:has-text('Import visit')")  # type: ignore[attr-defined]
    page.wait_for_selector("text=Imported 'Local authority assessment: on-site visit'.")  # type: ignore[attr-defined]

    page.click("nav.visitnav a:has-text('Plan')")  # type: ignore[attr-defined]
    page.click("a:has-text('Check readiness before solving')")  # type: ignore[attr-defined]
    page.wait_for_selector("h1:has-text('Ready to plan?')")  # type: ignore[attr-defined]

    assert page.inner_text("#summary-availability") == "24 of 26 people have said when they are free"  # type: ignore[attr-defined]
    assert page.inner_text("#summary-musts") == "1 must session with no possible start"  # type: ignore[attr-defined]
    rows = page.locator("#availability tbody tr")  # type: ignore[attr-defined]
    assert [rows.nth(i).inner_text().split("\t") for i in range(rows.count())] == [
        ["Frontline team: Senior leadership", "3 of 3", "everyone has answered"],
        ["Frontline team: Extra Care Housing", "8 of 9", "Eleanor King"],
        ["Frontline team: Reviewing", "7 of 7", "everyone has answered"],
        ["Frontline team: Business support", "1 of 2", "Colin Thompson"],
        ["Partners", "2 of 2", "everyone has answered"],
        ["People using services and carers", "3 of 3", "everyone has answered"],
    ]
    assert page.inner_text("#profiles li") == "Priya Singh"  # type: ignore[attr-defined]
    assert page.inner_text("#rooms li") == "Room 3.12 (inspection team base) — open the whole visit"  # type: ignore[attr-defined]
    short = page.inner_text("#short tbody")  # type: ignore[attr-defined]
    assert "Focus group: Reviewing practitioners" in short
    for reason in SHORT_REASONS:
        assert reason in short
    assert "Focus group: Reviewing practitioners" in page.inner_text("#musts tbody")  # type: ignore[attr-defined]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "readiness.png"), full_page=True)  # type: ignore[attr-defined]

    page.click("#profiles a:has-text('Priya Singh')")  # type: ignore[attr-defined]
    assert "/assessors/a2/edit" in page.url  # type: ignore[attr-defined]
