"""What each role in a visit's team may do: the one table every page and command asks.

Pure: no database, no Flask. A member holds one role in a visit; a page or command names the
permission it needs, and `role_may` answers from `PERMISSIONS`.
"""

from __future__ import annotations

from typing import Final

OWNER: Final = "owner"
COORDINATOR: Final = "coordinator"
ESCORT_LEAD: Final = "escort_lead"
VIEWER: Final = "viewer"

# In the order the members page offers them, most trusted first.
ROLES: Final = (OWNER, COORDINATOR, ESCORT_LEAD, VIEWER)
ROLE_NAMES: Final = {
    OWNER: "Owner",
    COORDINATOR: "Coordinator",
    ESCORT_LEAD: "Escort lead",
    VIEWER: "Viewer",
}
ROLE_DESCRIPTIONS: Final = {
    OWNER: "everything, and who is in the team",
    COORDINATOR: "set up, plan, adjust and publish the visit",
    ESCORT_LEAD: "escorts, run-sheets, rooms and sites",
    VIEWER: "read-only: the timetable, readiness, the day's progress, the visit in numbers and the exports",
}

_EVERYONE = frozenset(ROLES)
_STAFF = frozenset({OWNER, COORDINATOR, ESCORT_LEAD})
_PLANNERS = frozenset({OWNER, COORDINATOR})

PERMISSIONS: Final[dict[str, frozenset[str]]] = {
    # The timetable, readiness, the visit's overview and the exports meant to be passed on.
    "view": _EVERYONE,
    # Lists holding people's details: people, availability, case tracking, the visit file.
    "see_details": _STAFF,
    # The visit's settings, sessions, people, assessors, imports and availability requests.
    "set_up": _PLANNERS,
    # Rooms and sites, where escorts take people.
    "arrange_rooms": _STAFF,
    # Escorts' run-sheets and everyone's calendar links.
    "run_escorts": _STAFF,
    # The control page on the days on site: held, running late, no-shows, rooms freed.
    "run_the_day": _STAFF,
    # What people told the coordinator on their form: access needs, interpreters, notes. Personal
    # data, so only those who plan around it read it.
    "see_needs": _PLANNERS,
    "plan": _PLANNERS,
    "adjust": _PLANNERS,
    "publish": _PLANNERS,
    "read_audit": _PLANNERS,
    # The visit's outbox: every email queued, with its body (people's names and personal links).
    "read_outbox": _PLANNERS,
    "manage_members": frozenset({OWNER}),
}

# Kinds of visit entries an escort lead may edit as well as a coordinator.
_ROOM_KINDS: Final = frozenset({"rooms", "sites"})


def role_may(role: str | None, permission: str) -> bool:
    """True when a member with this role may do this; an unknown permission is a programming error."""
    allowed = PERMISSIONS[permission]
    return role is not None and role in allowed


def permission_to_edit(kind: str) -> str:
    """The permission editing entries of this kind (sessions, people, rooms ...) needs."""
    return "arrange_rooms" if kind in _ROOM_KINDS else "set_up"


def role_name(role: str) -> str:
    return ROLE_NAMES.get(role, role)


def parse_role(text: str) -> str | None:
    """A role from what a person typed ("escort lead", "Escort-lead", "viewer"), else None."""
    key = text.strip().lower().replace(" ", "_").replace("-", "_")
    return key if key in ROLES else None
