"""Case tracking with reserves: the ranked list drives the conversations' priorities, and a
withdrawal promotes the next reserve."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.errors import ServiceError
from scheduler.services.case_tracking import (
    add_case_tracking_person,
    case_tracking_list,
    start_from_sessions,
    update_case_tracking_person,
    withdraw,
)
from scheduler.services.visits import load_visit
from tests.support.store import MEDIUM, NOW, add_user, add_visit, open_store


@pytest.fixture
def store(tmp_path: Path):
    factory = open_store(tmp_path)
    with factory() as db:
        user = add_user(db)
        visit_id = add_visit(db, user, MEDIUM)
        db.commit()
        yield db, user, visit_id


def priorities(db, visit_id, *keys):
    sessions = {s.id: s for s in load_visit(db, visit_id).sessions}
    return [sessions[key].priority if key in sessions else None for key in keys]


def test_the_list_starts_from_the_visits_case_tracking_sessions_six_chosen_then_four_reserves(store):
    db, user, visit_id = store
    assert start_from_sessions(db, user, visit_id, NOW) == 10
    rows = case_tracking_list(db, visit_id)
    assert [(r.person, r.status, r.session) for r in rows] == [
        ("p122", "chosen", "s26"),
        ("p123", "chosen", "s28"),
        ("p125", "chosen", "s30"),
        ("p126", "chosen", "s32"),
        ("p127", "chosen", "s34"),
        ("p128", "chosen", "s36"),
        ("p129", "reserve", "s38"),
        ("p130", "reserve", "s39"),
        ("p132", "reserve", "s40"),
        ("p133", "reserve", "s41"),
    ]
    assert rows[1].support == ("carer_present",)


def test_withdrawal_promotes_the_next_reserve_and_removes_the_withdrawn_conversation(store):
    db, user, visit_id = store
    start_from_sessions(db, user, visit_id, NOW)
    result = withdraw(db, user, visit_id, "p122", NOW)
    assert result.promoted == "p129"
    assert result.removed_sessions == ("s26", "s27")  # the conversation and the practitioner's after it
    assert result.replan_link == f"/visits/{visit_id}/plan"
    assert priorities(db, visit_id, "s26", "s27", "s38", "s39") == [None, None, "must", "reserve"]
    rows = case_tracking_list(db, visit_id)
    assert [(r.person, r.status) for r in rows if r.status != "reserve"][-2:] == [
        ("p129", "chosen"),
        ("p122", "withdrawn"),
    ]


def test_a_reserve_who_refused_consent_is_passed_over(store):
    db, user, visit_id = store
    start_from_sessions(db, user, visit_id, NOW)
    update_case_tracking_person(
        db,
        user,
        visit_id,
        "p129",
        consent="no",
        consent_date="2026-07-01",
        support=(),
        setting="on_site",
        now=NOW,
    )
    assert withdraw(db, user, visit_id, "p125", NOW).promoted == "p130"
    assert priorities(db, visit_id, "s30", "s31", "s39", "s38") == [None, None, "must", "reserve"]


def test_adding_a_person_without_a_conversation_adds_one_with_the_matching_priority(store):
    db, user, visit_id = store
    add_case_tracking_person(
        db,
        user,
        visit_id,
        "p134",
        reserve=True,
        consent="yes",
        consent_date="2026-07-01",
        support=("interpreter", "advocate"),
        setting="virtual",
        now=NOW,
    )
    [row] = case_tracking_list(db, visit_id)
    assert (row.person, row.status, row.priority) == ("p134", "reserve", "reserve")
    session = next(s for s in load_visit(db, visit_id).sessions if s.id == row.session)
    assert (session.kind, session.mode, session.required_people) == ("case_tracking", "virtual", ("p134",))


def test_a_new_conversation_is_numbered_never_named_after_the_person(store):
    db, user, visit_id = store
    tracked = sum(1 for s in load_visit(db, visit_id).sessions if s.kind == "case_tracking")
    add_case_tracking_person(
        db, user, visit_id, "p134", reserve=False, consent="yes", consent_date=None, support=(),
        setting="on_site", now=NOW,
    )  # fmt: skip
    [row] = case_tracking_list(db, visit_id)
    assert row.name == "Eleanor Adeyemi"  # the coordinator's list names her
    assert (row.session, row.session_title) == (
        f"ct-{tracked + 1}",
        f"Case tracking: conversation {tracked + 1}",
    )


def test_bad_consent_support_and_setting_are_refused_with_every_problem_named(store):
    db, user, visit_id = store
    with pytest.raises(ServiceError) as refused:
        add_case_tracking_person(
            db,
            user,
            visit_id,
            "p134",
            reserve=False,
            consent="maybe",
            consent_date="2026-02-30",
            support=("taxi",),
            setting="moon",
            now=NOW,
        )
    assert refused.value.problems == [
        "consent is yes, no or not asked yet, not 'maybe'",
        "the consent date '2026-02-30' is not a day YYYY-MM-DD",
        "'taxi' is not a kind of support (advocate, interpreter, carer_present)",
        "the setting is at home, on site or virtual, not 'moon'",
    ]
