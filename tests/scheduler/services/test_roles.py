"""The one table of what each role in a visit's team may do."""

from __future__ import annotations

import pytest

from scheduler.services.roles import PERMISSIONS, ROLES, parse_role, permission_to_edit, role_may


def test_only_an_owner_changes_who_is_in_the_team() -> None:
    assert [role for role in ROLES if role_may(role, "manage_members")] == ["owner"]


def test_a_coordinator_sets_up_plans_adjusts_and_publishes() -> None:
    for permission in ("set_up", "plan", "adjust", "publish", "read_audit"):
        assert role_may("coordinator", permission), permission


def test_an_escort_lead_arranges_rooms_and_escorts_but_does_not_plan_or_publish() -> None:
    assert role_may("escort_lead", "arrange_rooms") and role_may("escort_lead", "run_escorts")
    assert not any(role_may("escort_lead", p) for p in ("set_up", "plan", "adjust", "publish", "read_audit"))


def test_a_viewer_may_only_view() -> None:
    assert [p for p in PERMISSIONS if role_may("viewer", p)] == ["view"]


def test_someone_outside_the_team_may_do_nothing() -> None:
    assert not any(role_may(None, p) for p in PERMISSIONS)


def test_rooms_and_sites_are_the_escort_leads_to_edit_and_the_rest_the_coordinators() -> None:
    assert {
        kind: permission_to_edit(kind) for kind in ("rooms", "sites", "people", "sessions", "assessors")
    } == {
        "rooms": "arrange_rooms",
        "sites": "arrange_rooms",
        "people": "set_up",
        "sessions": "set_up",
        "assessors": "set_up",
    }


@pytest.mark.parametrize(
    ("typed", "role"),
    [("Escort lead", "escort_lead"), ("escort-lead", "escort_lead"), ("VIEWER", "viewer"), ("editor", None)],
)
def test_a_typed_role_is_read_as_people_write_it(typed: str, role: str | None) -> None:
    assert parse_role(typed) == role
