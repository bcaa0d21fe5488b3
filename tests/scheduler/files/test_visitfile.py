"""Reading and writing visit files: every defect named by its entry, every field round-tripping."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from scheduler.domain import AssessorNeed, Interval, Team
from scheduler.files.visit_file import VisitFileError, dump_visit, load_visit, read_visit, visit_to_dict

EXAMPLES = Path(__file__).resolve().parents[4] / "shared" / "examples"


def a_visit(**changes: Any) -> dict[str, Any]:
    """A small valid visit file; keyword arguments replace its top-level sections."""
    data: dict[str, Any] = {
        "format": "fieldwork-visit/1",
        "visit": {
            "name": "Test visit",
            "organisation": "Test Council",
            "timezone": "Europe/London",
            "days": ["2026-03-10", "2026-03-11"],
            "day_start": "09:00",
            "day_end": "17:00",
            "slot_minutes": 15,
            "lunch": {"earliest": "12:00", "latest": "14:00", "minutes": 30},
            "escort_minutes": 15,
        },
        "sites": [{"id": "hq", "name": "Head office"}, {"id": "annex", "name": "Annex"}],
        "travel_minutes": [{"from": "hq", "to": "annex", "minutes": 20}],
        "rooms": [
            {"id": "r1", "name": "Room 1", "site": "hq", "capacity": 8, "features": ["step_free"]},
            {"id": "r2", "name": "Room 2", "site": "annex", "capacity": 4, "features": ["video"]},
        ],
        "assessors": [{"id": "a1", "name": "Ann Assessor"}, {"id": "a2", "name": "Bob Assessor"}],
        "people": [
            {"id": "p1", "name": "Pat One"},
            {"id": "p2", "name": "Sam Two", "can_escort": True},
            {"id": "p3", "name": "Lee Three", "needs": ["step_free"]},
        ],
        "sessions": [
            {"id": "s1", "title": "Interview", "minutes": 60, "required_people": ["p1"]},
            {"id": "s2", "title": "Focus group", "minutes": 90, "invited_people": ["p2", "p3"]},
        ],
    }
    data.update(changes)
    return data


def with_session(index: int, **fields: Any) -> dict[str, Any]:
    data = a_visit()
    data["sessions"][index].update(fields)
    return data


def problems_of(data: object) -> list[str]:
    with pytest.raises(VisitFileError) as raised:
        read_visit(data)
    return raised.value.problems


# ---------------------------------------------------------------- a valid file and its defaults


def test_valid_visit_reads_with_the_format_defaults_filled_in() -> None:
    visit = read_visit(a_visit())

    interview, focus_group = visit.sessions
    assert (interview.mode, interview.priority, interview.kind) == ("in_person", "must", "other")
    assert (interview.min_attendees, interview.max_attendees) == (1, 1)
    assert (focus_group.min_attendees, focus_group.max_attendees) == (0, 2)
    assert interview.assessors == AssessorNeed(count=1, from_ids=None)
    assert interview.needs_escort is True
    assert interview.fixed is None
    assert visit.people[0].available is None
    assert visit.people[0].kind == "staff"
    assert visit.people[1].can_escort is True


def test_omitted_availability_stays_whole_visit_and_an_empty_list_stays_never() -> None:
    data = a_visit()
    data["rooms"][1]["available"] = []
    visit = read_visit(data)

    assert visit.rooms[0].available is None
    assert visit.rooms[1].available == ()


def test_person_availability_keeps_its_levels() -> None:
    data = a_visit()
    data["people"][0]["available"] = [
        {"day": "2026-03-10", "start": "09:00", "end": "12:00"},
        {"day": "2026-03-11", "start": "13:00", "end": "24:00", "level": "if_needed"},
    ]
    visit = read_visit(data)

    assert visit.people[0].available == (
        Interval("2026-03-10", "09:00", "12:00", "yes"),
        Interval("2026-03-11", "13:00", "24:00", "if_needed"),
    )


# ---------------------------------------------------------------- one test per kind of problem


def test_session_minutes_must_be_a_multiple_of_the_slot() -> None:
    assert problems_of(with_session(0, minutes=50)) == [
        "sessions[0] 's1': minutes 50 is not a multiple of slot_minutes 15"
    ]


def test_a_need_that_no_room_offers_is_an_unknown_feature() -> None:
    data = a_visit()
    data["people"][2]["needs"] = ["wheelchair"]
    assert problems_of(data) == ["people[2] 'p3': unknown need 'wheelchair' (no room has this feature)"]


def test_a_room_feature_that_no_room_offers_is_an_unknown_feature() -> None:
    assert problems_of(with_session(1, room_features=["hearing_loop"])) == [
        "sessions[1] 's2': unknown room feature 'hearing_loop' (no room has it)"
    ]


def test_unknown_people_in_a_session_are_named() -> None:
    assert problems_of(with_session(0, required_people=["p9"], invited_people=["p1", "p8"])) == [
        "sessions[0] 's1': required_people names unknown person 'p9'",
        "sessions[0] 's1': invited_people names unknown person 'p8'",
    ]


def test_unknown_assessor_in_from_is_named() -> None:
    assert problems_of(with_session(0, assessors={"count": 1, "from": ["a1", "a7"]})) == [
        "sessions[0] 's1' assessors: from names unknown assessor 'a7'"
    ]


def test_unknown_session_in_after_is_named() -> None:
    assert problems_of(with_session(1, after=["s1", "s5"])) == [
        "sessions[1] 's2': after names unknown session 's5'"
    ]


def test_unknown_pinned_room_is_named() -> None:
    assert problems_of(with_session(0, fixed={"day": "2026-03-10", "start": "09:00", "room": "r9"})) == [
        "sessions[0] 's1' fixed: room names unknown room 'r9'"
    ]


def test_unknown_room_site_and_travel_site_are_named() -> None:
    data = a_visit(travel_minutes=[{"from": "hq", "to": "depot", "minutes": 10}])
    data["rooms"][0]["site"] = "tower"
    assert problems_of(data) == [
        "travel_minutes[0]: to names unknown site 'depot'",
        "rooms[0] 'r1': site names unknown site 'tower'",
    ]


def test_duplicate_ids_are_reported_with_the_first_use() -> None:
    data = a_visit()
    data["people"].append({"id": "p2", "name": "Another Sam"})
    assert problems_of(data) == ["people[3] 'p2': duplicate id (also people[1] 'p2')"]


def test_an_entry_without_an_id_is_reported() -> None:
    data = a_visit()
    data["rooms"].append({"name": "Nameless", "site": "hq", "capacity": 2})
    assert problems_of(data) == ["rooms[2]: needs an id (a non-empty string)"]


def test_availability_must_end_after_it_starts() -> None:
    data = a_visit()
    data["assessors"][0]["available"] = [{"day": "2026-03-10", "start": "13:00", "end": "12:00"}]
    assert problems_of(data) == ["assessors[0] 'a1' available[0]: start 13:00 must be before end 12:00"]


def test_availability_times_must_be_valid_clock_times() -> None:
    data = a_visit()
    data["people"][0]["available"] = [{"day": "2026-03-10", "start": "9:00", "end": "25:00"}]
    assert problems_of(data) == [
        "people[0] 'p1' available[0]: start '9:00' is not a time 'HH:MM'",
        "people[0] 'p1' available[0]: end '25:00' is not a time 'HH:MM'",
    ]


def test_pinned_start_must_lie_on_the_slot_grid() -> None:
    assert problems_of(with_session(0, fixed={"day": "2026-03-10", "start": "09:10"})) == [
        "sessions[0] 's1' fixed: start 09:10 is off the 15-minute grid from day_start"
    ]


def test_pinned_session_must_fit_inside_the_day() -> None:
    assert problems_of(with_session(0, fixed={"day": "2026-03-10", "start": "16:30"})) == [
        "sessions[0] 's1' fixed: start 16:30 does not fit between day_start 09:00 and day_end 17:00"
    ]


def test_not_before_and_not_after_must_be_clock_times() -> None:
    assert problems_of(with_session(0, not_before="nine", not_after="11:60")) == [
        "sessions[0] 's1': not_before 'nine' is not a time 'HH:MM'",
        "sessions[0] 's1': not_after '11:60' is not a time 'HH:MM'",
    ]


def test_a_window_shorter_than_the_session_is_reported() -> None:
    assert problems_of(with_session(0, not_before="10:00", not_after="10:30")) == [
        "sessions[0] 's1': not_before 10:00 to not_after 10:30 is under 60 minutes"
    ]


def test_days_outside_the_visit_are_reported_wherever_they_appear() -> None:
    data = with_session(0, days=["2026-03-12"], fixed={"day": "2026-03-09", "start": "09:00"})
    data["rooms"][0]["available"] = [{"day": "2026-03-13", "start": "09:00", "end": "10:00"}]
    assert problems_of(data) == [
        "rooms[0] 'r1' available[0]: day '2026-03-13' is not a visit day",
        "sessions[0] 's1': days names '2026-03-12', which is not a visit day",
        "sessions[0] 's1' fixed: day '2026-03-09' is not a visit day",
    ]


def test_enumerated_fields_name_their_allowed_values() -> None:
    data = with_session(0, kind="lecture", mode="hybrid", priority="urgent")
    data["people"][0]["kind"] = "visitor"
    data["people"][1]["available"] = [
        {"day": "2026-03-10", "start": "09:00", "end": "10:00", "level": "maybe"}
    ]
    assert problems_of(data) == [
        "people[0] 'p1': kind 'visitor' is not one of staff, partner, person_using_services, carer",
        "people[1] 'p2' available[0]: level 'maybe' is not one of yes, if_needed",
        "sessions[0] 's1': mode 'hybrid' is not one of in_person, virtual, either",
        "sessions[0] 's1': kind 'lecture' is not one of interview, focus_group, case_tracking, drop_in, "
        "briefing, wash_up, other",
        "sessions[0] 's1': priority 'urgent' is not one of must, should, reserve",
    ]


def test_wrong_json_types_say_what_was_found() -> None:
    data = with_session(0, minutes="60", needs_escort="yes")
    data["rooms"][0]["capacity"] = True
    data["people"][0]["can_escort"] = 1
    assert problems_of(data) == [
        "rooms[0] 'r1': capacity must be a whole number, not true",
        "people[0] 'p1': can_escort must be true or false, not the number 1",
        "sessions[0] 's1': minutes must be a whole number, not the string \"60\"",
        "sessions[0] 's1': needs_escort must be true or false, not the string \"yes\"",
    ]


def test_min_attendees_may_not_exceed_max_attendees() -> None:
    assert problems_of(with_session(1, min_attendees=2, max_attendees=1)) == [
        "sessions[1] 's2': min_attendees 2 exceeds max_attendees 1"
    ]


def test_max_attendees_must_leave_room_for_the_required_people() -> None:
    assert problems_of(with_session(0, required_people=["p1", "p2"], min_attendees=0, max_attendees=1)) == [
        "sessions[0] 's1': max_attendees 1 is fewer than its 2 required people"
    ]


def test_assessor_count_may_not_exceed_those_listed() -> None:
    assert problems_of(with_session(0, assessors={"count": 2, "from": ["a2"]})) == [
        "sessions[0] 's1' assessors: count 2 exceeds the 1 assessors in 'from'"
    ]


def test_assessor_count_must_be_a_number_or_all() -> None:
    assert problems_of(with_session(0, assessors={"count": "both"})) == [
        "sessions[0] 's1' assessors: count must be a whole number or 'all', not the string \"both\""
    ]


def test_an_unknown_time_zone_is_reported() -> None:
    data = a_visit()
    data["visit"]["timezone"] = "Europe/Londn"
    assert problems_of(data) == [
        "visit: timezone 'Europe/Londn' is not a known IANA time zone (e.g. 'Europe/London')"
    ]


def test_visit_days_must_be_ascending_iso_dates() -> None:
    data = a_visit()
    data["visit"]["days"] = ["2026-03-11", "2026-03-10", "2026-02-30"]
    assert problems_of(data) == [
        "visit: days[1] 2026-03-10 must come after 2026-03-11 (days ascending, no repeats)",
        "visit: days[2] the string \"2026-02-30\" is not a day 'YYYY-MM-DD'",
    ]


def test_an_unknown_field_is_reported_as_a_likely_typo() -> None:
    assert problems_of(with_session(0, min_attendee=1)) == ["sessions[0] 's1': unknown field 'min_attendee'"]


def test_missing_required_fields_are_named() -> None:
    data = a_visit()
    del data["sessions"][0]["minutes"]
    del data["rooms"][1]["capacity"]
    assert problems_of(data) == ["rooms[1] 'r2': missing 'capacity'", "sessions[0] 's1': missing 'minutes'"]


def test_sessions_that_must_follow_each_other_in_a_circle_are_reported() -> None:
    data = a_visit()
    data["sessions"][0]["after"] = ["s2"]
    data["sessions"][1]["after"] = ["s1"]
    assert problems_of(data) == ["sessions[0] 's1': after forms a cycle: s1 after s2 after s1"]


def test_a_person_cannot_be_both_required_and_invited() -> None:
    assert problems_of(with_session(0, invited_people=["p1"])) == [
        "sessions[0] 's1': person 'p1' is both required and invited"
    ]


def test_pinned_mode_must_agree_with_the_session_mode() -> None:
    assert problems_of(with_session(0, fixed={"day": "2026-03-10", "start": "09:00", "mode": "virtual"})) == [
        "sessions[0] 's1' fixed: mode 'virtual' contradicts the session's mode 'in_person'"
    ]


def test_contradicting_travel_times_are_reported() -> None:
    trips = [{"from": "hq", "to": "annex", "minutes": 20}, {"from": "annex", "to": "hq", "minutes": 30}]
    assert problems_of(a_visit(travel_minutes=trips)) == [
        "travel_minutes[1]: 30 minutes contradicts travel_minutes[0] (20 minutes)"
    ]


def test_another_kind_of_file_is_rejected_by_its_format_alone() -> None:
    assert problems_of({"format": "fieldwork-timetable/1", "assignments": []}) == [
        "visit file: format must be 'fieldwork-visit/1', not the string \"fieldwork-timetable/1\""
    ]


def test_a_file_that_is_not_an_object_is_rejected() -> None:
    assert problems_of([1, 2]) == ["visit file: must be an object, not a list"]


def test_every_problem_is_reported_in_one_pass() -> None:
    data = with_session(0, minutes=50, required_people=["p9"])
    data["visit"]["timezone"] = "Mars/Olympus"
    data["people"][2]["needs"] = ["wheelchair"]
    data["rooms"][1]["site"] = "tower"
    data["sessions"][1]["priority"] = "urgent"
    assert problems_of(data) == [
        "visit: timezone 'Mars/Olympus' is not a known IANA time zone (e.g. 'Europe/London')",
        "rooms[1] 'r2': site names unknown site 'tower'",
        "people[2] 'p3': unknown need 'wheelchair' (no room has this feature)",
        "sessions[0] 's1': minutes 50 is not a multiple of slot_minutes 15",
        "sessions[0] 's1': required_people names unknown person 'p9'",
        "sessions[1] 's2': priority 'urgent' is not one of must, should, reserve",
    ]


# ---------------------------------------------------------------- files on disk


def test_loading_a_missing_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.json"
    with pytest.raises(VisitFileError) as raised:
        load_visit(path)
    assert raised.value.problems == [f"{path}: cannot be read (No such file or directory)"]


def test_loading_bad_utf8_names_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(b'{"name": "Caf\xe9"}')
    with pytest.raises(VisitFileError) as raised:
        load_visit(path)
    assert raised.value.problems == [f"{path}: is not UTF-8 text (byte 13 is 0xe9)"]


def test_loading_bad_json_gives_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "format": "fieldwork-visit/1",\n  "visit": {,}\n}\n', encoding="utf-8")
    with pytest.raises(VisitFileError) as raised:
        load_visit(path)
    assert raised.value.problems == [
        f"{path}: is not valid JSON: Expecting property name enclosed in double quotes at line 3 column 13"
    ]


# ---------------------------------------------------------------- teams, managers, supporters


def with_teams(**person_fields: dict[str, Any]) -> dict[str, Any]:
    """a_visit() with p1 and p3 in Hospital discharge and each person's extra fields."""
    data = a_visit(teams=[{"name": "Hospital discharge", "max_away": 1, "frontline": True}])
    for person in data["people"]:
        person.update(person_fields.get(person["id"], {}))
    data["people"][0]["team"] = data["people"][2]["team"] = "Hospital discharge"
    return data


