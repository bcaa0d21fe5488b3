"""One solve job's life on its row: claimed once, heartbeat, stop request, lost when it goes quiet."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select
from store_support import MEDIUM, NOW, SMALL, add_user, add_visit, open_store

from scheduler.db.jobs import SolveJob
from scheduler.db.timetables import TimetableVersion
from scheduler.jobs.execution import create_job, request_stop, run_solve_job
from scheduler.jobs.runner import RESTARTED_MESSAGE, InProcessRunner
from scheduler.jobs.status import LOST_MESSAGE, job_status


def utc_clock() -> datetime:
    return datetime.now(UTC)


def prepared(tmp_path: Path, visit_file: Path = SMALL):
    factory = open_store(tmp_path)
    with factory() as db:
        user = add_user(db)
        visit_id = add_visit(db, user, visit_file)
        db.commit()
    return factory, user.id, visit_id


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
    other, _ = create_job(factory, visit_id, user_id, 5, NOW, request_key="other")
    assert (created_first, created_again) == (True, False)
    assert again == first != other
    with factory() as db:
        assert job_status(db, first).time_limit == 5  # the repeat did not change the first request


def test_a_stop_requested_on_the_row_reaches_the_solver_within_a_heartbeat(tmp_path: Path):
    factory, user_id, visit_id = prepared(tmp_path, MEDIUM)
    job_id, _ = create_job(factory, visit_id, user_id, 300, utc_clock())
    request_stop(factory, job_id)  # e.g. from another web process, before the solve even began
    run_solve_job(factory, job_id, utc_clock, heartbeat_every=0.2)
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
