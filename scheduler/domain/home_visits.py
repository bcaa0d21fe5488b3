"""Home visits (pure): a case-tracking conversation held at the person's home.

In the visit format a home is an ordinary site with one room and travel minutes to the other
sites, so every reader, checker and export understands it: the assessors' travel to and from it
is kept (H10), and the session needs no escort, since nobody meets the assessors at a reception.
The home's room carries the feature ``home:<session id>`` and the session needs that feature, so
only its own conversation can be held there; the planner also keeps every other session out of it.

The visit holds no address: its copies are shared (exports, agendas, feeds, invites), and an
address would say where a person using services lives. The home's site is named after the
session's id only ("Home visit (ct-3)"); the address stays with the case-tracking list.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from scheduler import domain

HOME_FEATURE_PREFIX = "home:"
HOME_ROOM_NAME = "At home"
HOME_ROOM_CAPACITY = 12  # a living room holds the person, their supporters and the assessors


def home_feature(session_id: str) -> str:
    return f"{HOME_FEATURE_PREFIX}{session_id}"


def home_site_id(session_id: str) -> str:
    return f"home-{session_id}"


def home_site_name(session_id: str) -> str:
    return f"Home visit ({session_id})"


def home_of(room: domain.Room) -> str | None:
    """The session whose home this room is, or None for an ordinary room."""
    for feature in room.features:
        if feature.startswith(HOME_FEATURE_PREFIX):
            return feature[len(HOME_FEATURE_PREFIX) :]
    return None


def is_at_home(session: domain.Session) -> bool:
    return any(f.startswith(HOME_FEATURE_PREFIX) for f in session.room_features)


def rooms_open_to(visit: domain.Visit, session: domain.Session) -> tuple[str, ...] | None:
    """The rooms the session may be held in: its home for a home visit, every room but the homes
    otherwise; None (any fitting room) when the visit has no home visit."""
    homes = {room.id: home_of(room) for room in visit.rooms}
    if not any(homes.values()):
        return None
    return tuple(
        rid for rid, owner in homes.items() if owner == (session.id if is_at_home(session) else None)
    )


def with_home_visits(visit: domain.Visit, travel_minutes: Mapping[str, int]) -> domain.Visit:
    """The visit with a home (site, room, travel) for each session id in `travel_minutes` (the
    assessors' minutes from any of the visit's own sites to it), and none for any other session.

    A home visit is in person and needs no escort; a session that leaves home goes back to an
    ordinary in-person session with an escort.
    """
    rooms = tuple(room for room in visit.rooms if home_of(room) is None)
    home_sites = {room.site for room in visit.rooms if home_of(room) is not None}
    sites = tuple(site for site in visit.sites if site.id not in home_sites)
    travel = tuple(t for t in visit.travel if t.from_site not in home_sites and t.to_site not in home_sites)
    people = {p.id: p for p in visit.people}
    sessions = []
    new_sites: list[domain.Site] = []
    new_rooms: list[domain.Room] = []
    new_travel: list[domain.Travel] = []
    for session in visit.sessions:
        features = tuple(f for f in session.room_features if not f.startswith(HOME_FEATURE_PREFIX))
        minutes = travel_minutes.get(session.id)
        if minutes is None:
            if is_at_home(session):
                session = dataclasses.replace(session, room_features=features, needs_escort=True)
            sessions.append(session)
            continue
        feature = home_feature(session.id)
        site = domain.Site(home_site_id(session.id), home_site_name(session.id))
        # The home meets its own people's needs (their step-free flat, their hearing loop).
        needs = sorted({n for pid in session.required_people if pid in people for n in people[pid].needs})
        new_rooms.append(
            domain.Room(
                id=site.id,
                name=HOME_ROOM_NAME,
                site=site.id,
                capacity=HOME_ROOM_CAPACITY,
                features=(feature, *needs, *features),
            )
        )
        for other in sites:
            new_travel.append(domain.Travel(site.id, other.id, minutes))
        for earlier, earlier_minutes in zip(new_sites, _minutes_of(new_sites, travel_minutes), strict=True):
            # Between two homes: by way of the visit's base, which is what both minutes measure.
            new_travel.append(domain.Travel(site.id, earlier.id, minutes + earlier_minutes))
        new_sites.append(site)
        sessions.append(
            dataclasses.replace(
                session,
                mode="in_person",
                needs_escort=False,
                room_features=(*features, feature),
                fixed=_unpinned(session.fixed),
            )
        )
    return dataclasses.replace(
        visit,
        sites=(*sites, *new_sites),
        rooms=(*rooms, *new_rooms),
        travel=(*travel, *new_travel),
        sessions=tuple(sessions),
    )


def _minutes_of(sites: list[domain.Site], travel_minutes: Mapping[str, int]) -> list[int]:
    by_site = {home_site_id(sid): minutes for sid, minutes in travel_minutes.items()}
    return [by_site[site.id] for site in sites]


def _unpinned(pin: domain.Pin | None) -> domain.Pin | None:
    """A pin keeps its day and time; a pinned room other than the home no longer applies."""
    if pin is None or pin.room is None:
        return pin
    return dataclasses.replace(pin, room=None, mode=None)


def hears_home_address(placed: domain.PlacedSession, kind: str, key: str) -> bool:
    """Whether this recipient ("person" | "assessor", id) meets at the session's home and so is
    told its address: its assessors, its attendees (the person, a carer with them) and the
    supporters present. Nobody else is: not an escort, not another session's people, not a copy
    meant for sharing (exports, agendas, print, the coordinators' whole-visit calendar)."""
    if kind == "assessor":
        return key in placed.assessors
    return key in placed.attendees or key in placed.support


def held_at_home(visit: domain.Visit, placed: domain.PlacedSession) -> bool:
    """Whether the placement holds the session in person at its own home."""
    room = next((r for r in visit.rooms if r.id == placed.room), None)
    return placed.mode == "in_person" and room is not None and home_of(room) == placed.session
