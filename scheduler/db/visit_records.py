"""Copying a coordinator's visit (scheduler.domain) into database records and back.

Pure mapping, no queries: ``write_visit`` brings a VisitRecord and its children in line with
a domain.Visit, matching children by their file id so that unchanged rows stay untouched.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from scheduler import domain
from scheduler.db.visits import (
    AssessorRecord,
    IntervalJSON,
    PersonRecord,
    RoomRecord,
    SessionRecord,
    SiteRecord,
    TeamRecord,
    TravelRecord,
    VisitRecord,
)


def interval_to_json(interval: domain.Interval) -> IntervalJSON:
    return {"day": interval.day, "start": interval.start, "end": interval.end, "level": interval.level}


def interval_from_json(data: IntervalJSON) -> domain.Interval:
    return domain.Interval(
        day=data["day"], start=data["start"], end=data["end"], level=data.get("level", "yes")
    )


def availability_to_json(available: tuple[domain.Interval, ...] | None) -> list[IntervalJSON] | None:
    return None if available is None else [interval_to_json(interval) for interval in available]


def availability_from_json(data: list[IntervalJSON] | None) -> tuple[domain.Interval, ...] | None:
    return None if data is None else tuple(interval_from_json(item) for item in data)


# ---- column values of each kind of child ---------------------------------------------------


def site_values(site: domain.Site) -> dict[str, Any]:
    return {"key": site.id, "name": site.name, "address": site.address}


def travel_values(travel: domain.Travel) -> dict[str, Any]:
    return {"from_site": travel.from_site, "to_site": travel.to_site, "minutes": travel.minutes}


def room_values(room: domain.Room) -> dict[str, Any]:
    return {
        "key": room.id,
        "name": room.name,
        "site": room.site,
        "capacity": room.capacity,
        "features": list(room.features),
        "available": availability_to_json(room.available),
    }


def assessor_values(assessor: domain.Assessor) -> dict[str, Any]:
    return {
        "key": assessor.id,
        "name": assessor.name,
        "email": assessor.email,
        "role": assessor.role,
        "profile": assessor.profile,
        "available": availability_to_json(assessor.available),
        "max_sessions_per_day": assessor.max_sessions_per_day,
    }


def person_values(person: domain.Person) -> dict[str, Any]:
    return {
        "key": person.id,
        "name": person.name,
        "email": person.email,
        "organisation": person.organisation,
        "team": person.team,
        "role": person.role,
        "kind": person.kind,
        "needs": list(person.needs),
        "can_escort": person.can_escort,
        "available": availability_to_json(person.available),
        "manager": person.manager,
        "supporters": list(person.supporters) or None,
        "max_sessions_per_day": person.max_sessions_per_day,
    }


def team_values(team: domain.Team) -> dict[str, Any]:
    return {
        "name": team.name,
        "max_away": team.max_away,
        "max_away_percent": team.max_away_percent,
        "frontline": team.frontline,
    }


def pin_to_json(pin: domain.Pin | None) -> dict[str, Any] | None:
    if pin is None:
        return None
    return {"day": pin.day, "start": pin.start, "room": pin.room, "mode": pin.mode}


def pin_from_json(data: dict[str, Any] | None) -> domain.Pin | None:
    if data is None:
        return None
    return domain.Pin(day=data["day"], start=data["start"], room=data.get("room"), mode=data.get("mode"))


def session_values(session: domain.Session) -> dict[str, Any]:
    need = session.assessors
    count_all = need.count == "all"
    from_ids = list(need.from_ids) if need.from_ids is not None else None
    return {
        "key": session.id,
        "title": session.title,
        "kind": session.kind,
        "minutes": session.minutes,
        "mode": session.mode,
        "priority": session.priority,
        "required_people": list(session.required_people),
        "invited_people": list(session.invited_people),
        "min_attendees": session.min_attendees,
        "max_attendees": session.max_attendees,
        "assessor_count": len(from_ids or []) if count_all else int(need.count),
        "assessors_all": count_all,
        "assessors_from": from_ids,
        "room_features": list(session.room_features),
        "days": list(session.days),
        "not_before": session.not_before,
        "not_after": session.not_after,
        "after": list(session.after),
        "needs_escort": session.needs_escort,
        "fixed": pin_to_json(session.fixed),
        "video_link": session.video_link,
        "tags": list(session.tags) or None,
    }


def settings_values(visit: domain.Visit) -> dict[str, Any]:
    return {
        "name": visit.name,
        "organisation": visit.organisation,
        "timezone": visit.timezone,
        "days": list(visit.days),
        "day_start": visit.day_start,
        "day_end": visit.day_end,
        "slot_minutes": visit.slot_minutes,
        "lunch_earliest": visit.lunch.earliest,
        "lunch_latest": visit.lunch.latest,
        "lunch_minutes": visit.lunch.minutes,
        "escort_minutes": visit.escort_minutes,
        "staff_max_sessions_per_day": visit.staff_max_sessions_per_day,
        "coverage_themes": list(visit.coverage_themes) or None,
    }


# ---- records back to the domain -------------------------------------------------------------


def site_from_record(record: SiteRecord) -> domain.Site:
    return domain.Site(id=record.key, name=record.name, address=record.address)


def travel_from_record(record: TravelRecord) -> domain.Travel:
    return domain.Travel(from_site=record.from_site, to_site=record.to_site, minutes=record.minutes)


def room_from_record(record: RoomRecord) -> domain.Room:
    return domain.Room(
        id=record.key,
        name=record.name,
        site=record.site,
        capacity=record.capacity,
        features=tuple(record.features),
        available=availability_from_json(record.available),
    )


def assessor_from_record(record: AssessorRecord) -> domain.Assessor:
    return domain.Assessor(
        id=record.key,
        name=record.name,
        email=record.email,
        role=record.role,
        profile=record.profile,
        available=availability_from_json(record.available),
        max_sessions_per_day=record.max_sessions_per_day,
    )


def person_from_record(record: PersonRecord) -> domain.Person:
    return domain.Person(
        id=record.key,
        name=record.name,
        email=record.email,
        organisation=record.organisation,
        team=record.team,
        role=record.role,
        kind=record.kind,
        needs=tuple(record.needs),
        can_escort=record.can_escort,
        available=availability_from_json(record.available),
        manager=record.manager,
        supporters=tuple(record.supporters or ()),
        max_sessions_per_day=record.max_sessions_per_day,
    )


def team_from_record(record: TeamRecord) -> domain.Team:
    return domain.Team(
        name=record.name,
        max_away=record.max_away,
        frontline=record.frontline,
        max_away_percent=record.max_away_percent,
    )


def session_from_record(record: SessionRecord) -> domain.Session:
    from_ids = tuple(record.assessors_from) if record.assessors_from is not None else None
    count: int | str = "all" if record.assessors_all else record.assessor_count
    return domain.Session(
        id=record.key,
        title=record.title,
        kind=record.kind,
        minutes=record.minutes,
        mode=record.mode,
        priority=record.priority,
        required_people=tuple(record.required_people),
        invited_people=tuple(record.invited_people),
        min_attendees=record.min_attendees,
        max_attendees=record.max_attendees,
        assessors=domain.AssessorNeed(count=count, from_ids=from_ids),
        room_features=tuple(record.room_features),
        days=tuple(record.days),
        not_before=record.not_before,
        not_after=record.not_after,
        after=tuple(record.after),
        needs_escort=record.needs_escort,
        fixed=pin_from_json(record.fixed),
        video_link=record.video_link,
        tags=tuple(record.tags or ()),
    )


def visit_from_record(record: VisitRecord) -> domain.Visit:
    return domain.Visit(
        name=record.name,
        organisation=record.organisation,
        timezone=record.timezone,
        days=tuple(record.days),
        day_start=record.day_start,
        day_end=record.day_end,
        slot_minutes=record.slot_minutes,
        lunch=domain.Lunch(
            earliest=record.lunch_earliest, latest=record.lunch_latest, minutes=record.lunch_minutes
        ),
        escort_minutes=record.escort_minutes,
        sites=tuple(site_from_record(r) for r in record.sites),
        travel=tuple(travel_from_record(r) for r in record.travel),
        rooms=tuple(room_from_record(r) for r in record.rooms),
        assessors=tuple(assessor_from_record(r) for r in record.assessors),
        people=tuple(person_from_record(r) for r in record.people),
        sessions=tuple(session_from_record(r) for r in record.sessions),
        teams=tuple(team_from_record(r) for r in record.teams),
        staff_max_sessions_per_day=record.staff_max_sessions_per_day,
        coverage_themes=tuple(record.coverage_themes or ()),
    )


# ---- writing -----------------------------------------------------------------------------------

RecordT = TypeVar(
    "RecordT", SiteRecord, TravelRecord, RoomRecord, AssessorRecord, PersonRecord, SessionRecord, TeamRecord
)
ItemT = TypeVar("ItemT")


def _assign(record: Any, values: dict[str, Any]) -> None:
    for column, value in values.items():
        if getattr(record, column, None) != value:
            setattr(record, column, value)


def _synced(
    existing: Sequence[RecordT],
    items: Sequence[ItemT],
    make: Callable[[], RecordT],
    values_of: Callable[[ItemT], dict[str, Any]],
    key_of: Callable[[RecordT], object],
    item_key: Callable[[dict[str, Any]], object],
) -> list[RecordT]:
    by_key = {key_of(record): record for record in existing}
    result: list[RecordT] = []
    for position, item in enumerate(items):
        values = values_of(item)
        record = by_key.pop(item_key(values), None)
        if record is None:
            record = make()
        _assign(record, {**values, "position": position})
        result.append(record)
    return result  # records left in by_key are orphans: the relationship's cascade deletes them


def _by_key(record: Any) -> object:
    return record.key


def _value_key(values: dict[str, Any]) -> object:
    return values["key"]


def _team_key(record: Any) -> object:
    return record.name


def _team_value_key(values: dict[str, Any]) -> object:
    return values["name"]


def _travel_key(record: Any) -> object:
    return (record.from_site, record.to_site)


def _travel_value_key(values: dict[str, Any]) -> object:
    return (values["from_site"], values["to_site"])


def write_visit(record: VisitRecord, visit: domain.Visit, now: datetime) -> None:
    """Make the record and its children say what the visit says."""
    _assign(record, settings_values(visit))
    record.updated_at = now
    record.sites = _synced(record.sites, visit.sites, SiteRecord, site_values, _by_key, _value_key)
    record.travel = _synced(
        record.travel, visit.travel, TravelRecord, travel_values, _travel_key, _travel_value_key
    )
    record.rooms = _synced(record.rooms, visit.rooms, RoomRecord, room_values, _by_key, _value_key)
    record.assessors = _synced(
        record.assessors, visit.assessors, AssessorRecord, assessor_values, _by_key, _value_key
    )
    record.people = _synced(record.people, visit.people, PersonRecord, person_values, _by_key, _value_key)
    record.sessions = _synced(
        record.sessions, visit.sessions, SessionRecord, session_values, _by_key, _value_key
    )
    record.teams = _synced(record.teams, visit.teams, TeamRecord, team_values, _team_key, _team_value_key)