def test_teams_managers_supporters_caps_and_video_links_are_read_and_written_back() -> None:
    data = with_teams(p1={"manager": "p2", "supporters": ["p3"], "max_sessions_per_day": 2})
    data["sessions"][1].update(mode="virtual", video_link="https://meet.example.org/focus-group")
    visit = read_visit(copy.deepcopy(data))
    p1 = visit.people[0]
    assert (p1.team, p1.manager, p1.supporters, p1.max_sessions_per_day) == (
        "Hospital discharge",
        "p2",
        ("p3",),
        2,
    )
    assert visit.teams == (Team("Hospital discharge", max_away=1, frontline=True),)
    assert visit.sessions[1].video_link == "https://meet.example.org/focus-group"
    written = visit_to_dict(visit)
    assert written["teams"] == data["teams"]
    assert written["people"][0]["supporters"] == ["p3"]
    assert read_visit(written) == visit


def test_a_visit_without_the_additions_writes_none_of_them() -> None:
    written = visit_to_dict(read_visit(a_visit()))
    assert "teams" not in written
    assert not {"manager", "supporters", "max_sessions_per_day"} & written["people"][0].keys()
    assert "video_link" not in written["sessions"][0]


def test_bad_references_among_people_are_named() -> None:
    data = with_teams(
        p1={"manager": "p9"},
        p2={"manager": "p2", "supporters": ["p2", "p8"]},
        p3={"max_sessions_per_day": 0},
    )
    assert problems_of(data) == [
        "people[0] 'p1': manager names unknown person 'p9'",
        "people[1] 'p2': manager names the person themselves",
        "people[1] 'p2': supporters names unknown person 'p8'",
        "people[1] 'p2': supporters names the person themselves",
        "people[2] 'p3': max_sessions_per_day 0 must be positive",
    ]


