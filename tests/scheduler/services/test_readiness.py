"""The readiness check before a solve: answers per group, open rooms, short pools, profiles, musts."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from scheduler import domain
from scheduler.services.readiness import (
    COUNCILLORS,
    FRONTLINE,
    PARTNERS,
    PEOPLE_USING_SERVICES,
    Entry,
    GroupAnswers,
    SessionProblem,
    readiness,
    visit_readiness,
)
from scheduler.services.visits import import_visit
from tests.support.readiness import free, readiness_visit
from tests.support.store import NOW, SMALL, add_user, example_visit, open_store

SHORT_FOCUS_GROUP = SessionProblem(
    "s1",
    "Focus group: discharge practitioners",
    "should",
    (
        "no 60-minute slot on Tue 10 Mar when 2 of the invited people are free",
        "fewer than 2 of the 2 invited people are free at once",
    ),
)
CASE_TRACKING_OUT_OF_HOURS = SessionProblem(
    "s2",
    "Case tracking: conversation with person A",
    "must",
    (
        "no 60-minute slot on Tue 10 Mar when Pam Quinn is free",
        "Pam Quinn is free only 14:00-15:00 on Tue 10 Mar",
    ),
)
CABINET_MEMBER_WITHOUT_ASSESSOR = SessionProblem(
    "s4",
    "Interview: Cabinet Member",
    "must",
    (
        "no 60-minute slot on Tue 10 Mar when Nia Owen and assessor Cy Dunn are all free",
        "Nia Owen is free only 13:00-15:00 on Tue 10 Mar",
        "assessor Cy Dunn is free only 09:00-10:00 on Tue 10 Mar",
    ),
)


def test_availability_is_counted_per_frontline_team_then_partners_councillors_and_people_using_services():
    groups = readiness(readiness_visit()).groups
    assert groups == (
        GroupAnswers(FRONTLINE, "Hospital discharge", ("Hana Reid", "Ivo Bell"), ("Jan Kerr",)),
        GroupAnswers(FRONTLINE, "Reablement", ("Kit Lowe",), ()),
        GroupAnswers(FRONTLINE, "Business support", (), ("Sue Todd",)),
        GroupAnswers(PARTNERS, "Partners", (), ("Lee Marsh", "Mo Nash")),
        GroupAnswers(COUNCILLORS, "Councillors", ("Nia Owen",), ("Oli Pike",)),
        GroupAnswers(
            PEOPLE_USING_SERVICES, "People using services and carers", ("Pam Quinn",), ("Ray Shaw",)
        ),
    )
    assert [(g.name, len(g.answered), g.total) for g in groups] == [
        ("Hospital discharge", 2, 3),
        ("Reablement", 1, 1),
        ("Business support", 0, 1),
        ("Partners", 0, 2),
        ("Councillors", 1, 2),
        ("People using services and carers", 1, 2),
    ]


def test_the_totals_add_up_over_every_group():
    check = readiness(readiness_visit())
    assert (check.answered, check.people) == (5, 11)


def test_a_cabinet_member_in_elected_members_counts_as_a_councillor():
    councillors = next(g for g in readiness(readiness_visit()).groups if g.kind == COUNCILLORS)
    assert "Nia Owen" in councillors.answered


def test_staff_without_a_team_are_grouped_together():
    visit = readiness_visit()
    people = (*visit.people, domain.Person("p12", "Una Vale"), domain.Person("p13", "Vic Wynn", available=()))
    groups = readiness(dataclasses.replace(visit, people=people)).groups
    assert GroupAnswers(FRONTLINE, "No team given", ("Vic Wynn",), ("Una Vale",)) in groups


def test_rooms_without_an_availability_list_are_listed_as_open_the_whole_visit():
    assert readiness(readiness_visit()).rooms_without_availability == (
        Entry("r1", "Room 1", "open the whole visit"),
        Entry("r3", "Council Chamber", "open the whole visit"),
    )


def test_assessors_without_a_pen_profile_are_listed_by_name():
    assert readiness(readiness_visit()).assessors_without_profile == (
        Entry("a2", "Ben Cole"),
        Entry("a3", "Cy Dunn"),
    )


def test_sessions_whose_people_can_never_gather_enough_are_listed_with_the_reason():
    assert readiness(readiness_visit()).short_of_attendees == (SHORT_FOCUS_GROUP, CASE_TRACKING_OUT_OF_HOURS)


def test_must_sessions_with_no_possible_start_are_listed_with_the_reasons():
    check = readiness(readiness_visit())
    assert check.musts_without_start == (CASE_TRACKING_OUT_OF_HOURS, CABINET_MEMBER_WITHOUT_ASSESSOR)
    assert check.blocking


def test_a_focus_group_whose_invited_people_meet_at_one_time_is_not_short():
    visit = readiness_visit()
    people = tuple(
        dataclasses.replace(p, available=free("09:00", "10:00")) if p.id == "p4" else p for p in visit.people
    )
    check = readiness(dataclasses.replace(visit, people=people))
    assert [s.id for s in check.short_of_attendees] == ["s2"]


def test_the_small_example_is_ready_apart_from_two_unanswered_staff_and_an_open_room():
    check = readiness(example_visit(SMALL))
    assert [(g.name, len(g.answered), g.total) for g in check.groups] == [
        ("Senior leadership", 3, 3),
        ("Extra Care Housing", 8, 9),
        ("Reviewing", 7, 7),
        ("Business support", 1, 2),
        ("Partners", 2, 2),
        ("People using services and carers", 3, 3),
    ]
    assert check.rooms_without_availability == (
        Entry("r1", "Room 3.12 (inspection team base)", "open the whole visit"),
    )
    assert check.short_of_attendees == ()
    assert check.assessors_without_profile == ()
    assert check.musts_without_start == ()
    assert not check.blocking


def test_the_stored_visit_is_checked_as_it_was_saved(tmp_path: Path):
    factory = open_store(tmp_path)
    with factory() as db:
        user = add_user(db)
        visit_id = import_visit(db, user, readiness_visit(), NOW)
        db.commit()
    with factory() as db:
        visit, check, _needs = visit_readiness(db, visit_id)
    assert visit.name == "Readiness visit"
    assert check.assessors_without_profile == (Entry("a2", "Ben Cole"), Entry("a3", "Cy Dunn"))
    assert check.musts_without_start == (CASE_TRACKING_OUT_OF_HOURS, CABINET_MEMBER_WITHOUT_ASSESSOR)
