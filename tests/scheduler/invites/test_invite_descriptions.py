"""What each audience reads in an invite, and where an escort meets the assessors."""

from __future__ import annotations

import dataclasses

from scheduler import domain
from scheduler.invites.descriptions import audience_of_person, escort_description, session_description
from scheduler.invites.escorts import duty_sentence, escort_duty, meeting_point, run_sheet
from tests.support.invites import (
    BRIEFING,
    CASE_TRACKING,
    DROP_IN,
    INTERVIEW,
    MONDAY,
    RESERVE,
    TIMETABLE,
    invite_visit,
)

ORGANIZER = "visit-coordinator@council.example"


def test_staff_read_purpose_time_place_attendees_and_the_assessors_pen_profiles():
    text = session_description(invite_visit(), INTERVIEW, "staff", organizer_email=ORGANIZER)
    assert text.splitlines() == [
        "Interview: Director of Adult Social Care: an interview with the assessors during the assessment "
        "visit to Riverside Council.",
        "When: Friday 27 March 2026, 10:00 to 11:00 (Europe/London time)",
        "Where: Room 2.01, Loxley House, 1 Station St, Exampletown",
        "Who attends: Jane Smith, Ana Müller-Łukasz",
        "Assessors:",
        "- Connor Davies (lead inspector): Lead inspector, 12 years in care.",
        "- Priya Singh (inspector): Occupational therapist.",
        "Questions or support needs: contact the visit coordinator at visit-coordinator@council.example.",
    ]


def test_partners_are_told_they_come_as_a_partner_organisation():
    text = session_description(invite_visit(), INTERVIEW, "partner")
    assert "You are invited as a partner organisation; your views are heard in confidence." in text


def test_people_using_services_read_easy_words_and_never_who_else_attends():
    text = session_description(invite_visit(), RESERVE, "person_using_services", organizer_email=ORGANIZER)
    assert "Jane Smith" not in text and "Ana" not in text
    assert text.splitlines()[:8] == [
        "This is a meeting about how Riverside Council supports people.",
        "When: Monday 30 March 2026, from 10:00 to 11:00.",
        "Where: Room 1.12, Loxley House, 1 Station St, Exampletown",
        "",
        "What will happen:",
        "- You will talk with people whose job is to check how well the council supports people.",
        "- They want to hear about your own experience. There are no right or wrong answers.",
        "- You can take a break or stop at any time.",
    ]
    assert "Who you will meet:\n- Priya Singh. Occupational therapist." in text
    assert (
        "- Reply to this email or contact the visit coordinator at visit-coordinator@council.example." in text
    )
    assert "- This time is kept in case it is needed. We will tell you if it goes ahead." in text


def test_no_invite_description_names_a_person_using_services_not_even_to_assessors():
    visit = invite_visit()
    for audience in ("staff", "partner", "assessor", "coordinator"):
        text = session_description(visit, CASE_TRACKING, audience)
        assert "Rose" not in text
        assert "Who attends: case-tracking conversation" in text


def test_a_title_naming_a_person_using_services_is_reworded_in_every_invite():
    visit = invite_visit(
        sessions=tuple(
            dataclasses.replace(s, title="Case tracking: conversation with Rose Tyler")
            if s.id == CASE_TRACKING.session
            else s
            for s in invite_visit().sessions
        )
    )
    for audience in ("staff", "assessor", "coordinator"):
        text = session_description(visit, CASE_TRACKING, audience)
        assert text.startswith("Case tracking: conversation with person using services: a case-tracking")
        assert "Rose" not in text


def test_assessors_read_access_needs_of_a_person_using_services_without_the_name():
    visit = invite_visit(
        people=tuple(
            dataclasses.replace(p, needs=("step_free",)) if p.id == "p4" else p for p in invite_visit().people
        )
    )
    text = session_description(visit, CASE_TRACKING, "assessor")
    assert "Access needs: case-tracking conversation: step_free" in text
    assert "Rose" not in text


def test_assessors_also_read_the_escort_and_the_attendees_access_needs():
    visit = invite_visit(
        people=tuple(
            domain.Person(p.id, p.name, p.email, needs=("step_free",)) if p.id == "p1" else p
            for p in invite_visit().people
        )
    )
    text = session_description(visit, INTERVIEW, "assessor")
    assert "Escort: Sam Porter meets the assessors 15 minutes before the start." in text
    assert "Access needs: Jane Smith: step_free" in text
    assert "Escort:" not in session_description(visit, INTERVIEW, "staff")


def test_a_virtual_session_gives_its_video_link_or_says_it_will_follow():
    visit = invite_visit()
    assert "Where: https://meet.example/x" in session_description(
        visit, DROP_IN, "partner", video_link="https://meet.example/x"
    )
    assert "Where: online (the video link will follow)" in session_description(visit, DROP_IN, "partner")


