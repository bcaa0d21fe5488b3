"""In a real Chromium, Aisha Rahman plans the medium visit and watches the progress page from start to
end: while it plans she is offered only "Stop"; once it has finished, only "Open the timetable";
after a failed solve, only "Try again". The planner's score and bound sit in a closed panel."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask

from scheduler.db.jobs import SolveJob
from tests.support.web import EXAMPLES, add_user, add_visit, fixed_clock, logged_in_page, make_app, served
from web.database import session_factory

pytestmark = pytest.mark.browser

AISHA = "aisha.rahman@example.org"
WAIT_MS = 120_000
BUTTONS = {"Stop": "#stop-button", "Try again": "#retry-button", "Open the timetable": "#job-result"}


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[Flask, str]]:
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True, TESTING=False)
    add_user(app, AISHA, "Aisha Rahman")
    with served(app) as base_url:
        yield app, base_url


@pytest.fixture
def page(browser: object, live: tuple[Flask, str]) -> Iterator[object]:
    yield from logged_in_page(browser, live[1], AISHA)


def visible_buttons(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [name for name, selector in BUTTONS.items() if page.is_visible(selector)]


def test_while_planning_only_stop_shows_and_at_the_end_only_the_timetable(page, live) -> None:  # type: ignore[no-untyped-def]
    app, url = live
    visit_id = add_visit(app, AISHA, EXAMPLES / "medium.json")
    page.goto(f"{url}/visits/{visit_id}/plan")
    page.fill("input[name=time_limit]", "6")
    page.click("button:has-text('Start planning')")
    page.wait_for_selector("h1:has-text('Planning the timetable')")

    assert page.inner_text("#job-headline") in ("Waiting to start.",) or page.inner_text(
        "#job-headline"
    ).startswith("Planning")
    assert visible_buttons(page) == ["Stop"]
    assert not page.is_visible("#job-score")  # the planner's figures wait in a closed panel
    assert "version )" not in page.inner_text("main")

    page.wait_for_function(
        "() => document.getElementById('job-state').textContent === 'running'", timeout=WAIT_MS
    )
    assert visible_buttons(page) == ["Stop"]

    page.wait_for_function(
        "() => document.getElementById('job-state').textContent === 'succeeded'", timeout=WAIT_MS
    )
    assert visible_buttons(page) == ["Open the timetable"]
    assert page.inner_text("#job-headline") == "Finished."
    assert "Open the timetable (version 1)" in page.inner_text("#job-result")
    page.click('summary:has-text("The planner\'s figures")')
    assert page.inner_text("#job-score").isdigit()

    page.click("#job-result")
    page.wait_for_selector("h1:has-text('Timetable')")
    assert page.url.endswith("version=1") or "/timetable" in page.url


def test_after_a_failed_solve_only_try_again_shows(page, live) -> None:  # type: ignore[no-untyped-def]
    app, url = live
    visit_id = add_visit(app, AISHA)
    job_id = str(uuid.uuid4())
    with session_factory(app)() as db:
        db.add(
            SolveJob(
                id=job_id,
                visit_id=visit_id,
                state="failed",
                time_limit=5.0,
                error="the process running this solve stopped before it finished",
                submitted_at=fixed_clock() - timedelta(minutes=2),
                finished_at=fixed_clock() - timedelta(minutes=1),
            )
        )
        db.commit()
    page.goto(f"{url}/visits/{visit_id}/plan/{job_id}")
    assert page.inner_text("#job-headline") == "Planning did not finish."
    assert visible_buttons(page) == ["Try again"]
    assert page.is_visible("text=the process running this solve stopped before it finished")
