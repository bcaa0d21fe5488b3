"""What the app keeps beside the visit file (a team's share, the staff's daily cap, themes and
session tags) survives every edit, and updating the visit from a file keeps it too."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from scheduler import domain
from scheduler.domain.team_limits import TeamLimit
from scheduler.files.visit_file import load_visit as load_visit_file
from scheduler.planning.to_solver import build_problem
from scheduler.services.coverage import CQC_THEMES, save_themes
from scheduler.services.teams import save_team
from scheduler.services.visits import (
    load_visit,
    save_session,
    save_visit_settings,
    update_visit,
    visit_settings,
)
from tests.support.store import NOW, SMALL, add_user, add_visit, open_store


def test_the_apps_own_data_outlives_an_update_from_the_visit_file(tmp_path: Path) -> None:
    with open_store(tmp_path)() as db:
        user = add_user(db)
        visit_id = add_visit(db, user, SMALL)
        save_team(db, user, visit_id, "Extra Care Housing", TeamLimit(percent=50), True, NOW)
        save_themes(db, user, visit_id, CQC_THEMES, NOW)
        focus_group = next(s for s in load_visit(db, visit_id).sessions if s.id == "s4")
        save_session(db, user, visit_id, dataclasses.replace(focus_group, tags=("Providing support",)), NOW)
        settings = dataclasses.replace(visit_settings(load_visit(db, visit_id)), staff_max_sessions_per_day=2)
        save_visit_settings(db, user, visit_id, settings, NOW)

        # The coordinator uploads the visit file again, with a session renamed.
        from_file = load_visit_file(SMALL)
        renamed = tuple(
            dataclasses.replace(s, title="Focus group: Extra Care Housing staff") if s.id == "s4" else s
            for s in from_file.sessions
        )
        # As exported: the share as the number it came to (half of 9 people is 4).
        teams = (domain.Team("Extra Care Housing", max_away=4, frontline=True),)
        changed = dataclasses.replace(from_file, sessions=renamed, teams=teams)
        update_visit(db, user, visit_id, changed, NOW, source="file")

        visit = load_visit(db, visit_id)
        s4 = next(s for s in visit.sessions if s.id == "s4")
        assert (s4.title, s4.tags) == ("Focus group: Extra Care Housing staff", ("Providing support",))
        assert visit.coverage_themes == CQC_THEMES
        assert visit.staff_max_sessions_per_day == 2
        assert [(t.name, t.max_away, t.max_away_percent) for t in visit.teams] == [
            ("Extra Care Housing", 4, 50)
        ]
        problem = build_problem(visit)
        assert {p.id: p.max_sessions_per_day for p in problem.people}["p5"] == 2

        # A file with another number: the coordinator changed the limit there, so it is a number now.
        teams = (domain.Team("Extra Care Housing", max_away=2, frontline=True),)
        update_visit(db, user, visit_id, dataclasses.replace(changed, teams=teams), NOW, source="file")
        [team] = load_visit(db, visit_id).teams
        assert (team.max_away, team.max_away_percent) == (2, None)


def test_the_last_person_leaving_a_team_takes_its_settings_with_them(tmp_path: Path) -> None:
    with open_store(tmp_path)() as db:
        user = add_user(db)
        visit_id = add_visit(db, user, SMALL)
        save_team(db, user, visit_id, "Business support", TeamLimit(people=1), True, NOW)
        visit = load_visit(db, visit_id)
        moved = tuple(
            dataclasses.replace(p, team="Reviewing") if p.team == "Business support" else p
            for p in visit.people
        )
        changes = update_visit(db, user, visit_id, dataclasses.replace(visit, people=moved), NOW)
        assert "removed team 'Business support'" in changes
        assert load_visit(db, visit_id).teams == ()
