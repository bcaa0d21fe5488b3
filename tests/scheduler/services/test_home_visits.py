"""Home visits: a case-tracking conversation the coordinator sets "at home" is held at the
person's home, a site of its own with one room and the assessors' travel time to it; it needs no
escort, nothing else is held there, and the home's address is in no shared output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scheduler import domain
from scheduler.errors import ServiceError
from scheduler.files.exports import timetable_csv
from scheduler.files.visit_file import visit_to_dict
from scheduler.invites.descriptions import session_description
from scheduler.services.case_tracking import add_case_tracking_person, update_case_tracking_person
from scheduler.services.planning_jobs import plan_visit
from scheduler.services.timetables import get_timetable
from scheduler.services.visits import load_visit
from tests.support.availability import small_store
from tests.support.store import NOW

ADDRESS = "14 Larch Close, Westmere WM4 7QT"


def _dan_at_home(factory, visit_id: int, minutes: int = 25) -> None:  # type: ignore[no-untyped-def]
    """Dan Allen (p24), whose conversation s6 is with his carer Sean Atkinson, is seen at home."""
    with factory() as db:
        user = load_user(db)
        add_case_tracking_person(
            db, user, visit_id, "p24", reserve=False, consent="yes", consent_date="2026-02-20",
            support=("carer_present",), setting="at_home", now=NOW,
            home_address=ADDRESS, home_travel_minutes=minutes,
        )  # fmt: skip
        db.commit()


def load_user(db):  # type: ignore[no-untyped-def]
    from scheduler.services.accounts import find_user_by_email

    return find_user_by_email(db, "coordinator@example.org")


def test_at_home_makes_the_home_a_site_with_one_room_and_travel_and_no_escort(tmp_path: Path) -> None:
    factory, visit_id = small_store(tmp_path)
    _dan_at_home(factory, visit_id)
    with factory() as db:
        visit = load_visit(db, visit_id)
    assert domain.Site("home-s6", "Home visit (s6)", "") in visit.sites
    [home] = [r for r in visit.rooms if r.site == "home-s6"]
    assert (home.name, home.features) == ("At home", ("home:s6", "step_free"))
    assert domain.Travel("home-s6", "hq", 25) in visit.travel
    [s6] = [s for s in visit.sessions if s.id == "s6"]
    assert (s6.mode, s6.needs_escort, s6.room_features) == ("in_person", False, ("home:s6",))


def test_the_plan_holds_the_conversation_at_home_without_an_escort_and_keeps_the_travel(
    tmp_path: Path,
) -> None:
    factory, visit_id = small_store(tmp_path)
    _dan_at_home(factory, visit_id, minutes=40)
    with factory() as db:
        number = plan_visit(db, None, visit_id, NOW, time_limit=10)
        db.commit()
        _version, timetable = get_timetable(db, visit_id, number)
    by_session = {a.session: a for a in timetable.assignments}
    home = by_session["s6"]
    assert (home.room, home.escort, home.mode) == ("home-s6", None, "in_person")
    # Nothing else is held in someone's home.
    assert [a.session for a in timetable.assignments if a.room == "home-s6"] == ["s6"]

    def minutes(clock: str) -> int:
        return int(clock[:2]) * 60 + int(clock[3:])

    for other in timetable.assignments:
        shared = set(other.assessors) & set(home.assessors)
        if other.session == "s6" or not shared or other.mode != "in_person" or other.day != home.day:
            continue
        gap = max(minutes(other.start) - minutes(home.end), minutes(home.start) - minutes(other.end))
        assert gap >= 40, f"{other.session} leaves {gap} minutes to travel to or from the home"


def test_the_address_is_in_no_shared_output(tmp_path: Path) -> None:
    factory, visit_id = small_store(tmp_path)
    _dan_at_home(factory, visit_id)
    with factory() as db:
        number = plan_visit(db, None, visit_id, NOW, time_limit=10)
        db.commit()
        visit = load_visit(db, visit_id)
        _version, timetable = get_timetable(db, visit_id, number)
    [placed] = [a for a in timetable.assignments if a.session == "s6"]
    outputs = [
        json.dumps(visit_to_dict(visit)),
        timetable_csv(visit, timetable),
        *(
            session_description(visit, placed, audience)
            for audience in ("assessor", "staff", "person_using_services")
        ),
    ]
    for output in outputs:
        assert "Larch Close" not in output
    assert "Where: at the person's home (a home visit" in outputs[2]
    assert "Home visit (s6)" in timetable_csv(visit, timetable)


def test_back_on_site_the_home_goes_and_the_escort_returns(tmp_path: Path) -> None:
    factory, visit_id = small_store(tmp_path)
    _dan_at_home(factory, visit_id)
    with factory() as db:
        update_case_tracking_person(
            db, load_user(db), visit_id, "p24", consent="yes", consent_date="2026-02-20",
            support=("carer_present",), setting="on_site", now=NOW,
        )  # fmt: skip
        db.commit()
        visit = load_visit(db, visit_id)
    assert [s.id for s in visit.sites] == ["hq"]
    assert not any(r.site.startswith("home-") for r in visit.rooms) and visit.travel == ()
    [s6] = [s for s in visit.sessions if s.id == "s6"]
    assert (s6.mode, s6.needs_escort, s6.room_features) == ("in_person", True, ())


def test_at_home_without_the_travel_time_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    factory, visit_id = small_store(tmp_path)
    with factory() as db, pytest.raises(ServiceError) as refused:
        add_case_tracking_person(
            db, load_user(db), visit_id, "p24", reserve=False, consent="yes", consent_date=None,
            support=(), setting="at_home", now=NOW, home_address=ADDRESS,
        )  # fmt: skip
    assert refused.value.problems == [
        "at home needs the assessors' travel time to the home, in minutes, so the plan keeps it free"
    ]
