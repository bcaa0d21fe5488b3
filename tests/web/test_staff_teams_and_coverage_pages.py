"""Teams in the browser and the coverage page, over Westmere's small visit (teams Reviewing,
Extra Care Housing, Senior leadership, Business support; NHS Westmere Integrated Care Board as a
partner) with its planted timetable."""

from __future__ import annotations

import dataclasses
import json

from flask import Flask
from flask.testing import FlaskClient

from scheduler.domain.team_limits import TeamLimit
from scheduler.files.timetable_file import load_timetable
from scheduler.planning.to_solver import build_problem
from scheduler.services import visits as visit_services
from scheduler.services.accounts import find_user_by_email
from scheduler.services.teams import save_team
from scheduler.services.timetables import save_version
from tests.support.publishing import PLANTED
from tests.support.web import fixed_clock, page_text
from web.database import session_factory

CQC = "Working with people\nProviding support\nEnsuring safety\nLeadership"


def _visit(app: Flask, visit_id: int):  # type: ignore[no-untyped-def]
    with session_factory(app)() as db:
        return visit_services.load_visit(db, visit_id)


def _plant(app: Flask, visit_id: int) -> None:
    with session_factory(app)() as db:
        save_version(db, None, visit_id, load_timetable(PLANTED), fixed_clock())
        db.commit()


def test_the_teams_page_lists_every_team_people_carry(client: FlaskClient, coordinator: int) -> None:
    text = page_text(client.get(f"/visits/{coordinator}/staff-teams"))
    for team, people in (("Extra Care Housing", 9), ("Reviewing", 7), ("Senior leadership", 3)):
        row = text.split(f"<td>{team}")[1].split("</tr>")[0]
        assert f"<td>{people}</td>" in row and "no limit" in row
    assert "<li>Eleanor Watson</li>" in text.split("<td>Reviewing")[1].split("</tr>")[0]


def test_half_the_team_is_kept_as_a_share_and_planned_as_a_number(
    app: Flask, client: FlaskClient, coordinator: int
) -> None:
    response = client.post(
        f"/visits/{coordinator}/staff-teams/edit?team=Reviewing",
        data={"max_away": "half the team", "frontline": "y"},
    )
    assert response.status_code == 302, page_text(response)
    text = page_text(client.get(f"/visits/{coordinator}/staff-teams"))
    assert "50 % of the team: 3 at a time now" in text  # 7 people: 3.5 rounds down
    [team] = _visit(app, coordinator).teams
    assert (team.name, team.max_away, team.max_away_percent, team.frontline) == ("Reviewing", 3, 50, True)
    # The exported file carries the number the share comes to: the format has no shares.
    exported = json.loads(page_text(client.get(f"/visits/{coordinator}/visit.json")))
    assert exported["teams"] == [{"name": "Reviewing", "max_away": 3, "frontline": True}]
    form = page_text(client.get(f"/visits/{coordinator}/staff-teams/edit?team=Reviewing"))
    assert 'value="50 %"' in form


def test_a_share_is_worked_out_from_the_team_as_it_is_when_planning(app: Flask, coordinator: int) -> None:
    with session_factory(app)() as db:
        user = find_user_by_email(db, "coordinator@example.org")
        assert user is not None
        save_team(db, user, coordinator, "Senior leadership", TeamLimit(percent=10), False, fixed_clock())
        db.commit()
        visit = visit_services.load_visit(db, coordinator)
    problem = build_problem(visit)
    assert [(t.name, t.max_away) for t in problem.teams] == [("Senior leadership", 1)]  # never below 1


def test_a_limit_that_is_no_limit_is_refused_with_the_reason_and_nothing_is_saved(
    app: Flask, client: FlaskClient, coordinator: int
) -> None:
    text = page_text(
        client.post(
            f"/visits/{coordinator}/staff-teams/edit?team=Reviewing", data={"max_away": "most of them"}
        )
    )
    assert "&#39;most of them&#39; is not a limit: give a number of people (3) or a share of the team" in text
    text = page_text(
        client.post(f"/visits/{coordinator}/staff-teams/edit?team=Reviewing", data={"max_away": "9"})
    )
    assert "Give at most 7 for Reviewing, or leave it blank for no limit." in text
    assert _visit(app, coordinator).teams == ()
    assert client.get(f"/visits/{coordinator}/staff-teams/edit?team=Finance").status_code == 404


def test_the_staff_default_daily_cap_reaches_staff_without_their_own(
    app: Flask, client: FlaskClient, coordinator: int
) -> None:
    form = page_text(client.get(f"/visits/{coordinator}/settings"))
    assert "Most sessions a day for staff" in form
    visit = _visit(app, coordinator)
    data = {
        "name": visit.name,
        "organisation": visit.organisation,
        "timezone": visit.timezone,
        "days": "\n".join(visit.days),
        "day_start": visit.day_start,
        "day_end": visit.day_end,
        "slot_minutes": str(visit.slot_minutes),
        "lunch_earliest": visit.lunch.earliest,
        "lunch_latest": visit.lunch.latest,
        "lunch_minutes": str(visit.lunch.minutes),
        "escort_minutes": str(visit.escort_minutes),
        "staff_max_sessions_per_day": "2",
    }
    response = client.post(f"/visits/{coordinator}/settings", data=data)
    assert response.status_code == 302, page_text(response)
    visit = _visit(app, coordinator)
    assert visit.staff_max_sessions_per_day == 2
    caps = {p.id: p.max_sessions_per_day for p in build_problem(visit).people}
    assert caps["p14"] == 2  # Eleanor Watson, staff
    assert caps["p22"] is None  # Ryan Parker, a partner: the staff default is not his
    assert "attend at most 2 sessions a day" in page_text(client.get(f"/visits/{coordinator}/staff-teams"))


