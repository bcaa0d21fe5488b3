"""VTIMEZONEs in the one-STANDARD-one-DAYLIGHT shape for zones north and south of the equator,
and a single STANDARD block for a zone without daylight saving; each passes ics_check."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import icalendar

from scheduler.invites.ical import InviteEvent, Recipient, feed_calendar
from scheduler.invites.timezones import vtimezone
from tests.support.invites import INTERVIEW, ORGANIZER, SENT_AT, assert_ics_check_passes, invite_visit


def blocks(zone_name: str) -> list[tuple[str, str, str, str, str]]:
    zone = vtimezone(zone_name, 2026)
    return [
        (
            block.name,
            block["DTSTART"].to_ical().decode(),
            block["RRULE"].to_ical().decode() if "RRULE" in block else "",
            block["TZOFFSETFROM"].to_ical(),
            block["TZOFFSETTO"].to_ical(),
        )
        for block in zone.subcomponents
    ]


def test_new_york_changes_on_the_second_sunday_of_march_and_first_of_november():
    assert blocks("America/New_York") == [
        ("DAYLIGHT", "19700308T020000", "FREQ=YEARLY;BYDAY=2SU;BYMONTH=3", "-0500", "-0400"),
        ("STANDARD", "19701101T020000", "FREQ=YEARLY;BYDAY=1SU;BYMONTH=11", "-0400", "-0500"),
    ]


def test_sydney_has_daylight_saving_from_october_to_april():
    assert blocks("Australia/Sydney") == [
        ("DAYLIGHT", "19701004T020000", "FREQ=YEARLY;BYDAY=1SU;BYMONTH=10", "+1000", "+1100"),
        ("STANDARD", "19700405T030000", "FREQ=YEARLY;BYDAY=1SU;BYMONTH=4", "+1100", "+1000"),
    ]


def test_a_zone_without_daylight_saving_has_one_standard_block():
    assert blocks("Asia/Tokyo") == [("STANDARD", "19700101T000000", "", "+0900", "+0900")]


def test_feeds_in_other_zones_pass_ics_check_and_keep_wall_clock_times(tmp_path: Path):
    files = []
    for zone in ("America/New_York", "Australia/Sydney", "Asia/Tokyo"):
        event = InviteEvent(
            placed=INTERVIEW,
            uid="uid-1@fieldwork",
            sequence=0,
            dtstamp=SENT_AT,
            organizer_email=ORGANIZER,
            recipient=Recipient("Jane Smith", "jane@council.example"),
            attendees=(Recipient("Jane Smith", "jane@council.example"),),
            status="CONFIRMED",
            audience="staff",
        )
        data = feed_calendar(invite_visit(timezone=zone), [event])
        (parsed,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
        assert (parsed["DTSTART"].dt.hour, parsed["DTSTART"].dt.tzinfo is not None) == (10, True)
        path = tmp_path / f"{zone.replace('/', '-')}.ics"
        path.write_bytes(data)
        files.append(path)
    assert datetime(2026, 3, 27, 14, 0, tzinfo=UTC) == icalendar.Calendar.from_ical(
        files[0].read_bytes()
    ).walk("VEVENT")[0]["DTSTART"].dt.astimezone(
        UTC
    )  # 10:00 in New York after its change on 8 March is UTC-4
    assert_ics_check_passes(*files)
