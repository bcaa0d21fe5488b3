"""Finding one's way round a visit: the menu grouped by stage with the current page marked, the
overview's stages and what to do next, search and sorting on the by-person list, one date style,
plain words for the planner's codes, and pages that say nothing before there is something to say."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from flask import Flask
from flask.testing import FlaskClient

from scheduler.files.timetable_file import load_timetable
from scheduler.services.accounts import find_user_by_email
from scheduler.services.timetables import save_version
from tests.support.web import EXAMPLES, fixed_clock, page_text
from web.database import session_factory
from web.navigation import VISIT_MENU
from web.templating import long_date


def plan(app: Flask, visit_id: int) -> None:
    with session_factory(app)() as db:
        user = find_user_by_email(db, "coordinator@example.org")
        save_version(db, user, visit_id, load_timetable(EXAMPLES / "small.planted.json"), fixed_clock())
        db.commit()


def current_links(text: str) -> list[str]:
    return re.findall(r'<a [^>]*aria-current="page"[^>]*>([^<]+)', text)


def test_the_visit_menu_is_grouped_by_stage_and_marks_the_page_shown(
    client: FlaskClient, coordinator: int
) -> None:
    people = page_text(client.get(f"/visits/{coordinator}/people"))
    groups = re.findall(r'<span class="navgroup-label">([^<]+)</span>', people)
    assert groups == ["Set up", "Availability", "Plan", "Publish", "On the day", "Records"]
    assert current_links(people) == ["People"]
    assert current_links(page_text(client.get(f"/visits/{coordinator}/rooms"))) == ["Rooms"]
    assert current_links(page_text(client.get(f"/visits/{coordinator}/readiness"))) == ["Readiness"]


def test_the_menu_is_defined_once_and_every_link_answers(client: FlaskClient, coordinator: int) -> None:
    plan(client.application, coordinator)
    page = page_text(client.get(f"/visits/{coordinator}"))
    links = re.findall(r'<nav class="visitnav[^>]*>(.*?)</nav>', page, re.S)[0]
    hrefs = re.findall(r'href="([^"]+)"', links)
    assert len(hrefs) == 1 + sum(len(group.links) for group in VISIT_MENU)
    for href in hrefs:
        assert client.get(href).status_code == 200, href


def test_the_overview_lists_the_stages_with_their_status_and_what_to_do_next(
    client: FlaskClient, coordinator: int
) -> None:
    before = page_text(client.get(f"/visits/{coordinator}"))
    assert "Stages of the visit" in before
    stages = re.findall(r'<div class="task-name">(?:<a [^>]*>|<span class="task-title">)([^<]+)<', before)
    assert stages == [
        "Set up the visit",
        "Collect availability",
        "Plan the timetable",
        "Review the plan",
        "Publish and send invites",
        "On the day",
    ]
    assert re.search(r'id="stage-set_up-status">Completed<', before)
    assert re.search(r'id="stage-plan-status">Not started<', before)
    assert re.search(r'id="stage-publish-status">Cannot start yet<', before)
    assert "What next" in before and "Plan the timetable: the planner places every session it can." in before

    plan(client.application, coordinator)
    after = page_text(client.get(f"/visits/{coordinator}"))
    assert re.search(r'id="stage-plan-status">Completed<', after)
    assert "Every session in version 1 is placed" in after
    assert re.search(r'id="stage-publish-status">Not started<', after)
    assert "Review who gets what, then send the invites and publish the plan." in after


def test_by_person_is_sorted_and_searchable_by_name_or_team(client: FlaskClient, coordinator: int) -> None:
    plan(client.application, coordinator)
    everyone = page_text(client.get(f"/visits/{coordinator}/timetable/by/person"))
    names = re.findall(r"/timetable/by/person/p\d+\?version=1\">([^<]+)</a>", everyone)
    assert len(names) == 26 and names == sorted(names, key=str.casefold)
    assert names[:3] == ["Amir Singh", "Anna Wright", "Bernadette Ward"]

    reviewing = page_text(client.get(f"/visits/{coordinator}/timetable/by/person?q=reviewing"))
    found = re.findall(r"/timetable/by/person/p\d+\?version=1\">([^<]+)</a>", reviewing)
    assert found == [
        "Eleanor Watson",
        "Erin Gill",
        "Imran Wood",
        "Isla Begum",
        "Isla Jones",
        "Joel Moore",
        "Sam Williams",
    ]
    assert "7 of 26 people match “reviewing”." in reviewing

    isla = page_text(client.get(f"/visits/{coordinator}/timetable/by/person?q=Isla+J"))
    assert re.findall(r"/timetable/by/person/p\d+\?version=1\">([^<]+)</a>", isla) == ["Isla Jones"]

    busiest = page_text(client.get(f"/visits/{coordinator}/timetable/by/person?sort=sessions"))
    counts = [int(n) for n in re.findall(r"</td><td>[^<]*</td><td>(\d+)</td></tr>", busiest)]
    assert counts == sorted(counts, reverse=True) and counts[0] > 0


def test_dates_read_the_same_way_everywhere(client: FlaskClient, coordinator: int) -> None:
    assert long_date("2027-01-05") == "Tue 5 Jan 2027"
    assert long_date(datetime(2026, 2, 1, 9, 0)) == "Sun 1 Feb 2026, 09:00"
    assert "Tue 10 Mar 2026" in page_text(client.get(f"/visits/{coordinator}"))
    assert "Tue 10 Mar 2026" in page_text(client.get("/"))
    plan(client.application, coordinator)
    versions = page_text(client.get(f"/visits/{coordinator}/timetable/versions"))
    assert "Sun 1 Feb 2026, 09:00" in versions
    assert not re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d", versions)


def test_versions_and_the_grid_say_what_a_plan_means_and_keep_the_numbers_in_a_panel(
    client: FlaskClient, coordinator: int
) -> None:
    plan(client.application, coordinator)
    versions = page_text(client.get(f"/visits/{coordinator}/timetable/versions"))
    assert "Solver status" not in versions and "<th>Score</th>" not in versions
    assert "Every session placed" in versions
    assert re.search(
        r"<details class=\"figures\"><summary>Planner's figures</summary>\s*<dl><dt>Planner status</dt>",
        versions,
    )
    grid = page_text(client.get(f"/visits/{coordinator}/timetable"))
    assert "· score" not in grid and "feasible ·" not in grid.lower().replace("planner status", "")


def test_pages_speak_plainly(client: FlaskClient, coordinator: int) -> None:
    settings = page_text(client.get(f"/visits/{coordinator}/settings"))
    assert "IANA" not in settings
    imported = page_text(client.get("/visits/import"))
    assert "fieldwork-visit/1" not in imported
    update = page_text(client.get(f"/visits/{coordinator}/update"))
    assert "0 changes" not in update and "nothing changed" not in update
    table = page_text(client.get(f"/visits/{coordinator}/import"))
    assert "0 changes" not in table


def test_small_things_a_favicon_a_skip_link_and_no_empty_headers(
    client: FlaskClient, coordinator: int
) -> None:
    page = page_text(client.get(f"/visits/{coordinator}/people"))
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    assert '<a class="skip-link" href="#main">Skip to main content</a>' in page
    assert '<main id="main"' in page
    assert "<th></th>" not in page
    for name in ("favicon.svg", "favicon.ico"):
        response = client.get(f"/static/{name}")
        assert response.status_code == 200
        response.close()
    plan(client.application, coordinator)
    grid = page_text(client.get(f"/visits/{coordinator}/timetable"))
    assert not re.search(r"<p[^>]*aria-label", grid)


def test_the_visit_is_over_when_its_last_day_has_passed(app: Flask, coordinator: int) -> None:
    from scheduler.services.visit_stages import visit_stages

    with session_factory(app)() as db:
        during = visit_stages(db, coordinator, datetime(2026, 3, 10).date())
        after = visit_stages(db, coordinator, datetime(2026, 3, 10).date() + timedelta(days=1))
    assert during.stages[-1].status == "Cannot start yet"  # nothing published yet
    assert after.stages[-1].status == "Completed"


def test_the_assessors_request_page_groups_people_by_team(client: FlaskClient, coordinator: int) -> None:
    from scheduler.services.availability_links import issue_link

    with session_factory(client.application)() as db:
        token = issue_link(db, None, coordinator, "assessor", "a1", fixed_clock())  # Connor Davies
        db.commit()
    page = page_text(client.get(f"/availability/{token}/session-request"))
    teams = re.findall(r'<fieldset class="team-group">\s*<legend>([^<]+?) <span', page)
    assert teams == [
        "Business support",
        "Extra Care Housing",
        "Reviewing",
        "Senior leadership",
        "Other people",
    ]
    reviewing = page.split("<legend>Reviewing ", 1)[1].split("</fieldset>", 1)[0]
    assert "(7)" in reviewing and "Joel Moore" in reviewing and "Zoe Graham" not in reviewing
    assert page.count('name="people"') == 26


def test_every_menu_link_and_stage_link_answers_before_anything_is_planned(
    client: FlaskClient, coordinator: int
) -> None:
    page = page_text(client.get(f"/visits/{coordinator}"))
    menu = re.findall(r'<nav class="visitnav[^>]*>(.*?)</nav>', page, re.S)[0]
    stages = page.split('<ol class="task-list"', 1)[1].split("</ol>", 1)[0]
    for href in re.findall(r'href="([^"]+)"', menu + stages):
        assert client.get(href).status_code == 200, href
    assert 'aria-describedby="stage-review-status"' not in stages  # nothing to review yet: no link
