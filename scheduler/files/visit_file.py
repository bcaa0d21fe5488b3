"""Reading and writing visit files (fieldwork-visit/1, see shared/spec/visit-format.md).

`read_visit` checks everything the format promises and reports every problem of a file at
once, each naming its entry (`sessions[3] 's4': minutes 50 is not a multiple of slot_minutes
15`). `visit_to_dict` writes a Visit back so that reading it again gives the same Visit.
"""

from __future__ import annotations

import sys
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scheduler.domain import (
    LEVELS,
    PERSON_KINDS,
    PRIORITIES,
    SESSION_KINDS,
    SESSION_MODES,
    Assessor,
    AssessorNeed,
    Interval,
    Lunch,
    Person,
    Pin,
    Room,
    Session,
    Site,
    Team,
    Travel,
    Visit,
)
from scheduler.domain.clocktime import clock_of, date_of, minutes_of
from scheduler.domain.needs import ROOM_NEEDS
from scheduler.files.field_reader import FieldReader, describe, labelled_entries
from scheduler.files.json_text import dumps_document, load_json_document
from scheduler.files.upload_limits import MAX_ROWS
from scheduler.files.visit_limits import (
    MAX_DAYS,
    MAX_PEOPLE,
    MAX_SESSIONS,
    count_problem,
    day_slots_problem,
    days_problem,
)

VISIT_FORMAT = "fieldwork-visit/1"
PINNED_MODES = ("in_person", "virtual")

_TOP_KEYS = (
    "format",
    "visit",
    "sites",
    "travel_minutes",
    "rooms",
    "assessors",
    "people",
    "sessions",
    "teams",
)
_HEAD_KEYS = (
    "name",
    "organisation",
    "timezone",
    "days",
    "day_start",
    "day_end",
    "slot_minutes",
    "lunch",
    "escort_minutes",
)
_SESSION_KEYS = (
    "id",
    "title",
    "kind",
    "minutes",
    "mode",
    "priority",
    "required_people",
    "invited_people",
    "min_attendees",
    "max_attendees",
    "assessors",
    "room_features",
    "days",
    "not_before",
    "not_after",
    "after",
    "needs_escort",
    "fixed",
    "video_link",
)
_PERSON_KEYS = (
    "id",
    "name",
    "email",
    "organisation",
    "team",
    "role",
    "kind",
    "needs",
    "can_escort",
    "available",
    "manager",
    "supporters",
    "max_sessions_per_day",
)


class VisitFileError(Exception):
    """A visit file that cannot be used; `problems` lists every reason found, one per line."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass
class _Known:
    """What later entries may refer to, gathered before they are read."""

    days: tuple[str, ...] = ()
    day_start: int | None = None
    day_end: int | None = None
    slot_minutes: int | None = None
    sites: set[str] = field(default_factory=set)
    rooms: set[str] = field(default_factory=set)
    features: set[str] = field(default_factory=set)
    assessors: set[str] = field(default_factory=set)
    people: set[str] = field(default_factory=set)
    sessions: set[str] = field(default_factory=set)


# ---------------------------------------------------------------- reading


class _EveryId(set[str]):
    """Stands for a list of ids whose entries are not at hand: every id is in it."""

    def __contains__(self, ident: object) -> bool:
        return True

    def __len__(self) -> int:
        return sys.maxsize


class _EveryDay(tuple[str, ...]):
    """Stands for the visit's days when they are not at hand: every day is one of them."""

    def __contains__(self, day: object) -> bool:
        return True


def read_session_entry(item: object, label: str = "session") -> Session:
    """One session entry as the visit file writes it -> Session with every default filled in.

    For a session stored on its own (a change request's proposed session): its fields are checked
    as in a visit file, but not what it refers to, which was checked against the visit when it was
    stored and is checked again when the session joins the visit.
    """
    reader = FieldReader()
    entry = reader.entry(item, label, _SESSION_KEYS, ("id",))
    if entry is None:
        raise VisitFileError(reader.problems)
    every = _EveryId()
    known = _Known(
        days=_EveryDay(), rooms=every, features=every, assessors=every, people=every, sessions=every
    )
    session = _read_session(reader, label, entry, known)
    if reader.problems:
        raise VisitFileError(reader.problems)
    return session


