"""Starting a solve from the web, its status JSON, stopping it, and the versions it leaves."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from scheduler import domain
from scheduler.services.timetables import save_version
from tests.support.web import fixed_clock, page_text
from web.database import session_factory


def _start(client: FlaskClient, visit_id: int, seconds: str) -> str:
    response = client.post(f"/visits/{visit_id}/plan", data={"time_limit": seconds})
    assert response.status_code == 302, page_text(response)
    return response.headers["Location"].rsplit("/", 1)[1]


def test_time_limit_must_be_between_one_and_six_hundred_seconds(
    client: FlaskClient, coordinator: int
) -> None:
    for bad in ("0", "601"):
        text = page_text(client.post(f"/visits/{coordinator}/plan", data={"time_limit": bad}))
        assert "Give the planner between 1 and 600 seconds." in text
    text = page_text(client.post(f"/visits/{coordinator}/plan", data={"time_limit": ""}))
    assert "Enter how many seconds the planner may take." in text


def test_a_finished_solve_reports_its_result_and_makes_a_draft_version(
    app: Flask, client: FlaskClient, coordinator: int
) -> None:
    job_id = _start(client, coordinator, "5")
    assert app.extensions["fieldwork.jobs"].wait(job_id, timeout=60)
    status = client.get(f"/visits/{coordinator}/plan/{job_id}/status.json").get_json()
    assert (status["state"], status["finished"], status["placed"], status["total"], status["version"]) == (
        "succeeded",
        True,
        8,
        8,
        1,
    )
    assert status["result_url"] == f"/visits/{coordinator}/timetable?version=1"
    assert (status["musts_placed"], status["musts"]) == (6, 6)
    assert status["outcome"] == "Every must session is placed; the plan is version 1."
    progress = page_text(client.get(f"/visits/{coordinator}/plan/{job_id}"))
    assert "Every must session is placed; the plan is version 1." in progress
    assert 'Open the timetable (version <span id="job-version">1</span>)' in progress
    versions = page_text(client.get(f"/visits/{coordinator}/timetable/versions"))
    assert "Version 1" in versions and "draft" in versions


def test_a_version_is_published_only_through_its_review(
    client: FlaskClient, coordinator: int, app: Flask
) -> None:
    job_id = _start(client, coordinator, "5")
    app.extensions["fieldwork.jobs"].wait(job_id, timeout=60)
    versions = page_text(client.get(f"/visits/{coordinator}/timetable/versions"))
    assert "Review and publish</a>" in versions
    assert "/timetable/versions/1/publish" not in versions  # no bare Publish that tells nobody
    assert client.post(f"/visits/{coordinator}/timetable/versions/1/publish").status_code in (404, 405)

    client.post(f"/visits/{coordinator}/publish", data={"version": "1"})
    text = page_text(client.get(f"/visits/{coordinator}/timetable/versions"))
    assert '<span class="badge published">published</span>' in text
    assert "Review changes to send</a>" in text


def test_status_of_an_unknown_job_is_not_found(client: FlaskClient, coordinator: int) -> None:
    assert client.get(f"/visits/{coordinator}/plan/not-a-job/status.json").status_code == 404


def test_a_visit_without_a_timetable_offers_to_plan_it(client: FlaskClient, coordinator: int) -> None:
    text = page_text(client.get(f"/visits/{coordinator}/timetable"))
    assert "This visit has not been planned yet." in text
    assert client.get(f"/visits/{coordinator}/timetable/export.csv").status_code == 404


def _save_draft(app: Flask, visit_id: int, status: str) -> None:
    """A draft version as a solve that ended this way leaves it: a must session not placed."""
    with session_factory(app)() as db:
        timetable = domain.Timetable(
            assignments=(),
            unscheduled=(domain.UnscheduledSession("s1", "the time limit ran out before it was placed"),),
            status=status,
        )
        save_version(db, None, visit_id, timetable, fixed_clock())
        db.commit()


def test_a_plan_cut_short_by_the_time_limit_says_so_on_its_timetable(
    app: Flask, client: FlaskClient, coordinator: int
) -> None:
    _save_draft(app, coordinator, "UNKNOWN")

    text = page_text(client.get(f"/visits/{coordinator}/timetable?version=1"))

    assert "Time ran out before every must session was placed: this is the plan so far." in text
    assert "cannot be placed" not in text


def test_a_plan_proved_impossible_says_so_on_its_timetable(
    app: Flask, client: FlaskClient, coordinator: int
) -> None:
    _save_draft(app, coordinator, "INFEASIBLE")

    text = page_text(client.get(f"/visits/{coordinator}/timetable?version=1"))

    assert "Some must sessions cannot be placed: the planner proved it." in text
    assert "Time ran out" not in text