def test_who_reads_which_audience():
    kinds = {p.id: audience_of_person(p) for p in invite_visit().people}
    assert kinds == {"p1": "staff", "p2": "partner", "p3": "staff", "p4": "person_using_services"}


def test_the_escort_meets_the_assessors_in_the_room_of_their_previous_session_at_the_same_site():
    duty = escort_duty(invite_visit(), TIMETABLE, INTERVIEW)
    assert duty_sentence(duty) == "meet the assessors at Room 1.12, take them to Room 2.01 for 10:00"
    assert (duty.start, duty.end, duty.assessors) == ("09:45", "10:00", ("Connor Davies", "Priya Singh"))


def test_the_escort_meets_the_assessors_at_reception_for_their_first_session_of_the_day():
    assert meeting_point(invite_visit(), TIMETABLE, RESERVE) == "reception, Loxley House"


def test_after_a_virtual_session_the_escort_meets_the_assessors_at_reception():
    assert meeting_point(invite_visit(), TIMETABLE, CASE_TRACKING) == "reception, Loxley House"


def test_coming_from_another_site_the_escort_meets_the_assessors_at_reception():
    visit = invite_visit(
        sites=(*invite_visit().sites, domain.Site("annex", "The Annex")),
        rooms=(*invite_visit().rooms, domain.Room("x1", "Annex room", "annex", 4)),
    )
    elsewhere = domain.Timetable(
        assignments=(domain.PlacedSession(**{**BRIEFING.__dict__, "room": "x1"}), INTERVIEW)
    )
    assert meeting_point(visit, elsewhere, INTERVIEW) == "reception, Loxley House"


def test_an_escort_run_sheet_lists_the_days_duties_in_time_order():
    duties = run_sheet(invite_visit(), TIMETABLE, "p3", MONDAY)
    assert [(d.start, d.session, d.meet_at, d.take_to) for d in duties] == [
        ("09:45", "s3", "reception, Loxley House", "Room 1.12"),
        ("13:45", "s2", "reception, Loxley House", "Room 2.01"),
    ]
    assert run_sheet(invite_visit(), TIMETABLE, "p1", MONDAY) == []


def test_a_person_using_services_at_any_session_is_not_named_to_staff():
    at_focus_group = domain.PlacedSession(**{**RESERVE.__dict__, "attendees": ("p1", "p4")})
    text = session_description(invite_visit(), at_focus_group, "staff")
    assert "Who attends: Jane Smith, person using services" in text
    assert "Rose" not in text


def _rose_with_sam_reid_interpreting() -> tuple[domain.Visit, domain.PlacedSession]:
    sam = domain.Person(
        "p5", "Sam Reid", "sam.reid@signhealth.example", role="BSL interpreter", kind="partner"
    )
    visit = invite_visit()
    people = tuple(dataclasses.replace(p, supporters=("p5",)) if p.id == "p4" else p for p in visit.people)
    return dataclasses.replace(visit, people=(*people, sam)), dataclasses.replace(
        CASE_TRACKING, support=("p5",)
    )


def test_an_easy_read_invite_names_the_readers_own_supporter():
    visit, placed_with_sam = _rose_with_sam_reid_interpreting()
    text = session_description(visit, placed_with_sam, "person_using_services", reader="p4")
    assert "Sam Reid, your BSL interpreter, will be there too." in text
    # Not to anyone else reading easy-read words, and not when Sam is not booked for this session.
    assert "Sam Reid" not in session_description(visit, placed_with_sam, "person_using_services", reader="p9")
    assert "Sam Reid" not in session_description(visit, CASE_TRACKING, "person_using_services", reader="p4")


def test_a_supporter_who_is_a_carer_is_not_named_even_in_easy_read():
    visit, _ = _rose_with_sam_reid_interpreting()
    mum = domain.Person("p6", "Martha Tyler", "martha@home.example", role="carer", kind="carer")
    people = tuple(dataclasses.replace(p, supporters=("p6",)) if p.id == "p4" else p for p in visit.people)
    visit = dataclasses.replace(visit, people=(*people, mum))
    text = session_description(
        visit, dataclasses.replace(CASE_TRACKING, support=("p6",)), "person_using_services", reader="p4"
    )
    assert "Your carer will be there too." in text and "Martha" not in text


def test_an_escorts_duty_invite_says_how_many_people_to_expect_as_the_run_sheet_does():
    visit, placed_with_sam = _rose_with_sam_reid_interpreting()
    timetable = dataclasses.replace(TIMETABLE, assignments=(INTERVIEW, placed_with_sam))
    text = escort_description(visit, escort_duty(visit, timetable, placed_with_sam))
    assert "People to expect: 2 besides the assessors (with 1 supporter)" in text
    assert (
        "People to expect: 2 besides the assessors\n"
        in escort_description(visit, escort_duty(visit, TIMETABLE, INTERVIEW)) + "\n"
    )