def test_bad_teams_are_named() -> None:
    data = with_teams()
    data["teams"] += [
        {"name": "Hospital Discharge", "max_away": 0},
        {"name": "Hospital discharge", "frontline": "yes"},
    ]
    assert problems_of(data) == [
        "teams[1] 'Hospital Discharge': names a team that no person belongs to",
        "teams[1] 'Hospital Discharge': max_away 0 must be positive",
        "teams[2] 'Hospital discharge': team is listed twice (also teams[0] 'Hospital discharge')",
    ]


# ---------------------------------------------------------------- round trips


@pytest.mark.parametrize("name", ["small", "medium", "medium-teams"])
def test_example_visits_are_written_back_unchanged(name: str) -> None:
    data = json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    assert visit_to_dict(read_visit(copy.deepcopy(data))) == data


def test_a_visit_with_omitted_fields_reads_the_same_after_writing() -> None:
    visit = read_visit(a_visit())
    assert read_visit(visit_to_dict(visit)) == visit


def test_dumped_visit_loads_back_equal(tmp_path: Path) -> None:
    visit = load_visit(EXAMPLES / "medium.json")
    dump_visit(visit, tmp_path / "copy.json")
    assert load_visit(tmp_path / "copy.json") == visit


def test_missing_visit_header_fields_are_each_named_once() -> None:
    data = a_visit()
    for key in ("name", "timezone", "days"):
        del data["visit"][key]
    assert problems_of(data) == [
        "visit: missing 'name'",
        "visit: missing 'timezone'",
        "visit: missing 'days'",
    ]
