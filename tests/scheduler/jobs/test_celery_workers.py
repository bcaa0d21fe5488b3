"""Solves and email on Celery workers: a real Redis on loopback and real `fieldwork worker` processes.

The web app and the workers share only the database and the broker; everything the coordinator
sees (progress, the result, a lost worker) is read from the job's row.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from scheduler.db.jobs import SolveJob
from scheduler.db.outbox import OutboxEmail
from scheduler.db.timetables import TimetableVersion
from scheduler.files.timetable_file import load_timetable
from scheduler.invites.publishing import send_publication
from scheduler.jobs.celery_runner import BrokerUnavailable, CeleryRunner
from scheduler.jobs.execution import SolveAlreadyRunning
from scheduler.jobs.status import LOST_MESSAGE, JobView, job_status
from scheduler.services.timetables import get_timetable, publish_version, published_version, save_version
from tests.support.smtp_catcher import SmtpCatcher
from tests.support.store import MEDIUM, NOW, SHARED, SMALL, add_user, add_visit, open_store
from tests.support.workers import RedisServer, Worker, free_port, wait_until

pytestmark = pytest.mark.slow

QUIET_FOR = timedelta(seconds=3)  # six missed heartbeats of the test workers


def utc_clock() -> datetime:
    return datetime.now(UTC)


@pytest.fixture
def redis(redis_server: RedisServer) -> RedisServer:
    return redis_server


class Deployment:
    """One database, one broker, the web side's runner, and the workers started so far."""

    def __init__(self, tmp_path: Path, broker_url: str, visit_file: Path) -> None:
        self.folder = tmp_path
        self.broker_url = broker_url
        self.factory: sessionmaker[Session] = open_store(tmp_path)
        self.database_url = str(self.factory.kw["bind"].url.render_as_string(hide_password=False))
        with self.factory() as db:
            user = add_user(db)
            self.user_id = user.id
            self.visit_id = add_visit(db, user, visit_file)
            db.commit()
        self.runner = CeleryRunner(self.factory, utc_clock, broker_url)
        self.workers: list[Worker] = []

    def start_worker(self, **env: str) -> Worker:
        worker = Worker(self.database_url, self.broker_url, self.folder / "worker", **env)
        self.workers.append(worker)
        return worker

    def job(self, job_id: str, lost_after: timedelta = QUIET_FOR) -> JobView:
        with self.factory() as db:
            view = job_status(db, job_id, now=utc_clock(), lost_after=lost_after)
            db.commit()
            return view

    def finished(self, job_id: str, timeout: float = 120) -> JobView:
        return wait_until(
            lambda: (view := self.job(job_id)).finished and view, timeout, what="the job to end"
        )

    def solving(self, job_id: str, timeout: float = 120) -> JobView:
        """Wait until the worker has found a first timetable and said so on the job."""
        return wait_until(
            lambda: (view := self.job(job_id)).score is not None and view, timeout, what="a first timetable"
        )

    def versions(self) -> int:
        with self.factory() as db:
            return int(
                db.scalar(
                    select(func.count())
                    .select_from(TimetableVersion)
                    .where(TimetableVersion.visit_id == self.visit_id)
                )
                or 0
            )

    def close(self) -> None:
        for worker in self.workers:
            worker.stop()
        self.runner.close()


@pytest.fixture
def deployment(tmp_path: Path, redis: RedisServer) -> Iterator[Deployment]:
    """The small visit: solved in a few seconds."""
    built = Deployment(tmp_path, redis.url, SMALL)
    yield built
    built.close()


@pytest.fixture
def medium_deployment(tmp_path: Path, redis: RedisServer) -> Iterator[Deployment]:
    """The medium visit: long enough a solve to stop or kill in the middle."""
    built = Deployment(tmp_path, redis.url, MEDIUM)
    yield built
    built.close()


def test_a_solve_runs_on_a_worker_and_its_progress_shows_while_it_runs(deployment: Deployment):
    deployment.start_worker()
    job_id = deployment.runner.submit_solve(deployment.visit_id, deployment.user_id, 5)
    view = deployment.finished(job_id)
    with deployment.factory() as db:
        job = db.get(SolveJob, job_id)
        assert job is not None
        ran_on = job.worker
        _version, timetable = get_timetable(db, deployment.visit_id)
    assert (view.state, view.version, view.error) == ("succeeded", 1, "")
    assert (view.placed, view.total) == (8, 8)
    assert len(timetable.assignments) == 8
    assert ran_on.startswith(f"{socket.gethostname()}:") and ran_on != f"{socket.gethostname()}:{os.getpid()}"


def test_stopping_a_remote_solve_keeps_the_best_timetable_found_so_far(medium_deployment: Deployment):
    deployment = medium_deployment
    deployment.start_worker()
    job_id = deployment.runner.submit_solve(deployment.visit_id, deployment.user_id, 300)
    running = deployment.solving(job_id)
    assert running.state == "running" and running.placed > 0  # live progress from the other process
    deployment.runner.stop(job_id)
    view = deployment.finished(job_id)
    with deployment.factory() as db:
        version, timetable = get_timetable(db, deployment.visit_id)
    assert (view.state, view.version) == ("stopped", 1)
    assert view.placed == len(timetable.assignments) > 0
    assert version.note.startswith("stopped early")


