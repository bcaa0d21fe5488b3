"""One solve job's life on its row: claimed once, heartbeat, stop request, lost when it goes quiet."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from scheduler.db.jobs import SolveJob
from scheduler.db.timetables import TimetableVersion
from scheduler.jobs.execution import SolveAlreadyRunning, create_job, request_stop, run_solve_job
from scheduler.jobs.runner import RESTARTED_MESSAGE, InProcessRunner
from scheduler.jobs.status import LOST_MESSAGE, job_status
from tests.support.store import MEDIUM, NOW, SMALL, add_user, add_visit, open_store


def utc_clock() -> datetime:
    return datetime.now(UTC)


def prepared(tmp_path: Path, visit_file: Path = SMALL):
    factory = open_store(tmp_path)
    with factory() as db:
        user = add_user(db)
        visit_id = add_visit(db, user, visit_file)
        db.commit()
    return factory, user.id, visit_id


def job_state(factory, job_id: str) -> str:
    with factory() as db:
        return job_status(db, job_id).state


def wait_until(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def versions(factory) -> int:
    with factory() as db:
        return int(db.scalar(select(func.count()).select_from(TimetableVersion)) or 0)


def test_a_job_delivered_twice_is_solved_once(tmp_path: Path):
    factory, user_id, visit_id = prepared(tmp_path)
    job_id, created = create_job(factory, visit_id, user_id, 5, utc_clock())
    assert created
    assert run_solve_job(factory, job_id, utc_clock) is True
    assert run_solve_job(factory, job_id, utc_clock) is False
    with factory() as db:
        assert job_status(db, job_id).state == "succeeded"
    assert versions(factory) == 1


def test_a_request_key_names_one_job_per_visit(tmp_path: Path):
    factory, user_id, visit_id = prepared(tmp_path)
    first, created_first = create_job(factory, visit_id, user_id, 5, NOW, request_key="k")
    again, created_again = create_job(factory, visit_id, user_id, 60, NOW, request_key="k")
    assert (created_first, created_again) == (True, False)
    assert again == first
    with factory() as db:
        assert job_status(db, first).time_limit == 5  # the repeat did not change the first request


def test_another_start_while_the_visit_is_being_planned_names_the_solve_already_queued(tmp_path: Path):
    factory, user_id, visit_id = prepared(tmp_path)
    first, _ = create_job(factory, visit_id, user_id, 5, NOW, request_key="first")
    with pytest.raises(SolveAlreadyRunning) as refused:
        create_job(factory, visit_id, user_id, 5, NOW, request_key="second")
    assert refused.value.job_id == first
    assert refused.value.message == (
        "This visit is already being planned (started 09:30 UTC): here is that solve. "
        "Stop it first to start again with other settings."
    )
    request_stop(factory, first, NOW)
    second, created = create_job(factory, visit_id, user_id, 5, NOW, request_key="second")
    assert created and second != first


def test_stopping_a_job_that_has_not_started_ends_it_at_once_with_no_plan(tmp_path: Path):
    factory, user_id, visit_id = prepared(tmp_path)
    job_id, _ = create_job(factory, visit_id, user_id, 5, NOW)
    request_stop(factory, job_id, NOW)
    assert run_solve_job(factory, job_id, utc_clock) is False  # nobody claims it any more
    with factory() as db:
        view = job_status(db, job_id)
    assert (view.state, view.version, view.finished) == ("stopped", None, True)
    assert versions(factory) == 0


def test_a_stop_requested_on_the_row_reaches_the_solver_within_a_heartbeat(tmp_path: Path):
    factory, user_id, visit_id = prepared(tmp_path, MEDIUM)
    job_id, _ = create_job(factory, visit_id, user_id, 300, utc_clock())
    solving = threading.Thread(
        target=run_solve_job, args=(factory, job_id, utc_clock), kwargs={"heartbeat_every": 0.2}
    )
    solving.start()
    wait_until(lambda: job_state(factory, job_id) == "running")
    request_stop(factory, job_id, utc_clock())  # e.g. from another web process
    solving.join(120)
    with factory() as db:
        view = job_status(db, job_id)
    assert (view.state, view.version) == ("stopped", 1)


def test_a_running_job_whose_heartbeat_went_quiet_is_reported_failed_and_retryable(tmp_path: Path):
    factory, _user_id, visit_id = prepared(tmp_path)
    beat = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
    with factory() as db:
        db.add(
            SolveJob(
                id="quiet",
                visit_id=visit_id,
                state="running",
                submitted_at=beat,
                started_at=beat,
                heartbeat_at=beat,
            )
        )
        db.commit()
        still_alive = job_status(db, "quiet", now=beat + timedelta(seconds=30))
        lost = job_status(db, "quiet", now=beat + timedelta(seconds=31))
        db.commit()
    assert (still_alive.state, still_alive.retryable) == ("running", False)
    assert (lost.state, lost.error, lost.retryable) == ("failed", LOST_MESSAGE, True)
    with factory() as db:
        assert job_status(db, "quiet").state == "failed"  # recorded, not only shown


def test_a_starting_web_process_leaves_another_processs_live_solve_alone(tmp_path: Path):
    factory, _user_id, visit_id = prepared(tmp_path)
    now = utc_clock()
    with factory() as db:
        db.add(SolveJob(id="live", visit_id=visit_id, state="running", submitted_at=now, heartbeat_at=now))
        db.add(SolveJob(id="just-queued", visit_id=visit_id, state="queued", submitted_at=now))
        old = now - timedelta(minutes=5)
        db.add(SolveJob(id="dead", visit_id=visit_id, state="running", submitted_at=old, heartbeat_at=old))
        db.commit()
    InProcessRunner(factory, utc_clock)
    with factory() as db:
        states = {
            job_id: (job_status(db, job_id).state, job_status(db, job_id).error)
            for job_id in ("live", "just-queued", "dead")
        }
    assert states == {
        "live": ("running", ""),
        "just-queued": ("queued", ""),
        "dead": ("failed", RESTARTED_MESSAGE),
    }


def test_a_retried_re_plan_keeps_what_the_failed_one_kept_frozen_and_how_late_the_day_ran(tmp_path: Path):
    from scheduler.jobs.execution import fail_job

    factory, user_id, visit_id = prepared(tmp_path)
    failed, _ = create_job(
        factory, visit_id, user_id, 5, NOW, frozen_before="2026-03-10 12:00", late_minutes=20
    )
    fail_job(factory, failed, "the planner's worker stopped", NOW)

    retried, created = create_job(factory, visit_id, user_id, 5, NOW, retry_of=failed)

    with factory() as db:
        view = job_status(db, retried)
    assert created and (view.frozen_before, view.late_minutes) == ("2026-03-10 12:00", 20)
