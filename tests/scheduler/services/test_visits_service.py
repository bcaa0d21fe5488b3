"""Visits in the database: import and export, access, and edits that say what changed."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scheduler import domain
from scheduler.db.visits import SessionRecord
from scheduler.errors import NotFound, ServiceError
from scheduler.files.visit_file import visit_to_dict
from scheduler.services.audit import list_audit
from scheduler.services.visits import (
    VisitSettings,
    delete_person,
    delete_travel,
    import_visit,
    list_visits,
    load_visit,
    require_visit,
    save_person,
    save_room,
    save_session,
    save_travel,
    save_visit_settings,
    update_visit,
    visit_settings,
)
from tests.support.store import EXAMPLES, NOW, add_user, add_visit, example_json, example_visit, open_store


@pytest.fixture
def db(tmp_path: Path):
    with open_store(tmp_path)() as session:
        yield session


def session_of(visit: domain.Visit, session_id: str) -> domain.Session:
    return next(s for s in visit.sessions if s.id == session_id)


def test_an_imported_visit_exports_back_as_the_same_file(tmp_path: Path):
    factory = open_store(tmp_path)
    with factory() as db:
        visit_id = import_visit(db, add_user(db), example_visit(), NOW)
        db.commit()
    with factory() as db:  # a fresh session: everything comes from the database file
        assert visit_to_dict(load_visit(db, visit_id)) == example_json()


def test_a_visit_with_teams_managers_and_supporters_exports_back_as_the_same_file(tmp_path: Path):
    teams = EXAMPLES / "medium-teams.json"
    factory = open_store(tmp_path)
    with factory() as db:
        visit_id = import_visit(db, add_user(db), example_visit(teams), NOW)
        db.commit()
    with factory() as db:
        exported = visit_to_dict(load_visit(db, visit_id))
    assert exported == example_json(teams)
    assert exported["teams"][0] == {"name": "Business support", "max_away": 1, "frontline": False}


def test_the_importer_becomes_the_visits_coordinator_and_sees_it_listed(db: Session):
    user = add_user(db)
    visit_id = add_visit(db, user)
    [summary] = list_visits(db, user)
    assert (summary.id, summary.name, summary.organisation) == (
        visit_id,
        "Adult social care peer challenge: on-site visit",
        "Westmere County Council",
    )
    assert summary.days == ("2026-07-28", "2026-07-29", "2026-07-30")
    assert (summary.session_count, summary.person_count, summary.room_count) == (45, 152, 10)
    assert (summary.latest_version, summary.latest_state, summary.published_version) == (None, None, None)
    assert require_visit(db, user, visit_id).id == visit_id


def test_a_coordinator_who_is_not_a_member_gets_not_found_exactly_as_for_a_missing_visit(db: Session):
    owner = add_user(db)
    stranger = add_user(db, "stranger@example.org", "Stranger")
    visit_id = add_visit(db, owner)
    with pytest.raises(NotFound) as not_member:
        require_visit(db, stranger, visit_id)
    with pytest.raises(NotFound) as missing:
        require_visit(db, stranger, visit_id + 1)
    assert not_member.value.message == f"there is no visit {visit_id}"
    assert missing.value.message == f"there is no visit {visit_id + 1}"
    assert list_visits(db, stranger) == []


def test_importing_an_invalid_visit_is_refused_with_every_problem(db: Session):
    visit = example_visit()
    broken = dataclasses.replace(
        visit,
        sessions=(dataclasses.replace(visit.sessions[0], minutes=50), *visit.sessions[1:]),
        rooms=(dataclasses.replace(visit.rooms[0], site="moon"), *visit.rooms[1:]),
    )
    with pytest.raises(ServiceError) as refused:
        import_visit(db, add_user(db), broken, NOW)
    assert refused.value.message == "the visit would not be valid, so nothing was saved"
    assert refused.value.problems == [
        "rooms[0] 'r1': site names unknown site 'moon'",
        "sessions[0] 's1': minutes 50 is not a multiple of slot_minutes 15",
    ]


def test_update_visit_lists_each_change_by_id(db: Session):
    user = add_user(db)
    visit_id = add_visit(db, user)
    visit = load_visit(db, visit_id)
    new_session = domain.Session(
        id="s46",
        title="Interview: Head of Commissioning",
        kind="interview",
        required_people=("p1",),
        min_attendees=1,
        max_attendees=1,
    )
    sessions = tuple(dataclasses.replace(s, minutes=90) if s.id == "s7" else s for s in visit.sessions)
    rooms = tuple(dataclasses.replace(r, capacity=30) if r.id == "r2" else r for r in visit.rooms)
    edited = dataclasses.replace(
        visit,
        name="Peer challenge",
        sessions=(*sessions, new_session),
        rooms=rooms,
        people=tuple(p for p in visit.people if p.id != "p91"),
    )
    changes = update_visit(db, user, visit_id, edited, NOW)
    assert changes == [
        "changed visit settings: name 'Adult social care peer challenge: on-site visit' -> 'Peer challenge'",
        "changed room r2: capacity 22 -> 30",
        "removed person p91 'Imran Turner'",
        "changed session s7: minutes 60 -> 90",
        "added session s46 'Interview: Head of Commissioning'",
    ]
    stored = load_visit(db, visit_id)
    assert session_of(stored, "s7").minutes == 90
    assert stored.sessions[-1] == new_session
    assert "p91" not in [p.id for p in stored.people]
    assert list_audit(db, visit_id)[0].detail == "\n".join(changes)


def test_changing_only_a_team_or_a_line_manager_is_saved_and_said(db: Session):
    user = add_user(db)
    visit_id = add_visit(db, user, EXAMPLES / "medium-teams.json")
    visit = load_visit(db, visit_id)
    teams = tuple(
        dataclasses.replace(t, max_away=2) if t.name == "Business support" else t for t in visit.teams
    )
    people = tuple(dataclasses.replace(p, manager=None) if p.id == "p1" else p for p in visit.people)
    changes = update_visit(db, user, visit_id, dataclasses.replace(visit, teams=teams, people=people), NOW)
    assert changes == [
        "changed person p1: manager p4 -> none",
        "changed team 'Business support': max_away 1 -> 2",
    ]
    stored = load_visit(db, visit_id)
    assert (stored.teams[0].max_away, stored.people[0].manager) == (2, None)


def test_updating_with_the_same_visit_changes_nothing(db: Session):
    user = add_user(db)
    visit_id = add_visit(db, user)
    assert update_visit(db, user, visit_id, example_visit(), NOW) == []
    assert [entry.action for entry in list_audit(db, visit_id)] == ["import_visit"]


def test_matched_entries_keep_their_rows_when_the_visit_is_updated(db: Session):
    user = add_user(db)
    visit_id = add_visit(db, user)
    row_ids = dict(db.execute(select(SessionRecord.key, SessionRecord.id)).all())
    visit = load_visit(db, visit_id)
    changes = update_visit(db, user, visit_id, dataclasses.replace(visit, sessions=visit.sessions[::-1]), NOW)
    assert changes == ["reordered sessions"]
    db.expire_all()
    assert dict(db.execute(select(SessionRecord.key, SessionRecord.id)).all()) == row_ids
    assert [s.id for s in load_visit(db, visit_id).sessions] == [s.id for s in visit.sessions[::-1]]


def test_saving_a_session_that_breaks_the_visit_changes_nothing(db: Session):
    user = add_user(db)
    visit_id = add_visit(db, user)
    before = load_visit(db, visit_id)
    bad = dataclasses.replace(session_of(before, "s7"), required_people=("p999",), minutes=50)
    with pytest.raises(ServiceError) as refused:
        save_session(db, user, visit_id, bad, NOW)
    assert refused.value.problems == [
        "sessions[6] 's7': minutes 50 is not a multiple of slot_minutes 15",
        "sessions[6] 's7': required_people names unknown person 'p999'",
    ]
    assert load_visit(db, visit_id) == before


def test_small_edits_save_one_entry_and_report_it(db: Session):
    user = add_user(db)
    visit_id = add_visit(db, user)
    visit = load_visit(db, visit_id)
    s7 = session_of(visit, "s7")
    assert save_session(db, user, visit_id, dataclasses.replace(s7, mode="either", minutes=45), NOW) == [
        "changed session s7: minutes 60 -> 45, mode in_person -> either"
    ]
    room = domain.Room(id="r11", name="Quiet room", site="hq", capacity=4, features=("step_free",))
    assert save_room(db, user, visit_id, room, NOW) == ["added room r11 'Quiet room'"]
    person = next(p for p in visit.people if p.id == "p152")
    assert save_person(db, user, visit_id, dataclasses.replace(person, needs=(), available=None), NOW) == [
        "changed person p152: needs hearing_loop -> none, "
        "available 2026-07-29 10:00-12:00, 2026-07-30 10:00-12:00 -> whole visit"
    ]
    assert delete_person(db, user, visit_id, "p91", NOW) == ["removed person p91 'Imran Turner'"]
    stored = load_visit(db, visit_id)
    assert stored.rooms[-1] == room
    assert "p91" not in {p.id for p in stored.people}


def test_deleting_a_person_takes_them_out_of_the_sessions_that_name_them(db: Session):
    user = add_user(db)
    visit_id = add_visit(db, user)
    changes = delete_person(db, user, visit_id, "p3", NOW)
    assert any(change.startswith("removed person p3 ") for change in changes)
    assert any(change.startswith("changed session s7: required_people") for change in changes)
    stored = load_visit(db, visit_id)
    assert all("p3" not in s.required_people + s.invited_people for s in stored.sessions)
    with pytest.raises(NotFound) as missing:
        delete_person(db, user, visit_id, "p999", NOW)
    assert missing.value.message == "there is no person p999"


def test_travel_times_are_set_either_way_round_and_removed(db: Session):
    user = add_user(db)
    visit_id = add_visit(db, user)
    assert save_travel(db, user, visit_id, domain.Travel("civic", "hq", 25), NOW) == [
        "changed travel hq-civic: minutes 10 -> 25"
    ]
    assert load_visit(db, visit_id).travel == (domain.Travel("hq", "civic", 25),)
    assert delete_travel(db, user, visit_id, "hq", "civic", NOW) == ["removed travel hq-civic"]
    with pytest.raises(NotFound):
        delete_travel(db, user, visit_id, "hq", "civic", NOW)


def test_visit_settings_are_edited_without_touching_the_lists(db: Session):
    user = add_user(db)
    visit_id = add_visit(db, user)
    settings = visit_settings(load_visit(db, visit_id))
    later = dataclasses.replace(settings, day_end="17:30", lunch=domain.Lunch("12:00", "14:00", 45))
    assert save_visit_settings(db, user, visit_id, later, NOW) == [
        "changed visit settings: day_end 17:00 -> 17:30, "
        "lunch 30 minutes within 12:00-14:00 -> 45 minutes within 12:00-14:00"
    ]
    stored = load_visit(db, visit_id)
    assert visit_settings(stored) == later
    assert isinstance(later, VisitSettings)
    assert len(stored.sessions) == 45


def test_edits_of_a_missing_visit_are_not_found(db: Session):
    user = add_user(db)
    with pytest.raises(NotFound):
        update_visit(db, user, 42, example_visit(), NOW)
    assert db.scalar(select(func.count()).select_from(SessionRecord)) == 0
