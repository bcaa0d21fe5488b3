"""A decline resolved: ranked ways out that keep every rule, and one applied and published to the
people it changes only. The medium example visit with its planted plan, published."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from scheduler.errors import NotFound, ServiceError
from scheduler.files.timetable_file import load_timetable
from scheduler.invites.declines import find_decline, open_declines, resolve_decline, ways_out
from scheduler.invites.ledger import declines_by_session
from scheduler.invites.publishing import send_publication
from scheduler.planning.move_preview import find_placed, solver_assignments
from scheduler.planning.to_solver import build_problem
from scheduler.services.timetables import get_timetable, save_version
from scheduler.services.visits import load_visit
from solver.checker import find_violations
from tests.support.publishing import RsvpLinks as Links
from tests.support.store import EXAMPLES, MEDIUM, NOW, SMALL, add_user, add_visit, open_store

PLANTED = load_timetable(EXAMPLES / "medium.planted.json")


@pytest.fixture
def published(tmp_path: Path) -> tuple[Session, int, Links]:
    db = open_store(tmp_path)()
    user = add_user(db)
    visit_id = add_visit(db, user, MEDIUM)
    save_version(db, user, visit_id, PLANTED, NOW)
    links = Links()
    send_publication(db, user, visit_id, 1, NOW, links)
    db.commit()
    return db, visit_id, links


def _valid(db: Session, visit_id: int, number: int) -> bool:
    visit = load_visit(db, visit_id)
    timetable = get_timetable(db, visit_id, number)[1]
    return find_violations(build_problem(visit), solver_assignments(visit, timetable.assignments)) == []


@pytest.mark.slow
def test_a_pool_member_who_declines_is_replaced_with_one_click_and_only_that_sessions_people_are_told(
    published: tuple[Session, int, Links],
) -> None:
    db, visit_id, links = published
    # Carmen Stewart declines the Preparing for Adulthood focus group (a must, 7 of a pool of 13).
    links.decline(db, visit_id, "s20", "p48")

    decline = find_decline(db, visit_id, "s20", "p48")
    assert (decline.name, decline.title) == (
        "Carmen Stewart",
        "Focus group: Preparing for Adulthood practitioners",
    )
    ways = ways_out(db, visit_id, "s20", "p48", NOW)

    kinds = [way.kind for way in ways]
    assert kinds[0] == "swap" and "time" in kinds and kinds[-1] == "without"
    assert "drop" not in kinds  # a must session is never offered for dropping
    first = ways[0]
    assert first.text.startswith("Ask ") and first.text.endswith(" instead of Carmen Stewart")
    assert len(first.changes) == 1 and "Carmen Stewart leaves" in first.changes[0]
    # Swapping tells the focus group's people and no one else: not the 100-odd others invited.
    s20 = find_placed(PLANTED, "s20")
    assert s20 is not None
    assert "Carmen Stewart" in first.told and len(first.told) <= len(s20.attendees) + len(s20.assessors) + 2
    later = next(way for way in ways if way.kind == "time")
    assert "when Carmen Stewart is free" in later.text

    # A way out that is not (or no longer) offered changes nothing.
    with pytest.raises(ServiceError, match="That way out is no longer possible"):
        resolve_decline(db, None, visit_id, "s20", "p48", "swap:p999", NOW, links)
    assert get_timetable(db, visit_id)[0].number == 1

    # One click: the first way out is saved, published, and told to that session's people only.
    newcomer = first.key.split(":", 1)[1]

    number, sent = resolve_decline(db, None, visit_id, "s20", "p48", first.key, NOW, links)

    assert number == 2 and _valid(db, visit_id, number)
    placed = find_placed(get_timetable(db, visit_id, number)[1], "s20")
    assert placed is not None and newcomer in placed.attendees and "p48" not in placed.attendees
    messages = sent.publication.messages
    assert {m.session for m in messages} == {"s20"}
    carmen = [m for m in messages if m.recipient.key == "p48"]
    assert [(m.kind, m.removed) for m in carmen] == [("cancel", True)]  # taken off, the event goes on
    assert [m.kind for m in messages if m.recipient.key == newcomer] == ["new"]
    assert open_declines(db, visit_id) == [] and "s20" not in declines_by_session(db, visit_id)
    assert get_timetable(db, visit_id, number)[0].note.startswith(
        "decline resolved from version 1: Carmen Stewart declined"
        " 'Focus group: Preparing for Adulthood practitioners'"
    )


def test_a_should_session_can_be_dropped_and_the_decline_is_then_resolved(tmp_path: Path) -> None:
    db = open_store(tmp_path)()
    user = add_user(db)
    visit_id = add_visit(db, user, SMALL)
    save_version(db, user, visit_id, load_timetable(EXAMPLES / "small.planted.json"), NOW)
    links = Links()
    send_publication(db, user, visit_id, 1, NOW, links)
    # Bernadette Ward declines the Extra Care Housing focus group: a should, all 8 of its pool invited.
    links.decline(db, visit_id, "s4", "p5")

    ways = ways_out(db, visit_id, "s4", "p5", NOW)

    assert "swap" not in {way.kind for way in ways}  # nobody else in the pool is left to ask
    assert ways[-1].kind == "drop" and ways[-1].text == "Drop the session (should)"
    assert any(way.kind == "without" for way in ways)  # 7 still meet its minimum of 4
    number, sent = resolve_decline(db, None, visit_id, "s4", "p5", "drop", NOW, links)
    assert find_placed(get_timetable(db, visit_id, number)[1], "s4") is None
    assert {m.kind for m in sent.publication.messages} == {"cancel"}
    assert {m.session for m in sent.publication.messages} == {"s4"}
    assert len(sent.publication.messages) == 9  # its 8 practitioners and its assessor
    with pytest.raises(NotFound):
        resolve_decline(db, None, visit_id, "s4", "p5", "drop", NOW, links)  # already resolved


def test_an_assessor_who_declines_is_replaced_by_another_assessor_who_is_free(tmp_path: Path) -> None:
    db = open_store(tmp_path)()
    user = add_user(db)
    visit_id = add_visit(db, user, SMALL)
    save_version(db, user, visit_id, load_timetable(EXAMPLES / "small.planted.json"), NOW)
    links = Links()
    send_publication(db, user, visit_id, 1, NOW, links)
    # Priya Singh, the Extra Care Housing focus group's assessor (10:15-11:30), declines it;
    # Connor Davies is free then (his opening presentation ends at 10:15).
    links.decline(db, visit_id, "s4", "a2")

    decline = find_decline(db, visit_id, "s4", "a2")
    assert (decline.name, decline.kind) == ("Priya Singh", "assessor")
    assert declines_by_session(db, visit_id) == {"s4": ["Priya Singh"]}
    ways = ways_out(db, visit_id, "s4", "a2", NOW)

    # Before: an assessor's decline was not listed, so it had no ways out at all.
    assert (ways[0].kind, ways[0].text) == ("swap", "Ask Connor Davies to assess instead of Priya Singh")
    assert (ways[-1].kind, ways[-1].text) == ("drop", "Drop the session (should)")
    later = [way for way in ways if way.kind == "time"]
    assert later and all(way.text.endswith("when Priya Singh is free") for way in later)
    for way in later:  # she assesses it at its new time
        moved = find_placed(way.timetable, "s4")
        assert moved is not None and moved.assessors == ("a2",) and moved.start != "10:15"
    assert {way.kind for way in ways} == {"swap", "time", "drop"}
    number, sent = resolve_decline(db, None, visit_id, "s4", "a2", "swap:a1", NOW, links)
    s4 = find_placed(get_timetable(db, visit_id, number)[1], "s4")
    assert s4 is not None and s4.assessors == ("a1",)
    # Nobody else hears of it, but for the escort who now meets Connor Davies after this session.
    assert {(m.session, m.event) for m in sent.publication.messages} == {
        ("s4", "session"),
        ("s5", "escort"),
    }
    kinds = {m.recipient.name: m.kind for m in sent.publication.messages if m.event == "session"}
    assert kinds["Priya Singh"] == "cancel" and kinds["Connor Davies"] == "new"
    assert _valid(db, visit_id, number)
    assert open_declines(db, visit_id) == []


def test_an_assessors_decline_can_move_the_session_to_when_they_are_free(tmp_path: Path) -> None:
    db = open_store(tmp_path)()
    user = add_user(db)
    visit_id = add_visit(db, user, SMALL)
    save_version(db, user, visit_id, load_timetable(EXAMPLES / "small.planted.json"), NOW)
    links = Links()
    send_publication(db, user, visit_id, 1, NOW, links)
    links.decline(db, visit_id, "s4", "a2")  # Priya Singh cannot assess the focus group at 10:15
    later = next(way for way in ways_out(db, visit_id, "s4", "a2", NOW) if way.kind == "time")

    number, _sent = resolve_decline(db, None, visit_id, "s4", "a2", later.key, NOW, links)

    moved = find_placed(get_timetable(db, visit_id, number)[1], "s4")
    assert moved is not None and moved.assessors == ("a2",)
    assert f"{moved.day} {moved.start}" == later.key.split(":", 1)[1].rsplit(" ", 1)[0]
    assert _valid(db, visit_id, number)
