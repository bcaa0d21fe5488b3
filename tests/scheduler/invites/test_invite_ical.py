"""Invites as iCalendar: golden files for each kind of message, every one passing ics_check,
and no line break, semicolon or comma a coordinator types can add a property of its own.

Regenerate the golden files after a deliberate change with FIELDWORK_REGENERATE_GOLDEN=1.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest

from scheduler import domain
from scheduler.invites.ical import (
    InviteEvent,
    Recipient,
    escort_duty_calendar,
    event_calendar,
    feed_calendar,
)
from tests.support.invites import (
    CASE_TRACKING,
    DROP_IN,
    GOLDEN,
    INTERVIEW,
    MONDAY,
    ORGANIZER,
    RESERVE,
    SENT_AT,
    TIMETABLE,
    assert_ics_check_passes,
    invite_visit,
)

JANE = Recipient("Jane Smith", "jane@council.example")
ANA = Recipient("Ana Müller-Łukasz", "ana@partner.example", role="OPT-PARTICIPANT")
SAM = Recipient("Sam Porter", "sam@council.example")
ROSE = Recipient("Rose Tyler", "rose@home.example")
CONNOR = Recipient("Connor Davies", "connor@cqc.example", role="CHAIR")
PRIYA = Recipient("Priya Singh", "priya@cqc.example", role="CHAIR")


def request(placed: domain.PlacedSession = INTERVIEW, **overrides: object) -> bytes:
    arguments: dict[str, object] = {
        "method": "REQUEST",
        "uid": "uid-1@fieldwork",
        "sequence": 0,
        "dtstamp": SENT_AT,
        "organizer_email": ORGANIZER,
        "recipient": JANE,
        "attendees": [JANE, ANA, CONNOR, PRIYA],
        "status": "CONFIRMED",
        "audience": "staff",
        "video_link": None,
    }
    arguments.update(overrides)
    visit = arguments.pop("visit", invite_visit())
    return event_calendar(visit, placed, **arguments)  # type: ignore[arg-type]


def feed_event(placed: domain.PlacedSession, uid: str, status: str = "CONFIRMED") -> InviteEvent:
    return InviteEvent(
        placed=placed,
        uid=uid,
        sequence=0,
        dtstamp=SENT_AT,
        organizer_email=ORGANIZER,
        recipient=JANE,
        attendees=(JANE, ANA),
        status=status,
        audience="staff",
    )


def golden(name: str, produced: bytes, tmp_path: Path) -> Path:
    """The produced bytes equal the golden file; returns a copy to hand to ics_check."""
    path = GOLDEN / name
    if os.environ.get("FIELDWORK_REGENERATE_GOLDEN"):
        path.write_bytes(produced)
    assert produced == path.read_bytes(), f"{name} differs from its golden file"
    copy = tmp_path / name
    copy.write_bytes(produced)
    return copy


def unfolded(data: bytes) -> list[str]:
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")


def event_of(data: bytes) -> icalendar.Event:
    calendar = icalendar.Calendar.from_ical(data)
    (event,) = calendar.walk("VEVENT")
    return event


def test_a_request_cancel_tentative_reserve_escort_duty_and_dst_feed_match_their_golden_files(tmp_path: Path):
    visit = invite_visit()
    files = [
        golden("request.ics", request(), tmp_path),
        golden(
            "update.ics",
            request(
                sequence=1,
                dtstamp=datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
                placed=INTERVIEW.__class__(**{**INTERVIEW.__dict__, "start": "10:30", "end": "11:30"}),
            ),
            tmp_path,
        ),
        golden(
            "cancel.ics",
            request(
                method="CANCEL",
                status="CANCELLED",
                sequence=2,
                dtstamp=datetime(2026, 3, 3, 9, 0, tzinfo=UTC),
            ),
            tmp_path,
        ),
        golden(
            "reserve-tentative.ics", request(RESERVE, uid="uid-3@fieldwork", status="TENTATIVE"), tmp_path
        ),
        golden(
            "escort-duty.ics",
            escort_duty_calendar(
                visit,
                TIMETABLE,
                INTERVIEW,
                method="REQUEST",
                uid="uid-escort-1@fieldwork",
                sequence=0,
                dtstamp=SENT_AT,
                organizer_email=ORGANIZER,
                recipient=SAM,
                status="CONFIRMED",
            ),
            tmp_path,
        ),
        golden(
            "dst-feed.ics",
            feed_calendar(
                visit, [feed_event(INTERVIEW, "uid-1@fieldwork"), feed_event(RESERVE, "uid-3@fieldwork")]
            ),
            tmp_path,
        ),
    ]
    assert_ics_check_passes(*files)


def test_an_invite_is_one_vevent_with_crlf_lines_of_at_most_75_octets():
    data = request(attendees=[JANE, ANA, CONNOR, PRIYA])
    assert data.count(b"BEGIN:VEVENT") == 1
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert max(len(line) for line in data.split(b"\r\n")) <= 75
    assert unfolded(data)[:5] == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Fieldwork//Visit invites//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:REQUEST",
    ]


def test_the_vtimezone_has_one_standard_and_one_daylight_block_with_yearly_rules():
    calendar = icalendar.Calendar.from_ical(request())
    (zone,) = calendar.walk("VTIMEZONE")
    blocks = [(c.name, c["RRULE"].to_ical().decode()) for c in zone.subcomponents]
    assert blocks == [
        ("DAYLIGHT", "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"),
        ("STANDARD", "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"),
    ]
    assert b"RDATE" not in request()


def test_ten_oclock_is_ten_on_the_wall_clock_on_both_sides_of_the_clock_change():
    before = event_of(request(INTERVIEW))
    after = event_of(request(RESERVE))
    assert before["DTSTART"].dt.astimezone(UTC) == datetime(2026, 3, 27, 10, 0, tzinfo=UTC)  # GMT
    assert after["DTSTART"].dt.astimezone(UTC) == datetime(2026, 3, 30, 9, 0, tzinfo=UTC)  # BST
    assert "DTSTART;TZID=Europe/London:20260330T100000" in unfolded(request(RESERVE))


def test_the_invite_carries_uid_sequence_dtstamp_organizer_and_attendees_as_given():
    lines = unfolded(request(sequence=3))
    assert "UID:uid-1@fieldwork" in lines
    assert "SEQUENCE:3" in lines
    assert "DTSTAMP:20260301T090000Z" in lines
    assert 'ORGANIZER;CN="Visit coordinator":mailto:visit-coordinator@council.example' in lines
    assert [line for line in lines if line.startswith("ATTENDEE")] == [
        'ATTENDEE;CN="Jane Smith";CUTYPE=INDIVIDUAL;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;RSVP=TRUE:'
        "mailto:jane@council.example",
        'ATTENDEE;CN="Ana Müller-Łukasz";CUTYPE=INDIVIDUAL;PARTSTAT=NEEDS-ACTION;ROLE=OPT-PARTICIPANT;'
        "RSVP=TRUE:mailto:ana@partner.example",
        'ATTENDEE;CN="Connor Davies";CUTYPE=INDIVIDUAL;PARTSTAT=NEEDS-ACTION;ROLE=CHAIR;RSVP=TRUE:'
        "mailto:connor@cqc.example",
        'ATTENDEE;CN="Priya Singh";CUTYPE=INDIVIDUAL;PARTSTAT=NEEDS-ACTION;ROLE=CHAIR;RSVP=TRUE:'
        "mailto:priya@cqc.example",
    ]


def test_an_in_person_location_is_room_site_and_address():
    assert "LOCATION:Room 2.01\\, Loxley House\\, 1 Station St\\, Exampletown" in unfolded(request())


def test_a_virtual_session_gives_the_video_link_as_location_and_url():
    lines = unfolded(request(DROP_IN, uid="uid-4@fieldwork", video_link="https://meet.example/abc?x=1"))
    assert "LOCATION:https://meet.example/abc?x=1" in lines
    assert "URL:https://meet.example/abc?x=1" in lines


def test_a_virtual_session_with_a_link_matches_its_golden_file_and_never_says_it_will_follow(tmp_path: Path):
    link = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_drop-in@thread.v2/0?context=%7b%7d"
    data = request(DROP_IN, uid="uid-4@fieldwork", sequence=1, video_link=link)
    text = b"".join(data.split(b"\r\n "))
    assert b"will follow" not in text
    assert f"Join the video call: {link}".encode() in text.replace(b"\\", b"")
    assert_ics_check_passes(golden("virtual-with-link.ics", data, tmp_path))


def test_a_virtual_session_without_a_link_says_it_will_follow_and_has_no_url():
    lines = unfolded(request(DROP_IN, uid="uid-4@fieldwork"))
    assert "LOCATION:online (the video link will follow)" in lines
    assert not [line for line in lines if line.startswith("URL")]


def test_a_reserve_session_goes_out_tentative_even_when_asked_for_confirmed():
    event = event_of(request(RESERVE, status="CONFIRMED"))
    assert event["STATUS"] == "TENTATIVE"
    assert event["SUMMARY"] == "Focus group: partners (reserve)"


def test_uninviting_one_person_is_a_cancel_without_status(tmp_path: Path):
    data = request(method="CANCEL", status=None, sequence=1, attendees=[JANE])
    lines = unfolded(data)
    assert "METHOD:CANCEL" in lines
    assert not [line for line in lines if line.startswith("STATUS")]
    assert_ics_check_passes(golden("uninvite-cancel.ics", data, tmp_path))


def test_the_escort_is_told_where_to_meet_the_assessors_and_where_to_take_them():
    data = escort_duty_calendar(
        invite_visit(),
        TIMETABLE,
        INTERVIEW,
        method="REQUEST",
        uid="uid-escort-1@fieldwork",
        sequence=0,
        dtstamp=SENT_AT,
        organizer_email=ORGANIZER,
        recipient=SAM,
        status="CONFIRMED",
    )
    event = event_of(data)
    assert str(event["SUMMARY"]) == "Escort: Interview: Director of Adult Social Care"
    assert str(event["DESCRIPTION"]).startswith(
        "Escort duty: meet the assessors at Room 1.12, take them to Room 2.01 for 10:00.\n"
    )
    assert (event["DTSTART"].dt.hour, event["DTSTART"].dt.minute) == (9, 45)
    assert (event["DTEND"].dt.hour, event["DTEND"].dt.minute) == (10, 0)
    assert str(event["ATTENDEE"]) == "mailto:sam@council.example"
    assert str(event["LOCATION"]) == "Room 1.12, then Room 2.01, Loxley House"


HOSTILE_NAME = 'Smith, Jane; "Boss"\r\nATTENDEE:mailto:evil@attacker.example\nX-INJECTED:1 – Zoë'
HOSTILE_TITLE = "Interview; pay, care\r\nDTSTART:19990101T000000Z\nSTATUS:CANCELLED\\ Ünïcødé"


def test_names_and_titles_with_newlines_semicolons_and_commas_add_no_property(tmp_path: Path):
    hostile = Recipient(HOSTILE_NAME, "jane@council.example")
    visit = invite_visit(
        sessions=tuple(
            domain.Session(s.id, HOSTILE_TITLE, kind=s.kind) if s.id == "s1" else s
            for s in invite_visit().sessions
        ),
        people=tuple(
            domain.Person(p.id, HOSTILE_NAME, p.email) if p.id == "p1" else p for p in invite_visit().people
        ),
    )
    data = request(visit=visit, recipient=hostile, attendees=[hostile, ANA])
    lines = unfolded(data)
    in_event = lines[lines.index("BEGIN:VEVENT") : lines.index("END:VEVENT") + 1]
    names = [line.split(":", 1)[0].split(";", 1)[0] for line in in_event]
    assert "X-INJECTED" not in [line.split(":", 1)[0] for line in lines]
    assert names.count("DTSTART") == 1
    assert names.count("STATUS") == 1
    assert names.count("ATTENDEE") == 2
    event = event_of(data)
    assert (
        str(event["SUMMARY"]) == "Interview; pay, care\nDTSTART:19990101T000000Z\nSTATUS:CANCELLED\\ Ünïcødé"
    )
    assert event["STATUS"] == "CONFIRMED"
    assert (
        event["ATTENDEE"][0].params["CN"]
        == "Smith, Jane; 'Boss' ATTENDEE:mailto:evil@attacker.example X-INJECTED:1 – Zoë"
    )
    assert (
        "SUMMARY:Interview\\; pay\\, care\\nDTSTART:19990101T000000Z\\nSTATUS:CANCELLED\\\\ Ünïcødé"
        in unfolded(data)
    )
    assert max(len(line) for line in data.split(b"\r\n")) <= 75
    assert_ics_check_passes(golden("hostile-names.ics", data, tmp_path))


def test_an_address_that_is_not_one_plain_address_is_refused_naming_the_attendee():
    message = "attendee 'Eve' has no usable email address: 'eve@x.example\\r\\nBcc: y@z'"
    with pytest.raises(ValueError, match=re.escape(message)):
        request(attendees=[Recipient("Eve", "eve@x.example\r\nBcc: y@z")])


def test_a_request_cannot_carry_a_cancelled_status():
    with pytest.raises(ValueError, match="goes out as METHOD CANCEL"):
        request(status="CANCELLED")


def test_a_dtstamp_must_be_utc():
    with pytest.raises(ValueError, match="DTSTAMP must be a UTC time"):
        request(dtstamp=datetime(2026, 3, 1, 9, 0))


def test_people_using_services_are_listed_as_attendees_to_themselves_only():
    attendees = [ROSE, CONNOR]
    staff = event_of(request(CASE_TRACKING, uid="uid-2@fieldwork", recipient=JANE, attendees=attendees))
    assessor = event_of(
        request(
            CASE_TRACKING, uid="uid-2@fieldwork", recipient=CONNOR, attendees=attendees, audience="assessor"
        )
    )
    herself = event_of(
        request(
            CASE_TRACKING,
            uid="uid-2@fieldwork",
            recipient=ROSE,
            attendees=attendees,
            audience="person_using_services",
        )
    )

    def addresses(event: icalendar.Event) -> list[str]:
        found = event.get("ATTENDEE")
        return [str(a) for a in (found if isinstance(found, list) else [found])]

    assert addresses(staff) == ["mailto:connor@cqc.example"]
    assert "Rose" not in str(staff["DESCRIPTION"])
    assert addresses(assessor) == ["mailto:connor@cqc.example"]
    assert "Rose" not in str(assessor["DESCRIPTION"]) + str(assessor["SUMMARY"])
    assert addresses(herself) == ["mailto:rose@home.example", "mailto:connor@cqc.example"]


def test_a_feed_holds_many_events_and_no_method():
    data = feed_calendar(
        invite_visit(), [feed_event(INTERVIEW, "uid-1@fieldwork"), feed_event(RESERVE, "uid-3@fieldwork")]
    )
    lines = unfolded(data)
    assert not [line for line in lines if line.startswith("METHOD")]
    assert data.count(b"BEGIN:VEVENT") == 2
    assert data.count(b"BEGIN:VTIMEZONE") == 1
    assert "X-WR-CALNAME:Riverside assessment" in lines
    starts = [e["DTSTART"].dt.date().isoformat() for e in icalendar.Calendar.from_ical(data).walk("VEVENT")]
    assert starts == ["2026-03-27", MONDAY]