def test_coverage_shows_teams_partners_and_themes_against_the_placed_sessions(
    app: Flask, client: FlaskClient, coordinator: int
) -> None:
    before = page_text(client.get(f"/visits/{coordinator}/coverage"))
    assert "This visit has no timetable yet" in before
    response = client.post(f"/visits/{coordinator}/coverage/themes", data={"themes": CQC})
    assert response.status_code == 302, page_text(response)
    visit = _visit(app, coordinator)
    focus_group = next(s for s in visit.sessions if s.id == "s5")
    with session_factory(app)() as db:
        user = find_user_by_email(db, "coordinator@example.org")
        assert user is not None
        tagged = dataclasses.replace(focus_group, tags=("Working with people", "Ensuring safety"))
        visit_services.save_session(db, user, coordinator, tagged, fixed_clock())
        db.commit()
    client.post(
        f"/visits/{coordinator}/staff-teams/edit?team=Business support",
        data={"max_away": "", "frontline": "y"},
    )
    _plant(app, coordinator)

    text = page_text(client.get(f"/visits/{coordinator}/coverage"))
    assert "By the latest timetable, <a" in text and "version 1</a> (draft)" in text
    summary = text.split('class="flash flash-error uncovered-summary"')[1].split("</div>")[0]
    assert "Providing support (theme)" in summary and "Leadership (theme)" in summary
    assert "Working with people (theme)" not in summary
    assert "Frontline team not heard in any focus group: Business support." in text
    themes = text.split("coverage-theme")[1]
    assert 'class="covered">\n    <td>Working with people</td>' in themes
    assert "Focus group: Reviewing practitioners <small>Tue 10 Mar 12:30-14:00</small>" in themes
    partners = text.split("coverage-partner")[1].split("</table>")[0]
    assert "NHS Westmere Integrated Care Board" in partners
    assert "Meeting: NHS Westmere Integrated Care Board" in partners
    teams = text.split("coverage-team")[1].split("</table>")[0]
    assert "Focus group: Reviewing practitioners <small>Tue 10 Mar 12:30-14:00, 6 attending</small>" in teams
    # The plan's result names the frontline team no focus group hears.
    grid = page_text(client.get(f"/visits/{coordinator}/timetable?version=1"))
    assert "Frontline team not heard in any focus group: Business support." in grid


def test_tags_are_edited_on_the_session_form_and_kept_through_other_edits(
    app: Flask, client: FlaskClient, coordinator: int
) -> None:
    form = page_text(client.get(f"/visits/{coordinator}/sessions/s5/edit"))
    assert 'name="tags"' in form
    data = {
        "id": "s5",
        "title": "Focus group: Reviewing practitioners",
        "kind": "focus_group",
        "minutes": "90",
        "mode": "in_person",
        "priority": "must",
        "invited_people": "p14 p15 p16 p17 p18 p19",
        "min_attendees": "4",
        "max_attendees": "6",
        "assessor_count": "1",
        "needs_escort": "y",
        "fixed_mode": "",
        "tags": "Working with people; Leadership, working with people",
    }
    response = client.post(f"/visits/{coordinator}/sessions/s5/edit", data=data)
    assert response.status_code == 302, page_text(response)
    assert next(s for s in _visit(app, coordinator).sessions if s.id == "s5").tags == (
        "Working with people",
        "Leadership",
    )
    # An edit elsewhere goes through the visit file's checks and keeps the app's own data.
    client.post(f"/visits/{coordinator}/staff-teams/edit?team=Reviewing", data={"max_away": "2"})
    assert next(s for s in _visit(app, coordinator).sessions if s.id == "s5").tags == (
        "Working with people",
        "Leadership",
    )


def test_a_finished_plan_names_the_frontline_teams_no_focus_group_hears(
    app: Flask, client: FlaskClient, coordinator: int
) -> None:
    # Business support (Zara James, Colin Thompson) is asked to no focus group of the visit.
    client.post(
        f"/visits/{coordinator}/staff-teams/edit?team=Business support",
        data={"max_away": "", "frontline": "y"},
    )
    client.post(
        f"/visits/{coordinator}/staff-teams/edit?team=Reviewing", data={"max_away": "", "frontline": "y"}
    )
    response = client.post(f"/visits/{coordinator}/plan", data={"time_limit": "5"})
    job_id = response.headers["Location"].rsplit("/", 1)[1]
    assert app.extensions["fieldwork.jobs"].wait(job_id, timeout=60)
    status = client.get(f"/visits/{coordinator}/plan/{job_id}/status.json").get_json()
    assert status["outcome"] == (
        "Every must session is placed; the plan is version 1. "
        "Frontline team not heard in any focus group: Business support."
    )
    assert "Frontline team not heard in any focus group: Business support." in page_text(
        client.get(f"/visits/{coordinator}/plan/{job_id}")
    )
