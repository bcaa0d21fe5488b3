"""Planning from the browser's pages when solves run on Celery workers (a real Redis and worker)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.support.web import SMALL_VISIT, add_user, add_visit, log_in, make_app, page_text
from tests.support.workers import RedisServer, Worker, wait_until
from web.database import session_factory

pytestmark = pytest.mark.slow
MEDIUM_VISIT = SMALL_VISIT.with_name("medium.json")


def utc_now() -> datetime:
    return datetime.now(UTC)


@pytest.fixture
def redis(redis_server: RedisServer) -> RedisServer:
    return redis_server


@pytest.fixture
def app(tmp_path: Path, redis: RedisServer) -> Iterator[Flask]:
    built = make_app(tmp_path, BROKER_URL=redis.url, CLOCK=utc_now, JOB_LOST_SECONDS=3)
    yield built
    built.extensions["fieldwork.jobs"].close()


def start_worker(app: Flask, redis: RedisServer, tmp_path: Path) -> Worker:
    url = session_factory(app).kw["bind"].url.render_as_string(hide_password=False)
    return Worker(url, redis.url, tmp_path / "worker")


def status(client: FlaskClient, visit_id: int, job_id: str) -> dict[str, object]:
    response = client.get(f"/visits/{visit_id}/plan/{job_id}/status.json")
    assert response.status_code == 200
    return response.get_json()


def test_the_plan_form_posted_twice_starts_one_solve_which_a_worker_runs(
    app: Flask, redis: RedisServer, tmp_path: Path
):
    add_user(app, "cora@example.org")
    visit_id = add_visit(app, "cora@example.org")
    client = app.test_client()
    log_in(client, "cora@example.org")
    form = page_text(client.get(f"/visits/{visit_id}/plan"))
    [request_key] = re.findall(r'name="request_key" type="hidden" value="([0-9a-f]{32})"', form)

    first = client.post(f"/visits/{visit_id}/plan", data={"time_limit": "5", "request_key": request_key})
    again = client.post(f"/visits/{visit_id}/plan", data={"time_limit": "5", "request_key": request_key})
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"] == again.headers["Location"]
    job_id = first.headers["Location"].rsplit("/", 1)[1]
    assert status(client, visit_id, job_id)["state"] == "queued"  # no worker yet: it waits in the queue

    worker = start_worker(app, redis, tmp_path)
    try:
        done = wait_until(
            lambda: (s := status(client, visit_id, job_id))["finished"] and s, 120, what="the solve"
        )
    finally:
        worker.stop()
    assert (done["state"], done["version"], done["placed"], done["total"]) == ("succeeded", 1, 8, 8)
    versions = page_text(client.get(f"/visits/{visit_id}/timetable/versions"))
    assert "Version 1" in versions and "Version 2" not in versions


def test_a_solve_whose_worker_was_killed_shows_as_failed_and_try_again_runs_it_on_another(
    app: Flask, redis: RedisServer, tmp_path: Path
):
    add_user(app, "cora@example.org")
    visit_id = add_visit(app, "cora@example.org", MEDIUM_VISIT)
    client = app.test_client()
    log_in(client, "cora@example.org")
    worker = start_worker(app, redis, tmp_path)
    response = client.post(f"/visits/{visit_id}/plan", data={"time_limit": "300", "request_key": "k1"})
    job_id = response.headers["Location"].rsplit("/", 1)[1]
    wait_until(lambda: status(client, visit_id, job_id)["score"] is not None, 120, what="a first timetable")
    worker.kill()

    failed = wait_until(
        lambda: (s := status(client, visit_id, job_id))["finished"] and s, 30, what="the failure"
    )
    assert (failed["state"], failed["retryable"], failed["version"]) == ("failed", True, None)
    assert "stopped before it finished; the published timetable is unchanged" in str(failed["error"])
    progress = page_text(client.get(f"/visits/{visit_id}/plan/{job_id}"))
    assert 'id="retry-form"' in progress and "Try again" in progress

    retry = client.post(f"/visits/{visit_id}/plan/{job_id}/retry")
    twice = client.post(f"/visits/{visit_id}/plan/{job_id}/retry")
    assert retry.status_code == twice.status_code == 302
    assert retry.headers["Location"] == twice.headers["Location"] != f"/visits/{visit_id}/plan/{job_id}"
    retried = retry.headers["Location"].rsplit("/", 1)[1]
    worker = start_worker(app, redis, tmp_path)
    try:
        wait_until(
            lambda: status(client, visit_id, retried)["score"] is not None, 120, what="the retried solve"
        )
        assert client.post(f"/visits/{visit_id}/plan/{retried}/stop").status_code == 302
        done = wait_until(
            lambda: (s := status(client, visit_id, retried))["finished"] and s, 60, what="the stop"
        )
    finally:
        worker.stop()
    assert (done["state"], done["version"]) == ("stopped", 1)