def read_visit(data: object) -> Visit:
    """Parsed visit-file JSON -> Visit with every default filled in, or VisitFileError."""
    reader = FieldReader()
    top = reader.entry(data, "visit file", _TOP_KEYS, ("format", "visit"))
    if top is None:
        raise VisitFileError(reader.problems)
    if "format" in top and top["format"] != VISIT_FORMAT:
        # Another kind of file: listing its every field as wrong would bury the one real message.
        raise VisitFileError([f"visit file: format must be {VISIT_FORMAT!r}, not {describe(top['format'])}"])
    if "visit" not in top:
        raise VisitFileError(reader.problems)  # without its days and clock nothing else can be checked

    known = _Known()
    head = _read_head(reader, top.get("visit"), known)
    sections = {key: _section(reader, top, key) for key in _TOP_KEYS[2:]}
    too_big = _size_problems(top.get("visit"), known, sections)
    if too_big:
        # Checking every entry of a visit too big to plan would hold the request to say little more.
        raise VisitFileError([*reader.problems, *too_big])
    site_entries = labelled_entries(reader, sections["sites"], "sites")
    room_entries = labelled_entries(reader, sections["rooms"], "rooms")
    assessor_entries = labelled_entries(reader, sections["assessors"], "assessors")
    person_entries = labelled_entries(reader, sections["people"], "people")
    session_entries = labelled_entries(reader, sections["sessions"], "sessions")
    known.sites = {ident for _, _, ident in site_entries}
    known.rooms = {ident for _, _, ident in room_entries}
    known.assessors = {ident for _, _, ident in assessor_entries}
    known.people = {ident for _, _, ident in person_entries}
    known.sessions = {ident for _, _, ident in session_entries}
    known.features = _all_room_features(room_entries)

    sites = tuple(_read_site(reader, label, item) for label, item, _ in site_entries)
    travel = _read_travel(reader, sections["travel_minutes"], known)
    rooms = tuple(_read_room(reader, label, item, known) for label, item, _ in room_entries)
    assessors = tuple(_read_assessor(reader, label, item, known) for label, item, _ in assessor_entries)
    people = tuple(_read_person(reader, label, item, known) for label, item, _ in person_entries)
    sessions = tuple(_read_session(reader, label, item, known) for label, item, _ in session_entries)
    _check_after_has_no_cycle(reader, session_entries, sessions)
    teams = _read_teams(reader, sections["teams"], people)

    if reader.problems:
        raise VisitFileError(reader.problems)
    return Visit(
        name=head["name"],
        organisation=head["organisation"],
        timezone=head["timezone"],
        days=known.days,
        day_start=head["day_start"],
        day_end=head["day_end"],
        slot_minutes=head["slot_minutes"],
        lunch=head["lunch"],
        escort_minutes=head["escort_minutes"],
        sites=sites,
        travel=travel,
        rooms=rooms,
        assessors=assessors,
        people=people,
        sessions=sessions,
        teams=teams,
    )


def _section(reader: FieldReader, top: dict[str, Any], key: str) -> list[Any]:
    values = reader.array(top, key, "visit file", default=())
    if values and len(values) > MAX_ROWS:
        # Checking each of a million entries would hold the request for minutes to say the same thing.
        reader.fail(key, f"has {len(values):,} entries, more than the {MAX_ROWS:,} a visit file may hold")
        return []
    return values or []


