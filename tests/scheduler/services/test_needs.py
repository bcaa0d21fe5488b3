"""People's needs reach the coordinator: kept when no room meets them, flagged before solving,
named when a session cannot be placed, and kept from anyone who may not read them."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from scheduler.domain.needs import without_need_owners
from scheduler.services.needs import person_needs, session_needs
from scheduler.services.planning_jobs import plan_visit
from scheduler.services.readiness import SessionProblem, visit_readiness
from scheduler.services.timetables import get_timetable
from scheduler.services.visits import load_visit, update_visit
from tests.support.needs import answer_with_needs, write_visit_without_hearing_loops
from tests.support.store import NOW, add_user, add_visit, open_store

HEARING_LOOP_REASON = "no room has hearing_loop, which Sean Palmer needs"


def _store(tmp_path: Path):  # type: ignore[no-untyped-def]
    factory = open_store(tmp_path)
    with factory() as db:
        visit_id = add_visit(db, add_user(db), write_visit_without_hearing_loops(tmp_path))
        db.commit()
    return factory, visit_id


def test_a_need_no_room_meets_is_kept_in_the_visit_not_dropped(tmp_path: Path) -> None:
    factory, visit_id = _store(tmp_path)
    answer_with_needs(factory, visit_id, "p26", ["hearing_loop"], "My hearing aid whistles in big rooms")
    with factory() as db:
        sean = next(p for p in load_visit(db, visit_id).people if p.id == "p26")
    assert sean.needs == ("hearing_loop",)


def test_readiness_flags_the_need_no_room_meets_before_solving(tmp_path: Path) -> None:
    factory, visit_id = _store(tmp_path)
    answer_with_needs(factory, visit_id, "p26", ["hearing_loop"])
    with factory() as db:
        _visit, check, needs = visit_readiness(db, visit_id, see_needs=True)
    [unmet] = check.unmet_needs
    assert unmet.text == "Sean Palmer needs a hearing loop; no room has it"
    assert unmet.sessions == (("s8", "Case tracking: conversation with person B", "it cannot be placed"),)
    assert (
        SessionProblem(
            "s8",
            "Case tracking: conversation with person B",
            "must",
            ("no 60-minute slot on Tue 10 Mar when a fitting room is free", HEARING_LOOP_REASON),
        )
        in check.musts_without_start
    )
    # Dan Allen's step-free need comes from the visit file; a room meets it, so it is listed, not flagged
    assert needs is not None and [p.name for p in needs.people] == ["Dan Allen", "Sean Palmer"]


def test_the_plan_names_the_unmet_need_as_why_the_session_was_not_placed(tmp_path: Path) -> None:
    factory, visit_id = _store(tmp_path)
    answer_with_needs(factory, visit_id, "p26", ["hearing_loop"])
    with factory() as db:
        number = plan_visit(db, None, visit_id, NOW, time_limit=10)
        db.commit()
        _version, timetable = get_timetable(db, visit_id, number)
    reasons = {u.session: u.reason for u in timetable.unscheduled}
    assert HEARING_LOOP_REASON in reasons["s8"]


def test_a_reader_who_may_not_see_needs_reads_the_reason_without_whose_need_it_is(tmp_path: Path) -> None:
    factory, visit_id = _store(tmp_path)
    answer_with_needs(factory, visit_id, "p26", ["hearing_loop"])
    with factory() as db:
        _visit, check, needs = visit_readiness(db, visit_id)
    assert needs is None and check.unmet_needs == ()
    [s8] = [p for p in check.musts_without_start if p.id == "s8"]
    assert s8.reasons[1] == "no room has hearing_loop, which an attendee needs"
    assert "Sean Palmer" not in " ".join(s8.reasons)


def test_needs_owners_are_left_out_of_each_clause_of_a_joined_reason() -> None:
    joined = (
        "no room has step_free, which Aisha Rahman needs; no room has hearing_loop, which Kieran Gill needs"
    )
    assert without_need_owners(joined) == (
        "no room has step_free, which an attendee needs; no room has hearing_loop, which an attendee needs"
    )


def test_the_person_page_and_the_session_page_read_the_interpreter_need_and_the_note(tmp_path: Path) -> None:
    factory, visit_id = _store(tmp_path)
    answer_with_needs(factory, visit_id, "p8", ["step_free", "interpreter"], "Urdu interpreter, please")
    with factory() as db:
        fatima = person_needs(db, visit_id, "p8")
        focus_group = session_needs(db, visit_id, "s4")
    assert (fatima.name, fatima.needs, fatima.note) == (
        "Fatima Bennett",
        ("an interpreter", "step-free access"),
        "Urdu interpreter, please",
    )
    assert fatima.answered_at == NOW
    assert focus_group == (fatima,)


def test_the_coordinator_still_saves_the_visit_after_a_need_no_room_meets(tmp_path: Path) -> None:
    factory, visit_id = _store(tmp_path)
    answer_with_needs(factory, visit_id, "p26", ["hearing_loop"])
    with factory() as db:
        visit = load_visit(db, visit_id)
        renamed = dataclasses.replace(visit, name="Westmere assessment: on-site visit")
        update_visit(db, None, visit_id, renamed, NOW)
        db.commit()
    with factory() as db:
        visit = load_visit(db, visit_id)
    assert visit.name == "Westmere assessment: on-site visit"
    assert next(p for p in visit.people if p.id == "p26").needs == ("hearing_loop",)
