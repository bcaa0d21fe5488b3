"""The visit's menu, defined once: base.html draws it from VISIT_MENU, so a new page adds one line.

Links are grouped by the stage of the visit a coordinator is at (set up, availability, plan,
publish, on the day, records); the page being shown is marked with aria-current="page".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import Flask, request, url_for

from web.access import may


@dataclass(frozen=True)
class MenuLink:
    label: str
    endpoint: str
    arguments: dict[str, str] = field(default_factory=dict)  # beyond visit_id, e.g. kind="people"
    permission: str | None = None  # what a member must be allowed to do to see the link
    # Pages reached from this one that count as being "here" (e.g. a solve's progress under Plan).
    also_current: tuple[str, ...] = ()


@dataclass(frozen=True)
class MenuGroup:
    label: str
    links: tuple[MenuLink, ...]


OVERVIEW = MenuLink("Overview", "visits.show")

VISIT_MENU: tuple[MenuGroup, ...] = (
    MenuGroup(
        "Set up",
        (
            MenuLink("Settings", "visits.settings", permission="set_up"),
            MenuLink("Sessions", "visits.items", {"kind": "sessions"}, "see_details"),
            MenuLink("People", "visits.items", {"kind": "people"}, "see_details"),
            MenuLink("Assessors", "visits.items", {"kind": "assessors"}, "see_details"),
            MenuLink("Rooms", "visits.items", {"kind": "rooms"}, "see_details"),
            MenuLink("Sites", "visits.items", {"kind": "sites"}, "see_details"),
            MenuLink(
                "Import",
                "imports.upload_table",
                permission="set_up",
                also_current=("imports.map_columns", "imports.update_visit"),
            ),
            MenuLink("Staff teams", "staff_teams.index", also_current=("staff_teams.edit",)),
            MenuLink("Team", "members.index"),
            MenuLink("Milestones", "milestones.edit"),
        ),
    ),
    MenuGroup(
        "Availability",
        (
            MenuLink(
                "Availability requests",
                "availability_requests.show",
                permission="see_details",
                also_current=("availability_requests.heatmap",),
            ),
            MenuLink("Case tracking", "availability_requests.case_tracking_list", permission="see_details"),
        ),
    ),
    MenuGroup(
        "Plan",
        (
            MenuLink("Readiness", "readiness.show"),
            MenuLink("Plan", "solve.start", permission="plan", also_current=("solve.progress",)),
            MenuLink(
                "Timetable",
                "timetable.grid",
                also_current=(
                    "timetable.printable",
                    "timetable.agenda_index",
                    "timetable.agenda",
                    "timetable.agenda_to_share",
                    "timetable.unscheduled",
                    "timetable.profiles",
                    "adjust.move",
                ),
            ),
            MenuLink("Versions", "timetable.versions", also_current=("adjust.compare",)),
            MenuLink("Coverage", "coverage.show"),
        ),
    ),
    MenuGroup(
        "Publish",
        (
            MenuLink("Review and send", "publishing.review", permission="publish"),
            MenuLink("Invites", "publishing.ledger", permission="see_details"),
            MenuLink("Calendars", "feeds.links", permission="run_escorts"),
            MenuLink("Outbox", "outbox.index", permission="read_outbox", also_current=("outbox.message",)),
        ),
    ),
    MenuGroup(
        "On the day",
        (
            MenuLink("Today", "on_the_day.control", also_current=("on_the_day.escort_today",)),
            MenuLink("Running late", "solve.late", permission="plan", also_current=("solve.replanned",)),
            MenuLink("Declines", "declines.index", permission="adjust", also_current=("declines.show",)),
            MenuLink(
                "Changes",
                "change_requests.index",
                permission="see_details",
                also_current=("change_requests.show",),
            ),
        ),
    ),
    MenuGroup(
        "Records",
        (
            MenuLink("In numbers", "visit_numbers.summary"),
            MenuLink("Audit log", "members.audit", permission="read_audit"),
        ),
    ),
)


@dataclass(frozen=True)
class ShownLink:
    label: str
    url: str
    current: bool


@dataclass(frozen=True)
class ShownGroup:
    label: str
    links: tuple[ShownLink, ...]

    @property
    def current(self) -> bool:
        return any(link.current for link in self.links)


def _is_current(link: MenuLink) -> bool:
    endpoint = request.endpoint or ""
    if endpoint in link.also_current:
        return True
    if endpoint != link.endpoint:
        return False
    arguments = request.view_args or {}
    return all(str(arguments.get(name)) == value for name, value in link.arguments.items())


def _shown(link: MenuLink, visit_id: int) -> ShownLink:
    values: dict[str, Any] = {"visit_id": visit_id, **link.arguments}
    return ShownLink(link.label, url_for(link.endpoint, **values), _is_current(link))


def visit_menu(visit_id: int) -> tuple[ShownLink, list[ShownGroup]]:
    """The overview link and the groups of links this member may follow, the current one marked."""
    groups = []
    for group in VISIT_MENU:
        links = tuple(
            _shown(link, visit_id) for link in group.links if link.permission is None or may(link.permission)
        )
        if links:
            groups.append(ShownGroup(group.label, links))
    return _shown(OVERVIEW, visit_id), groups


def init_app(app: Flask) -> None:
    app.jinja_env.globals["visit_menu"] = visit_menu