def _size_problems(head: object, known: _Known, sections: dict[str, list[Any]]) -> list[str]:
    """The caps of visitlimits this visit is past: days, days x slots, sessions and people."""
    problems: list[str] = []
    raw_days = head.get("days") if isinstance(head, dict) else None
    days = len(raw_days) if isinstance(raw_days, list) else 0
    over_days = days_problem(days)
    if over_days:
        problems.append(f"visit: {over_days}")
    if known.day_start is not None and known.day_end is not None and known.slot_minutes:
        over_slots = day_slots_problem(days, known.day_start, known.day_end, known.slot_minutes)
        if over_slots:
            problems.append(f"visit: {over_slots}")
    for key, cap in (("sessions", MAX_SESSIONS), ("people", MAX_PEOPLE)):
        over = count_problem(key, len(sections[key]), cap)
        if over:
            problems.append(f"{key}: {over}")
    return problems


def _read_head(reader: FieldReader, value: object, known: _Known) -> dict[str, Any]:
    where = "visit"
    head = reader.entry(value, where, _HEAD_KEYS) or {}
    name = reader.string(head, "name", where) or ""
    organisation = reader.string(head, "organisation", where, default="")
    timezone = reader.string(head, "timezone", where) or ""
    if timezone and not _is_time_zone(timezone):
        reader.fail(where, f"timezone {timezone!r} is not a known IANA time zone (e.g. 'Europe/London')")
    known.days = _read_visit_days(reader, head)
    day_start = reader.clock(head, "day_start", where, default="09:00")
    day_end = reader.clock(head, "day_end", where, default="17:00")
    if day_start is not None and day_end is not None and minutes_of(day_start) >= minutes_of(day_end):
        reader.fail(where, f"day_start {day_start} must be before day_end {day_end}")
    else:
        known.day_start = minutes_of(day_start) if day_start else None
        known.day_end = minutes_of(day_end) if day_end else None
    known.slot_minutes = reader.integer(head, "slot_minutes", where, default=15, minimum=1)
    escort_minutes = reader.integer(head, "escort_minutes", where, default=15, minimum=0)
    return {
        "name": name,
        "organisation": organisation,
        "timezone": timezone,
        "day_start": day_start or "09:00",
        "day_end": day_end or "17:00",
        "slot_minutes": known.slot_minutes or 15,
        "lunch": _read_lunch(reader, head),
        "escort_minutes": 15 if escort_minutes is None else escort_minutes,
    }


