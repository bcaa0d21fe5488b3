"""The coordinator's journeys in a real Chromium against the real app on a real WSGI server."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from flask import Flask

from tests.support.web import (
    PASSWORD,
    SMALL_VISIT,
    add_user,
    add_visit,
    make_app,
    screenshot_folder,
    served,
)

pytestmark = pytest.mark.browser

SCREENSHOTS = screenshot_folder()
OWNER = "owner@example.org"
STRANGER = "stranger@example.org"
WAIT_MS = 60_000
OPENING = "Opening presentation: Director and senior leadership team"


@dataclass(frozen=True)
class LiveServer:
    app: Flask
    url: str  # where tests.support.web.served() serves the app


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    from datetime import UTC, datetime

    tmp = tmp_path_factory.mktemp("browser")
    app = make_app(tmp, WTF_CSRF_ENABLED=True, TESTING=False, CLOCK=lambda: datetime.now(UTC))
    add_user(app, OWNER, "Olive Owner")
    add_user(app, STRANGER, "Sam Stranger")
    with served(app) as url:
        yield LiveServer(app, url)


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def log_in(page: object, server: LiveServer, email: str) -> None:
    page.goto(f"{server.url}/login")  # type: ignore[attr-defined]
    page.fill("input[name=email]", email)  # type: ignore[attr-defined]
    page.fill("input[name=password]", PASSWORD)  # type: ignore[attr-defined]
    page.click("button:has-text('Log in')")  # type: ignore[attr-defined]
    page.wait_for_selector("h1:has-text('Your visits')")  # type: ignore[attr-defined]


def import_small_visit(page: object, server: LiveServer) -> int:
    page.goto(f"{server.url}/visits/import")  # type: ignore[attr-defined]
    page.set_input_files("input[name=file]", str(SMALL_VISIT))  # type: ignore[attr-defined]
    page.click("button:has-text('Import visit')")  # type: ignore[attr-defined]
    page.wait_for_selector("text=Imported 'Local authority assessment: on-site visit'.")  # type: ignore[attr-defined]
    return int(page.url.rstrip("/").rsplit("/", 1)[1])  # type: ignore[attr-defined]


def test_anonymous_visitor_is_redirected_to_log_in(page: object, server: LiveServer) -> None:
    page.goto(f"{server.url}/visits/1/timetable")  # type: ignore[attr-defined]
    assert page.url.startswith(f"{server.url}/login?next=")  # type: ignore[attr-defined]
    assert page.inner_text("h1") == "Log in"  # type: ignore[attr-defined]
    assert "Please log in to see that page." in page.inner_text("main")  # type: ignore[attr-defined]


def test_coordinator_imports_plans_and_reads_the_timetable(page: object, server: LiveServer) -> None:
    log_in(page, server, OWNER)
    visit_id = import_small_visit(page, server)
    base = f"{server.url}/visits/{visit_id}"

    page.goto(f"{base}/plan")  # type: ignore[attr-defined]
    page.fill("input[name=time_limit]", "5")  # type: ignore[attr-defined]
    page.click("button:has-text('Start planning')")  # type: ignore[attr-defined]
    page.wait_for_selector("h1:has-text('Planning the timetable')")  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => document.getElementById('job-elapsed').textContent !== '0.0'"
        " || document.getElementById('job-state').textContent === 'succeeded'",
        timeout=WAIT_MS,
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "progress.png"), full_page=True)  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => document.getElementById('job-state').textContent === 'succeeded'", timeout=WAIT_MS
    )
    assert page.inner_text("#job-placed") == "8"  # type: ignore[attr-defined]
    assert page.inner_text("#job-total") == "8"  # type: ignore[attr-defined]
    page.click("#job-result")  # type: ignore[attr-defined]

    page.wait_for_selector("table.timegrid")  # type: ignore[attr-defined]
    grid = page.inner_text("table.timegrid")  # type: ignore[attr-defined]
    for text in ("Room 3.12 (inspection team base)", "Committee Room 1", "Connor Davies", "Priya Singh"):
        assert text in grid
    assert OPENING in grid
    page.screenshot(path=str(SCREENSHOTS / "grid.png"), full_page=True)  # type: ignore[attr-defined]

    page.click("a:has-text('By assessor')")  # type: ignore[attr-defined]
    page.click("a:has-text('Connor Davies')")  # type: ignore[attr-defined]
    agenda = page.inner_text("main")  # type: ignore[attr-defined]
    assert "Connor Davies" in agenda and OPENING in agenda

    page.goto(f"{base}/timetable/by/person/p1")  # type: ignore[attr-defined]
    assert "Zoe Graham" in page.inner_text("h1")  # type: ignore[attr-defined]
    assert OPENING in page.inner_text("main")  # type: ignore[attr-defined]

    page.goto(f"{base}/timetable/by/room/r1")  # type: ignore[attr-defined]
    assert "Room 3.12 (inspection team base)" in page.inner_text("h1")  # type: ignore[attr-defined]

    page.goto(f"{base}/timetable/by/site/hq")  # type: ignore[attr-defined]
    assert "Westmere House" in page.inner_text("h1")  # type: ignore[attr-defined]
    assert OPENING in page.inner_text("main")  # type: ignore[attr-defined]

    page.goto(f"{base}/timetable/unscheduled")  # type: ignore[attr-defined]
    assert "Every session is placed." in page.inner_text("main")  # type: ignore[attr-defined]

    page.goto(f"{base}/timetable/profiles")  # type: ignore[attr-defined]
    assert "Lead inspector with 12 years' experience" in page.inner_text("main")  # type: ignore[attr-defined]

    page.goto(f"{base}/timetable/print")  # type: ignore[attr-defined]
    assert page.locator(".print-day").count() == 1  # type: ignore[attr-defined]
    assert OPENING in page.inner_text("main")  # type: ignore[attr-defined]

    exported = page.request.get(f"{base}/timetable/export.csv")  # type: ignore[attr-defined]
    assert exported.status == 200
    rows = list(csv.reader(io.StringIO(exported.text())))
    cells = {cell for row in rows for cell in row}
    assert OPENING in cells
    assert any("Connor Davies" in cell for cell in cells)
    assert len(rows) == 1 + 8

    workbook_bytes = page.request.get(f"{base}/timetable/export.xlsx").body()  # type: ignore[attr-defined]
    sheet = openpyxl.load_workbook(io.BytesIO(workbook_bytes)).active
    values = {str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None}
    assert OPENING in values
    assert any("Priya Singh" in value for value in values)

    page.goto(f"{base}/timetable/versions")  # type: ignore[attr-defined]
    page.click("a[aria-label='Review and publish version 1']")  # type: ignore[attr-defined]
    page.click("#send-invites button[type=submit]")  # type: ignore[attr-defined]
    assert "Version 1 published" in page.inner_text("main")  # type: ignore[attr-defined]
    page.goto(f"{base}/timetable/versions")  # type: ignore[attr-defined]
    assert page.inner_text(".badge.published") == "published"  # type: ignore[attr-defined]


def test_coordinator_imports_people_from_a_spreadsheet(
    page: object, server: LiveServer, tmp_path: Path
) -> None:
    log_in(page, server, OWNER)
    visit_id = import_small_visit(page, server)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Id", "Name", "Email", "Organisation", "Team", "Role", "Kind"])
    sheet.append(
        ["p101", "Rowan Ashby", "rowan.ashby@westmere.gov.example", "Westmere", "Reablement", "OT", "staff"]
    )
    sheet.append(
        [
            "p102",
            "Jules Okafor",
            "jules.okafor@partner.example",
            "Westmere CCG",
            "Discharge",
            "Nurse",
            "partner",
        ]
    )
    path = tmp_path / "people.xlsx"
    workbook.save(path)

    page.goto(f"{server.url}/visits/{visit_id}/import?kind=people")  # type: ignore[attr-defined]
    page.set_input_files("input[name=file]", str(path))  # type: ignore[attr-defined]
    page.click("button:has-text('Upload')")  # type: ignore[attr-defined]
    page.wait_for_selector("h1:has-text('Match the columns of people.xlsx')")  # type: ignore[attr-defined]
    page.click("button:has-text('Preview the import')")  # type: ignore[attr-defined]
    page.wait_for_selector("h1:has-text('Preview: 2 people from people.xlsx')")  # type: ignore[attr-defined]
    preview = page.inner_text("table.preview")  # type: ignore[attr-defined]
    assert "Rowan Ashby" in preview and "Jules Okafor" in preview
    page.click("button:has-text('Import 2 people')")  # type: ignore[attr-defined]
    page.wait_for_selector("text=Imported 2 people from people.xlsx.")  # type: ignore[attr-defined]
    people = page.inner_text("table.list")  # type: ignore[attr-defined]
    assert "Rowan Ashby" in people and "Jules Okafor" in people and "Zoe Graham" in people


def test_another_coordinator_gets_not_found_for_someone_elses_visit(page: object, server: LiveServer) -> None:
    visit_id = add_visit(server.app, OWNER)
    log_in(page, server, STRANGER)
    for path in ("", "/sessions", "/timetable", "/plan", "/timetable/versions"):
        response = page.goto(f"{server.url}/visits/{visit_id}{path}")  # type: ignore[attr-defined]
        assert response.status == 404, path
        assert page.inner_text("h1") == "Page not found"  # type: ignore[attr-defined]
    assert "Local authority assessment" not in page.inner_text("main")  # type: ignore[attr-defined]
