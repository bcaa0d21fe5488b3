"""The in-process runner: solves on a thread, records progress, and keeps the best plan when stopped."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scheduler.db.jobs import SolveJob
from scheduler.errors import NotFound
from scheduler.jobs.runner import InProcessRunner
from scheduler.jobs.status import job_status
from scheduler.services.timetables import get_timetable
from tests.support.store import MEDIUM, NOW, SMALL, add_user, add_visit, open_store


def utc_clock() -> datetime:
    return datetime.now(UTC)


def prepared(tmp_path: Path, visit_file: Path):
    factory = open_store(tmp_path)
    with factory() as db:
        user = add_user(db)
        visit_id = add_visit(db, user, visit_file)
        db.commit()
    return factory, user.id, visit_id


def test_a_submitted_solve_runs_to_completion_and_records_its_result(tmp_path: Path):
    factory, user_id, visit_id = prepared(tmp_path, SMALL)
    runner = InProcessRunner(factory, utc_clock)
    job_id = runner.submit_solve(visit_id, user_id, 5)
    assert runner.wait(job_id, timeout=60)
    with factory() as db:
        view = job_status(db, job_id)
        version, timetable = get_timetable(db, visit_id)
        job = db.get(SolveJob, job_id)
        assert job is not None and job.started_at is not None and job.finished_at is not None
        assert job.submitted_at <= job.started_at <= job.finished_at
    assert (view.state, view.version, view.error, view.finished) == ("succeeded", 1, "", True)
    assert (view.placed, view.total, view.musts) == (8, 8, 6)
    assert (view.score, view.bound) == (version.objective, version.bound)
    assert len(timetable.assignments) == 8
    assert version.created_by == user_id


def test_stopping_a_solve_keeps_the_best_timetable_found_so_far(tmp_path: Path):
    factory, user_id, visit_id = prepared(tmp_path, MEDIUM)
    runner = InProcessRunner(factory, utc_clock)
    job_id = runner.submit_solve(visit_id, user_id, 120)
    deadline = time.monotonic() + 90
    with factory() as db:
        while (view := job_status(db, job_id)).score is None and time.monotonic() < deadline:
            time.sleep(0.2)
            db.expire_all()
    assert view.state == "running"  # progress is recorded while the solve goes on
    assert view.placed > 0
    runner.stop(job_id)
    assert runner.wait(job_id, timeout=60)
    with factory() as db:
        view = job_status(db, job_id)
        version, timetable = get_timetable(db, visit_id)
    assert (view.state, view.version) == ("stopped", 1)
    assert view.placed == len(timetable.assignments) > 0
    assert version.note.startswith("stopped early: the best plan found so far")


def test_a_solve_of_a_missing_visit_is_refused_at_once(tmp_path: Path):
    factory, user_id, visit_id = prepared(tmp_path, SMALL)
    runner = InProcessRunner(factory, utc_clock)
    with pytest.raises(NotFound):
        runner.submit_solve(visit_id + 1, user_id, 5)
    with factory() as db, pytest.raises(NotFound):
        job_status(db, "no-such-job")


def test_jobs_left_running_by_a_previous_process_are_marked_failed(tmp_path: Path):
    factory, user_id, visit_id = prepared(tmp_path, SMALL)
    with factory() as db:
        db.add(SolveJob(id="old-job", visit_id=visit_id, user_id=user_id, state="running", submitted_at=NOW))
        db.commit()
    InProcessRunner(factory, utc_clock)
    with factory() as db:
        view = job_status(db, "old-job")
    assert (view.state, view.error) == (
        "failed",
        "the server restarted during this solve; please start it again",
    )