def _is_time_zone(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _read_visit_days(reader: FieldReader, head: dict[str, Any]) -> tuple[str, ...]:
    values = reader.array(head, "days", "visit")
    if values is None:
        return ()
    if not values:
        reader.fail("visit", "days must list at least one day")
    if len(values) > MAX_DAYS:
        return ()  # refused by _size_problems; each of thousands of days need not be checked
    days: list[str] = []
    for i, value in enumerate(values):
        date = date_of(value)
        if date is None:
            reader.fail("visit", f"days[{i}] {describe(value)} is not a day 'YYYY-MM-DD'")
            continue
        if days and date <= date_of(days[-1]):  # type: ignore[operator]
            reader.fail("visit", f"days[{i}] {value} must come after {days[-1]} (days ascending, no repeats)")
            continue
        days.append(value)
    return tuple(days)


def _read_lunch(reader: FieldReader, head: dict[str, Any]) -> Lunch:
    if "lunch" not in head:
        return Lunch()
    where = "visit.lunch"
    lunch = reader.entry(head["lunch"], where, ("earliest", "latest", "minutes"))
    if lunch is None:
        return Lunch()
    default = Lunch()
    earliest = reader.clock(lunch, "earliest", where, default=default.earliest)
    latest = reader.clock(lunch, "latest", where, default=default.latest)
    minutes = reader.integer(lunch, "minutes", where, default=default.minutes, minimum=0)
    if None in (earliest, latest, minutes):
        return default
    if minutes_of(latest) - minutes_of(earliest) < minutes:
        reader.fail(where, f"the window {earliest}-{latest} is shorter than minutes {minutes}")
    return Lunch(earliest=earliest, latest=latest, minutes=minutes)


def _all_room_features(room_entries: list[tuple[str, dict[str, Any], str]]) -> set[str]:
    features: set[str] = set()
    for _, item, _ in room_entries:
        values = item.get("features")
        if isinstance(values, list):
            features.update(v for v in values if isinstance(v, str))
    return features


def _read_site(reader: FieldReader, label: str, item: dict[str, Any]) -> Site:
    reader.entry(item, label, ("id", "name", "address"))
    return Site(
        id=item["id"],
        name=reader.string(item, "name", label) or "",
        address=reader.string(item, "address", label, default=""),
    )


def _read_travel(reader: FieldReader, items: list[Any], known: _Known) -> tuple[Travel, ...]:
    out: list[Travel] = []
    seen: dict[frozenset[str], tuple[int, str]] = {}
    for i, value in enumerate(items):
        label = f"travel_minutes[{i}]"
        item = reader.entry(value, label, ("from", "to", "minutes"), ("from", "to", "minutes"))
        if item is None:
            continue
        ends = [reader.string(item, key, label, default=None) for key in ("from", "to")]
        minutes = reader.integer(item, "minutes", label, default=None, minimum=0)
        for key, site in zip(("from", "to"), ends, strict=True):
            if site is not None and site not in known.sites:
                reader.fail(label, f"{key} names unknown site {site!r}")
        from_site, to_site = ends
        if from_site is None or to_site is None or minutes is None:
            continue
        pair = frozenset((from_site, to_site))
        if from_site == to_site and minutes:
            reader.fail(label, f"travel within one site is 0 minutes, not {minutes}")
        elif pair in seen and seen[pair][0] != minutes:
            reader.fail(label, f"{minutes} minutes contradicts {seen[pair][1]} ({seen[pair][0]} minutes)")
        seen.setdefault(pair, (minutes, label))
        out.append(Travel(from_site=from_site, to_site=to_site, minutes=minutes))
    return tuple(out)


def _read_availability(
    reader: FieldReader, item: dict[str, Any], where: str, known: _Known, *, with_levels: bool
) -> tuple[Interval, ...] | None:
    """The `available` intervals; None (absent) means the whole visit and is kept as None."""
    if "available" not in item:
        return None
    values = reader.array(item, "available", where)
    if values is None:
        return None
    keys = ("day", "start", "end", "level") if with_levels else ("day", "start", "end")
    out: list[Interval] = []
    for i, value in enumerate(values):
        label = f"{where} available[{i}]"
        entry = reader.entry(value, label, keys, ("day", "start", "end"))
        if entry is None:
            continue
        day = reader.string(entry, "day", label, default=None)
        start = reader.clock(entry, "start", label, default=None)
        end = reader.clock(entry, "end", label, default=None)
        level = reader.choice(entry, "level", label, LEVELS, default="yes") if with_levels else "yes"
        if day is not None and day not in known.days:
            reader.fail(label, f"day {day!r} is not a visit day")
            continue
        if start is not None and end is not None and minutes_of(start) >= minutes_of(end):
            reader.fail(label, f"start {start} must be before end {end}")
            continue
        if day is not None and start is not None and end is not None and level is not None:
            out.append(Interval(day=day, start=start, end=end, level=level))
    return tuple(out)


def _read_room(reader: FieldReader, label: str, item: dict[str, Any], known: _Known) -> Room:
    reader.entry(item, label, ("id", "name", "site", "capacity", "features", "available"))
    site = reader.string(item, "site", label)
    if site is not None and site not in known.sites:
        reader.fail(label, f"site names unknown site {site!r}")
    return Room(
        id=item["id"],
        name=reader.string(item, "name", label) or "",
        site=site or "",
        capacity=reader.integer(item, "capacity", label, minimum=0) or 0,
        features=reader.strings(item, "features", label),
        available=_read_availability(reader, item, label, known, with_levels=False),
    )


def _read_assessor(reader: FieldReader, label: str, item: dict[str, Any], known: _Known) -> Assessor:
    keys = ("id", "name", "email", "role", "profile", "available", "max_sessions_per_day")
    reader.entry(item, label, keys)
    return Assessor(
        id=item["id"],
        name=reader.string(item, "name", label) or "",
        email=reader.string(item, "email", label, default=""),
        role=reader.string(item, "role", label, default=""),
        profile=reader.string(item, "profile", label, default=""),
        available=_read_availability(reader, item, label, known, with_levels=False),
        max_sessions_per_day=reader.optional_integer(item, "max_sessions_per_day", label, minimum=1),
    )


def _read_person(reader: FieldReader, label: str, item: dict[str, Any], known: _Known) -> Person:
    reader.entry(item, label, _PERSON_KEYS)
    needs = reader.strings(item, "needs", label)
    for need in needs:
        # A need the availability form offers stands even when no room has it: the coordinator
        # must see it unmet (readiness, the solver's reasons), not lose it.
        if need not in known.features and need not in ROOM_NEEDS:
            reader.fail(label, f"unknown need {need!r} (no room has this feature)")
    manager = reader.optional_string(item, "manager", label)
    if manager is not None and manager not in known.people:
        reader.fail(label, f"manager names unknown person {manager!r}")
    elif manager == item["id"]:
        reader.fail(label, "manager names the person themselves")
    supporters = reader.references(item, "supporters", label, known.people, "person")
    if item["id"] in supporters:
        reader.fail(label, "supporters names the person themselves")
    return Person(
        id=item["id"],
        name=reader.string(item, "name", label) or "",
        email=reader.string(item, "email", label, default=""),
        organisation=reader.string(item, "organisation", label, default=""),
        team=reader.string(item, "team", label, default=""),
        role=reader.string(item, "role", label, default=""),
        kind=reader.choice(item, "kind", label, PERSON_KINDS, default="staff"),
        needs=needs,
        can_escort=reader.boolean(item, "can_escort", label, default=False),
        available=_read_availability(reader, item, label, known, with_levels=True),
        manager=manager,
        supporters=supporters,
        max_sessions_per_day=reader.optional_integer(item, "max_sessions_per_day", label, minimum=1),
    )


def _read_teams(reader: FieldReader, items: list[Any], people: tuple[Person, ...]) -> tuple[Team, ...]:
    """The optional `teams` list; a name no person's `team` carries is a typo that would lift its limit."""
    members = {person.team for person in people if person.team}
    out: list[Team] = []
    first: dict[str, str] = {}
    for i, value in enumerate(items):
        label = f"teams[{i}]"
        item = reader.entry(value, label, ("name", "max_away", "frontline"), ("name",))
        if item is None:
            continue
        name = reader.string(item, "name", label, default=None)
        if name is None:
            continue
        label = f"{label} {name!r}"
        if name in first:
            reader.fail(label, f"team is listed twice (also {first[name]})")
            continue
        first[name] = label
        if name not in members:
            reader.fail(label, "names a team that no person belongs to")
        out.append(
            Team(
                name=name,
                max_away=reader.optional_integer(item, "max_away", label, minimum=1),
                frontline=reader.boolean(item, "frontline", label, default=False),
            )
        )
    return tuple(out)


def _read_session(reader: FieldReader, label: str, item: dict[str, Any], known: _Known) -> Session:
    reader.entry(item, label, _SESSION_KEYS)
    minutes = reader.integer(item, "minutes", label, minimum=1)
    slot = known.slot_minutes
    if minutes is not None and slot and minutes % slot:
        reader.fail(label, f"minutes {minutes} is not a multiple of slot_minutes {slot}")
    mode = reader.choice(item, "mode", label, SESSION_MODES, default="in_person")
    required = reader.references(item, "required_people", label, known.people, "person")
    invited = reader.references(item, "invited_people", label, known.people, "person")
    for person in sorted(set(required) & set(invited)):
        reader.fail(label, f"person {person!r} is both required and invited")
    min_attendees, max_attendees = _read_attendee_bounds(reader, label, item, required, invited)
    room_features = reader.strings(item, "room_features", label)
    for feature in room_features:
        if feature not in known.features:
            reader.fail(label, f"unknown room feature {feature!r} (no room has it)")
    days = reader.strings(item, "days", label)
    for day in days:
        if day not in known.days:
            reader.fail(label, f"days names {day!r}, which is not a visit day")
    not_before = reader.optional_clock(item, "not_before", label)
    not_after = reader.optional_clock(item, "not_after", label)
    window = (minutes_of(not_after) - minutes_of(not_before)) if not_before and not_after else None
    if window is not None and minutes is not None and window < minutes:
        reader.fail(label, f"not_before {not_before} to not_after {not_after} is under {minutes} minutes")
    after = reader.references(item, "after", label, known.sessions, "session")
    if item["id"] in after:
        reader.fail(label, "after names the session itself")
    return Session(
        id=item["id"],
        title=reader.string(item, "title", label) or "",
        kind=reader.choice(item, "kind", label, SESSION_KINDS, default="other"),
        minutes=minutes or 0,
        mode=mode,
        priority=reader.choice(item, "priority", label, PRIORITIES, default="must"),
        required_people=required,
        invited_people=invited,
        min_attendees=min_attendees,
        max_attendees=max_attendees,
        assessors=_read_assessor_need(reader, label, item, known),
        room_features=room_features,
        days=days,
        not_before=not_before,
        not_after=not_after,
        after=after,
        needs_escort=reader.boolean(item, "needs_escort", label, default=True),
        fixed=_read_pin(reader, label, item, known, mode, minutes),
        video_link=reader.optional_string(item, "video_link", label),
    )


def _read_attendee_bounds(
    reader: FieldReader,
    label: str,
    item: dict[str, Any],
    required: tuple[str, ...],
    invited: tuple[str, ...],
) -> tuple[int, int]:
    pool = len(required) + len(invited)
    low = reader.integer(item, "min_attendees", label, default=len(required), minimum=0)
    high = reader.integer(item, "max_attendees", label, default=pool, minimum=0)
    if low is None or high is None:
        return low or 0, high or 0
    if low > high:
        reader.fail(label, f"min_attendees {low} exceeds max_attendees {high}")
    elif high < len(required):
        reader.fail(label, f"max_attendees {high} is fewer than its {len(required)} required people")
    elif low > pool:
        reader.fail(label, f"min_attendees {low} exceeds the {pool} required and invited people")
    return low, high


def _read_assessor_need(reader: FieldReader, label: str, item: dict[str, Any], known: _Known) -> AssessorNeed:
    if "assessors" not in item:
        return AssessorNeed()
    where = f"{label} assessors"
    need = reader.entry(item["assessors"], where, ("count", "from"))
    if need is None:
        return AssessorNeed()
    from_ids = None
    if "from" in need:
        from_ids = reader.references(need, "from", where, known.assessors, "assessor")
        if not from_ids:
            reader.fail(where, "from must list at least one assessor (leave it out for any assessor)")
    count = need.get("count", 1)
    if count == "all":
        return AssessorNeed(count="all", from_ids=from_ids)
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        reader.fail(where, f"count must be a whole number or 'all', not {describe(count)}")
        return AssessorNeed(from_ids=from_ids)
    available = len(from_ids) if from_ids is not None else len(known.assessors)
    if count > available:
        source = "in 'from'" if from_ids is not None else "in the visit"
        reader.fail(where, f"count {count} exceeds the {available} assessors {source}")
    return AssessorNeed(count=count, from_ids=from_ids)


def _read_pin(
    reader: FieldReader,
    label: str,
    item: dict[str, Any],
    known: _Known,
    session_mode: str | None,
    minutes: int | None,
) -> Pin | None:
    if item.get("fixed") is None:
        return None
    where = f"{label} fixed"
    pin = reader.entry(item["fixed"], where, ("day", "start", "room", "mode"), ("day", "start"))
    if pin is None:
        return None
    day = reader.string(pin, "day", where, default=None)
    if day is not None and day not in known.days:
        reader.fail(where, f"day {day!r} is not a visit day")
    start = reader.clock(pin, "start", where, default=None)
    if start is not None:
        _check_pinned_start(reader, where, minutes_of(start), minutes, known)
    room = reader.optional_string(pin, "room", where)
    if room is not None and room not in known.rooms:
        reader.fail(where, f"room names unknown room {room!r}")
    mode = reader.optional_string(pin, "mode", where)
    if mode is not None and mode not in PINNED_MODES:
        reader.fail(where, f"mode {mode!r} is not one of {', '.join(PINNED_MODES)}")
    elif mode is not None and session_mode not in (mode, "either", None):
        reader.fail(where, f"mode {mode!r} contradicts the session's mode {session_mode!r}")
    if room is not None and "virtual" in (mode, session_mode):
        reader.fail(where, "pins a room for a session held virtually")
    if day is None or start is None:
        return None
    return Pin(day=day, start=start, room=room, mode=mode)


def _check_pinned_start(
    reader: FieldReader, where: str, start: int, minutes: int | None, known: _Known
) -> None:
    if known.day_start is None or known.day_end is None:
        return
    if known.slot_minutes and (start - known.day_start) % known.slot_minutes:
        grid = f"the {known.slot_minutes}-minute grid from day_start"
        reader.fail(where, f"start {clock_of(start)} is off {grid}")
    elif start < known.day_start or start + (minutes or 0) > known.day_end:
        reader.fail(
            where,
            f"start {clock_of(start)} does not fit between day_start {clock_of(known.day_start)} "
            f"and day_end {clock_of(known.day_end)}",
        )


def _check_after_has_no_cycle(
    reader: FieldReader, entries: list[tuple[str, dict[str, Any], str]], sessions: tuple[Session, ...]
) -> None:
    """Sessions that must each come after the other can never all be held."""
    after = {session.id: session.after for session in sessions}
    labels = {ident: label for label, _, ident in entries}
    state: dict[str, str] = {}  # "open" while on the current path, "done" once finished

    def visit(ident: str, path: list[str]) -> None:
        state[ident] = "open"
        for earlier in after.get(ident, ()):
            if state.get(earlier) == "open":
                cycle = [*path[path.index(earlier) :], earlier]
                reader.fail(labels[earlier], f"after forms a cycle: {' after '.join(cycle)}")
            elif earlier not in state:
                visit(earlier, [*path, earlier])
        state[ident] = "done"

    for session in sessions:
        if session.id not in state:
            visit(session.id, [session.id])


# ---------------------------------------------------------------- loading


def load_visit(path: str | Path) -> Visit:
    """Read a visit file from disk; unreadable, non-UTF-8 or non-JSON files raise VisitFileError."""
    problem, data = load_json_document(Path(path))
    if problem:
        raise VisitFileError([problem])
    return read_visit(data)


# ---------------------------------------------------------------- writing


def visit_to_dict(visit: Visit) -> dict[str, Any]:
    """A Visit as visit-file JSON; `read_visit` of the result gives the same Visit back."""
    out: dict[str, Any] = {
        "format": VISIT_FORMAT,
        "visit": {
            "name": visit.name,
            "organisation": visit.organisation,
            "timezone": visit.timezone,
            "days": list(visit.days),
            "day_start": visit.day_start,
            "day_end": visit.day_end,
            "slot_minutes": visit.slot_minutes,
            "lunch": {
                "earliest": visit.lunch.earliest,
                "latest": visit.lunch.latest,
                "minutes": visit.lunch.minutes,
            },
            "escort_minutes": visit.escort_minutes,
        },
        "sites": [{"id": s.id, "name": s.name, "address": s.address} for s in visit.sites],
        "travel_minutes": [
            {"from": trip.from_site, "to": trip.to_site, "minutes": trip.minutes} for trip in visit.travel
        ],
        "rooms": [_room_to_dict(room) for room in visit.rooms],
        "assessors": [_assessor_to_dict(assessor) for assessor in visit.assessors],
        "people": [_person_to_dict(person) for person in visit.people],
        "sessions": [_session_to_dict(session) for session in visit.sessions],
    }
    if visit.teams:
        out["teams"] = [_team_to_dict(team) for team in visit.teams]
    return out


def _team_to_dict(team: Team) -> dict[str, Any]:
    out: dict[str, Any] = {"name": team.name}
    if team.max_away is not None:
        out["max_away"] = team.max_away
    out["frontline"] = team.frontline
    return out


def _intervals_to_list(intervals: tuple[Interval, ...], *, with_levels: bool) -> list[dict[str, str]]:
    out = []
    for interval in intervals:
        entry = {"day": interval.day, "start": interval.start, "end": interval.end}
        if with_levels:
            entry["level"] = interval.level
        out.append(entry)
    return out


def _room_to_dict(room: Room) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": room.id,
        "name": room.name,
        "site": room.site,
        "capacity": room.capacity,
        "features": list(room.features),
    }
    if room.available is not None:
        out["available"] = _intervals_to_list(room.available, with_levels=False)
    return out


