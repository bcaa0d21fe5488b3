"""What a finished solve job says about how it ended: complete, out of time, stopped or impossible."""

from __future__ import annotations

from dataclasses import replace

from scheduler.jobs.status import JobView

LARGE_VISIT_JOB = JobView(
    id="job-1",
    visit_id=1,
    state="succeeded",
    elapsed=10.0,
    score=33000,
    bound=34900,
    placed=88,
    total=91,
    musts=53,
    version=4,
    error="",
    time_limit=10.0,
    retry_of=None,
    musts_placed=53,
    version_status="FEASIBLE",
)


def test_a_complete_plan_says_every_must_session_is_placed():
    assert LARGE_VISIT_JOB.outcome == "Every must session is placed; the plan is version 4."


def test_a_plan_cut_short_by_the_time_limit_says_so_and_how_long_similar_visits_take():
    job = replace(LARGE_VISIT_JOB, musts_placed=51, version_status="UNKNOWN")

    assert job.outcome == (
        "Time ran out before every must session was placed (51 of 53 must sessions placed); the plan "
        "so far is version 4. A longer time limit may place the rest: visits of up to 100 sessions "
        "usually have every must session placed within 10 s on a 2-core machine. Try 20 s."
    )


def test_a_plan_proved_impossible_says_so_without_blaming_the_time_limit():
    job = replace(LARGE_VISIT_JOB, musts_placed=52, version_status="INFEASIBLE")

    assert job.outcome == (
        "Some must sessions cannot be placed: the planner proved it. Version 4 lists each one "
        "with the reasons under Unscheduled."
    )


def test_a_stopped_plan_says_it_was_stopped():
    job = replace(LARGE_VISIT_JOB, state="stopped", musts_placed=40, version_status="UNKNOWN")

    assert job.outcome == (
        "Stopped before every must session was placed (40 of 53 must sessions placed); the plan so far "
        "is version 4."
    )


def test_a_running_job_has_no_outcome_yet():
    assert replace(LARGE_VISIT_JOB, state="running", version=None).outcome == ""
