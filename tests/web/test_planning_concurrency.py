"""Planning under concurrent work: one solve per visit, a cap on solves at once, the longest
time limit a page may ask for, and plans saved beside edits made while they were solved."""

from __future__ import annotations

import dataclasses
import threading
import time
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from scheduler.db.jobs import SolveJob
from scheduler.db.timetables import TimetableVersion
from scheduler.services.accounts import find_user_by_email
from scheduler.services.visits import load_visit, save_session
from tests.support.web import SMALL_VISIT, add_user, add_visit, log_in, make_app, page_text
from tests.support.workers import jobs_on_workers
from web.database import session_factory

MEDIUM_VISIT = SMALL_VISIT.with_name("medium.json")
STARTERS = 4


def _status(client: FlaskClient, visit_id: int, job_id: str) -> dict:
    response = client.get(f"/visits/{visit_id}/plan/{job_id}/status.json")
    assert response.status_code == 200
    return response.get_json()


def _wait_for(what: str, condition, timeout: float = 120.0):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_four_coordinators_pressing_start_at_once_get_one_solve_and_one_version(
    app: Flask, tmp_path: Path
) -> None:
    add_user(app, "aisha.rahman@example.org", "Aisha Rahman")
    visit_id = add_visit(app, "aisha.rahman@example.org")
    clients = [app.test_client() for _ in range(STARTERS)]
    for client in clients:  # four browser tabs, each with its own Start form
        log_in(client, "aisha.rahman@example.org")
    press_together = threading.Barrier(STARTERS)
    locations: list[str] = []
    problems: list[str] = []

    def press_start(client: FlaskClient, request_key: str) -> None:
        press_together.wait()
        response = client.post(
            f"/visits/{visit_id}/plan", data={"time_limit": "5", "request_key": request_key}
        )
        if response.status_code != 302:
            problems.append(f"{response.status_code}: {page_text(response)[:300]}")
        else:
            locations.append(response.headers["Location"])

    threads = [
        threading.Thread(target=press_start, args=(client, f"tab-{n}")) for n, client in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert problems == []
    assert len(locations) == STARTERS and len(set(locations)) == 1  # every tab shows the same solve
    job_id = locations[0].rsplit("/", 1)[1]
    told = [page_text(client.get(locations[0])) for client in clients]
    assert sum("This visit is already being planned" in text for text in told) == STARTERS - 1
    assert app.extensions["fieldwork.jobs"].wait(job_id, timeout=120)
    status = _status(clients[0], visit_id, job_id)
    assert (status["state"], status["version"], status["error"]) == ("succeeded", 1, "")
    with session_factory(app)() as db:
        assert db.query(SolveJob).filter_by(visit_id=visit_id).count() == 1
        assert [v.number for v in db.query(TimetableVersion).filter_by(visit_id=visit_id)] == [1]


def test_a_visit_edited_during_its_solve_gets_a_version_marked_as_planned_from_earlier_data(
    app: Flask, client: FlaskClient
) -> None:
    add_user(app, "kieran.gill@example.org", "Kieran Gill")
    visit_id = add_visit(app, "kieran.gill@example.org", MEDIUM_VISIT)
    log_in(client, "kieran.gill@example.org")
    response = client.post(f"/visits/{visit_id}/plan", data={"time_limit": "300"})
    job_id = response.headers["Location"].rsplit("/", 1)[1]
    # The solver has read the visit once it reports a first plan.
    _wait_for("a first plan", lambda: _status(client, visit_id, job_id)["score"] is not None)
    with session_factory(app)() as db:  # another coordinator renames the opening meeting meanwhile
        user = find_user_by_email(db, "kieran.gill@example.org")
        assert user is not None
        opening = next(s for s in load_visit(db, visit_id).sessions if s.id == "s1")
        renamed = dataclasses.replace(opening, title="Opening presentation: Director of Adult Social Care")
        save_session(db, user, visit_id, renamed, app.config["CLOCK"]())
        db.commit()
    client.post(f"/visits/{visit_id}/plan/{job_id}/stop")
    assert app.extensions["fieldwork.jobs"].wait(job_id, timeout=120)

    status = _status(client, visit_id, job_id)
    assert (status["state"], status["version"]) == ("stopped", 1)
    assert status["note"] == (
        "Version 1 is planned from earlier data: the visit was edited while it was being planned "
        "(the Versions page lists the edits). Plan again to include them."
    )
    versions = page_text(client.get(f"/visits/{visit_id}/timetable/versions"))
    assert "planned from earlier data</span>" in versions
    assert (
        "planned from earlier data: the visit was edited while it was being planned (changed session s1:"
        " title &#39;Opening presentation: Director and senior leadership team&#39; -&gt; &#39;Opening "
        "presentation: Director of Adult Social Care&#39;); plan again to include the edits"
    ) in versions
    grid = page_text(client.get(f"/visits/{visit_id}/timetable?version=1"))
    assert '<span class="badge earlier">planned from earlier data</span>' in grid


def test_a_plan_of_an_unchanged_visit_is_not_marked_as_earlier(app: Flask, client: FlaskClient) -> None:
    add_user(app, "aisha.rahman@example.org", "Aisha Rahman")
    visit_id = add_visit(app, "aisha.rahman@example.org")
    log_in(client, "aisha.rahman@example.org")
    job_id = client.post(f"/visits/{visit_id}/plan", data={"time_limit": "5"}).headers["Location"]
    job_id = job_id.rsplit("/", 1)[1]
    assert app.extensions["fieldwork.jobs"].wait(job_id, timeout=120)
    assert _status(client, visit_id, job_id)["note"] == ""
    assert "planned from earlier data" not in page_text(client.get(f"/visits/{visit_id}/timetable/versions"))


def test_the_longest_time_limit_is_the_servers_max_solve_seconds(tmp_path: Path) -> None:
    app = make_app(tmp_path, MAX_SOLVE_SECONDS=120)
    try:
        add_user(app, "aisha.rahman@example.org", "Aisha Rahman")
        visit_id = add_visit(app, "aisha.rahman@example.org")
        client = app.test_client()
        log_in(client, "aisha.rahman@example.org")
        start_page = page_text(client.get(f"/visits/{visit_id}/plan"))
        assert 'max="120"' in start_page
        refused = page_text(client.post(f"/visits/{visit_id}/plan", data={"time_limit": "121"}))
        assert "Give the planner between 1 and 120 seconds." in refused
        accepted = client.post(f"/visits/{visit_id}/plan", data={"time_limit": "120"})
        assert accepted.status_code == 302
        job_id = accepted.headers["Location"].rsplit("/", 1)[1]
        client.post(f"/visits/{visit_id}/plan/{job_id}/stop")
        assert app.extensions["fieldwork.jobs"].wait(job_id, timeout=120)
    finally:
        app.extensions["fieldwork.jobs"].shutdown()


def test_a_solve_over_the_servers_cap_waits_queued_and_says_why(tmp_path: Path) -> None:
    if jobs_on_workers():
        import pytest

        pytest.skip("with Celery workers each worker's --concurrency is the cap instead")
    app = make_app(tmp_path, MAX_CONCURRENT_SOLVES=1)
    try:
        add_user(app, "aisha.rahman@example.org", "Aisha Rahman")
        long_visit = add_visit(app, "aisha.rahman@example.org", MEDIUM_VISIT)
        short_visit = add_visit(app, "aisha.rahman@example.org")
        client = app.test_client()
        log_in(client, "aisha.rahman@example.org")
        first = client.post(f"/visits/{long_visit}/plan", data={"time_limit": "300"}).headers["Location"]
        first_id = first.rsplit("/", 1)[1]
        _wait_for(
            "the first solve to run", lambda: _status(client, long_visit, first_id)["state"] == "running"
        )
        second = client.post(f"/visits/{short_visit}/plan", data={"time_limit": "5"}).headers["Location"]
        second_id = second.rsplit("/", 1)[1]
        time.sleep(1.0)  # a free slot would have started it by now
        waiting = _status(client, short_visit, second_id)
        assert waiting["state"] == "queued"
        assert waiting["note"] == (
            "Waiting for a free planner: at most 1 solve runs at once (MAX_CONCURRENT_SOLVES); "
            "this one starts as soon as one of them finishes."
        )
        assert waiting["note"] in page_text(client.get(second))
        client.post(f"/visits/{long_visit}/plan/{first_id}/stop")
        assert app.extensions["fieldwork.jobs"].wait(second_id, timeout=120)
        assert _status(client, short_visit, second_id)["state"] == "succeeded"
    finally:
        app.extensions["fieldwork.jobs"].shutdown()