def test_the_same_request_sent_twice_starts_one_solve(deployment: Deployment):
    first = deployment.runner.submit_solve(deployment.visit_id, deployment.user_id, 5, request_key="form-1")
    again = deployment.runner.submit_solve(deployment.visit_id, deployment.user_id, 5, request_key="form-1")
    with pytest.raises(SolveAlreadyRunning) as refused:  # one solve per visit at a time
        deployment.runner.submit_solve(deployment.visit_id, deployment.user_id, 5, request_key="form-2")
    assert refused.value.job_id == first
    deployment.start_worker()
    assert again == first
    assert deployment.finished(first).state == "succeeded"
    other = deployment.runner.submit_solve(deployment.visit_id, deployment.user_id, 5, request_key="form-2")
    assert other != first
    assert deployment.finished(other).state == "succeeded"
    with deployment.factory() as db:
        jobs = db.scalar(select(func.count()).select_from(SolveJob))
    assert (jobs, deployment.versions()) == (2, 2)


def test_a_worker_killed_mid_solve_fails_the_job_which_can_be_retried_and_the_published_plan_stays(
    medium_deployment: Deployment,
):
    deployment = medium_deployment
    with deployment.factory() as db:
        save_version(
            db, None, deployment.visit_id, load_timetable(SHARED / "examples" / "medium.planted.json"), NOW
        )
        publish_version(db, None, deployment.visit_id, 1, NOW)
        db.commit()
        published_before = get_timetable(db, deployment.visit_id, 1)[1]

    worker = deployment.start_worker()
    job_id = deployment.runner.submit_solve(deployment.visit_id, deployment.user_id, 300)
    assert deployment.solving(job_id).state == "running"
    worker.kill()

    failed = deployment.finished(job_id, timeout=30)
    assert (failed.state, failed.error, failed.retryable, failed.version) == (
        "failed",
        LOST_MESSAGE,
        True,
        None,
    )
    with deployment.factory() as db:
        published = published_version(db, deployment.visit_id)
        assert published is not None and published.number == 1
        assert get_timetable(db, deployment.visit_id, 1)[1] == published_before
    assert deployment.versions() == 1

    deployment.start_worker()
    retry_key = f"retry-of-{job_id}"
    retried = deployment.runner.submit_solve(
        deployment.visit_id, deployment.user_id, 300, request_key=retry_key, retry_of=job_id
    )
    assert (
        deployment.runner.submit_solve(deployment.visit_id, deployment.user_id, 300, request_key=retry_key)
        == retried
    )
    deployment.solving(retried)
    deployment.runner.stop(retried)
    view = deployment.finished(retried)
    assert (view.state, view.version, view.retry_of) == ("stopped", 2, job_id)
    with deployment.factory() as db:
        published = published_version(db, deployment.visit_id)
        assert published is not None and published.number == 1


def test_a_solve_asked_for_while_the_broker_is_away_fails_at_once_with_a_clear_message(tmp_path: Path):
    factory = open_store(tmp_path)
    with factory() as db:
        user = add_user(db)
        visit_id = add_visit(db, user, SMALL)
        db.commit()
    runner = CeleryRunner(factory, utc_clock, f"redis://127.0.0.1:{free_port()}/0")
    try:
        with pytest.raises(BrokerUnavailable, match="job queue could not be reached"):
            runner.submit_solve(visit_id, user.id, 5)
    finally:
        runner.close()
    with factory() as db:
        [job] = db.scalars(select(SolveJob))
        assert (job.state, job.error) == (
            "failed",
            "the planner's job queue could not be reached; please try again in a minute",
        )


def test_a_worker_sends_the_queued_invites_each_exactly_once(
    deployment: Deployment, smtp_server: SmtpCatcher
):
    with deployment.factory() as db:
        save_version(
            db, None, deployment.visit_id, load_timetable(SHARED / "examples" / "small.planted.json"), NOW
        )
        sent = send_publication(
            db, None, deployment.visit_id, None, NOW, lambda token, answer: f"http://x/{token}/{answer}"
        )
        db.commit()
        queued = db.scalar(select(func.count()).select_from(OutboxEmail))
    assert queued and queued == len(sent.outbox_ids)
    deployment.start_worker(FIELDWORK_SMTP_URL=smtp_server.url)
    deployment.runner.wake_mail()

    def all_sent() -> bool:
        with deployment.factory() as db:
            return set(db.scalars(select(OutboxEmail.state))) == {"sent"}

    wait_until(all_sent, 60, what="every email to be sent")
    received = smtp_server.wait_for(queued)
    message_ids = [str(item.message["Message-ID"]) for item in received]
    assert len(message_ids) == len(set(message_ids)) == queued