def _assessor_to_dict(assessor: Assessor) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": assessor.id,
        "name": assessor.name,
        "email": assessor.email,
        "role": assessor.role,
        "profile": assessor.profile,
    }
    if assessor.available is not None:
        out["available"] = _intervals_to_list(assessor.available, with_levels=False)
    if assessor.max_sessions_per_day is not None:
        out["max_sessions_per_day"] = assessor.max_sessions_per_day
    return out


def _person_to_dict(person: Person) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": person.id,
        "name": person.name,
        "email": person.email,
        "organisation": person.organisation,
        "team": person.team,
        "role": person.role,
        "kind": person.kind,
        "needs": list(person.needs),
        "can_escort": person.can_escort,
    }
    if person.available is not None:
        out["available"] = _intervals_to_list(person.available, with_levels=True)
    # The optional additions are written only when set, so older visits export as they were.
    if person.manager is not None:
        out["manager"] = person.manager
    if person.supporters:
        out["supporters"] = list(person.supporters)
    if person.max_sessions_per_day is not None:
        out["max_sessions_per_day"] = person.max_sessions_per_day
    return out


def _session_to_dict(session: Session) -> dict[str, Any]:
    assessors: dict[str, Any] = {"count": session.assessors.count}
    if session.assessors.from_ids is not None:
        assessors["from"] = list(session.assessors.from_ids)
    fixed: dict[str, Any] | None = None
    if session.fixed is not None:
        fixed = {"day": session.fixed.day, "start": session.fixed.start}
        if session.fixed.room is not None:
            fixed["room"] = session.fixed.room
        if session.fixed.mode is not None:
            fixed["mode"] = session.fixed.mode
    out: dict[str, Any] = {
        "id": session.id,
        "title": session.title,
        "kind": session.kind,
        "minutes": session.minutes,
        "mode": session.mode,
        "priority": session.priority,
        "required_people": list(session.required_people),
        "invited_people": list(session.invited_people),
        "min_attendees": session.min_attendees,
        "max_attendees": session.max_attendees,
        "assessors": assessors,
        "room_features": list(session.room_features),
        "days": list(session.days),
        "not_before": session.not_before,
        "not_after": session.not_after,
        "after": list(session.after),
        "needs_escort": session.needs_escort,
        "fixed": fixed,
    }
    if session.video_link is not None:
        out["video_link"] = session.video_link
    return out


def dumps_visit(visit: Visit) -> str:
    """Visit-file text, one line per room, person, session... so diffs and grep stay readable."""
    return dumps_document(visit_to_dict(visit))


def dump_visit(visit: Visit, path: str | Path) -> None:
    Path(path).write_text(dumps_visit(visit), encoding="utf-8")


__all__ = [
    "VISIT_FORMAT",
    "VisitFileError",
    "dump_visit",
    "dumps_visit",
    "load_visit",
    "read_visit",
    "visit_to_dict",
]
