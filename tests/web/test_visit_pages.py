"""Creating a visit and editing its settings and lists through the forms."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from scheduler.services.visits import load_visit
from tests.support.web import add_user, log_in, page_text
from web.database import session_factory


def _visit(app: Flask, visit_id: int):  # type: ignore[no-untyped-def]
    with session_factory(app)() as db:
        return load_visit(db, visit_id)


NEW_VISIT = {
    "name": "Assessment: Northfield",
    "organisation": "Northfield Council",
    "timezone": "Europe/London",
    "days": "2026-05-12\n2026-05-13",
    "day_start": "09:00",
    "day_end": "17:00",
    "slot_minutes": "15",
    "lunch_earliest": "12:00",
    "lunch_latest": "14:00",
    "lunch_minutes": "30",
    "escort_minutes": "15",
}


def test_a_new_visit_is_created_from_the_settings_form(app: Flask, client: FlaskClient) -> None:
    add_user(app, "owner@example.org")
    log_in(client, "owner@example.org")
    response = client.post("/visits/new", data=NEW_VISIT)
    assert response.status_code == 302
    visit_id = int(response.headers["Location"].rsplit("/", 1)[1])
    visit = _visit(app, visit_id)
    assert (visit.name, visit.days) == ("Assessment: Northfield", ("2026-05-12", "2026-05-13"))
    assert "Assessment: Northfield" in page_text(client.get("/"))


def test_settings_form_explains_each_bad_value(app: Flask, client: FlaskClient) -> None:
    add_user(app, "owner@example.org")
    log_in(client, "owner@example.org")
    bad = NEW_VISIT | {"days": "2026-05-12\n12/05/2026", "day_start": "9am", "day_end": "08:00", "name": ""}
    text = page_text(client.post("/visits/new", data=bad))
    assert "&#39;12/05/2026&#39; is not a date like 2026-03-10." in text
    assert "&#39;9am&#39; is not a time like 09:30 (24-hour clock)." in text
    assert "Give the visit a name." in text
    empty_days = page_text(client.post("/visits/new", data=NEW_VISIT | {"days": ""}))
    assert "List at least one visit day." in empty_days
    backwards = page_text(client.post("/visits/new", data=NEW_VISIT | {"day_end": "08:30"}))
    assert "The day must end after it starts." in backwards


def test_settings_the_visit_reader_refuses_are_listed_and_nothing_is_saved(
    app: Flask, client: FlaskClient, coordinator: int
) -> None:
    data = NEW_VISIT | {"timezone": "Mars/Olympus_Mons"}
    response = client.post(f"/visits/{coordinator}/settings", data=data)
    text = page_text(response)
    assert "Nothing was saved:" in text
    assert "Mars/Olympus_Mons" in text
    assert _visit(app, coordinator).timezone == "Europe/London"


def test_settings_form_shows_the_current_values(client: FlaskClient, coordinator: int) -> None:
    text = page_text(client.get(f"/visits/{coordinator}/settings"))
    assert 'value="Westmere Metropolitan Borough Council"' in text
    assert "2026-03-10</textarea>" in text


def test_session_list_shows_titles(client: FlaskClient, coordinator: int) -> None:
    text = page_text(client.get(f"/visits/{coordinator}/sessions"))
    assert "Opening presentation: Director and senior leadership team" in text
    assert "Case tracking: conversation with person B" in text


def test_adding_a_session_saves_it(app: Flask, client: FlaskClient, coordinator: int) -> None:
    data = {
        "id": "s99",
        "title": "Drop-in: carers",
        "kind": "drop_in",
        "minutes": "60",
        "mode": "in_person",
        "priority": "reserve",
        "required_people": "",
        "invited_people": "p1, p2",
        "assessor_count": "1",
        "needs_escort": "y",
        "fixed_mode": "",
    }
    response = client.post(f"/visits/{coordinator}/sessions/new", data=data)
    assert response.status_code == 302, page_text(response)
    added = next(s for s in _visit(app, coordinator).sessions if s.id == "s99")
    assert (added.title, added.invited_people, added.min_attendees, added.max_attendees) == (
        "Drop-in: carers",
        ("p1", "p2"),
        0,
        2,
    )


def test_a_session_naming_an_unknown_person_is_refused_naming_the_unknown_id(
    app: Flask, client: FlaskClient, coordinator: int
) -> None:
    data = {
        "id": "s99",
        "title": "Interview: nobody",
        "kind": "interview",
        "minutes": "60",
        "mode": "in_person",
        "priority": "must",
        "required_people": "p404",
        "assessor_count": "1",
        "fixed_mode": "",
    }
    text = page_text(client.post(f"/visits/{coordinator}/sessions/new", data=data))
    assert "&#39;p404&#39;: not among the people listed." in text
    assert all(s.id != "s99" for s in _visit(app, coordinator).sessions)


def test_session_form_explains_bad_values(client: FlaskClient, coordinator: int) -> None:
    data = {
        "id": "has space",
        "title": "",
        "kind": "interview",
        "minutes": "60",
        "mode": "in_person",
        "priority": "must",
        "assessor_count": "two",
        "min_attendees": "3",
        "max_attendees": "1",
        "fixed_day": "2026-03-10",
        "fixed_mode": "",
    }
    text = page_text(client.post(f"/visits/{coordinator}/sessions/new", data=data))
    assert "Use letters, digits, &#39;-&#39;, &#39;_&#39; or &#39;.&#39; only, no spaces." in text
    assert "Give the session a title." in text
    assert "Enter a number, or &#39;all&#39;." in text
    assert "The most attendees cannot be fewer than the fewest." in text
    assert "A pin needs both a day and a start time." in text


def test_adding_a_session_with_an_existing_id_is_refused(client: FlaskClient, coordinator: int) -> None:
    data = {
        "id": "s1",
        "title": "Again",
        "kind": "other",
        "minutes": "60",
        "mode": "in_person",
        "priority": "must",
        "assessor_count": "1",
        "fixed_mode": "",
    }
    text = page_text(client.post(f"/visits/{coordinator}/sessions/new", data=data))
    assert "There is already a session with id s1." in text


def test_person_availability_lines_are_read_and_bad_lines_named(
    app: Flask, client: FlaskClient, coordinator: int
) -> None:
    base = {"id": "p99", "name": "Sam Carer", "kind": "carer", "email": ""}
    bad = page_text(
        client.post(
            f"/visits/{coordinator}/people/new",
            data=base
            | {
                "available": "2026-03-10 09:00-12:00\n2026-03-10 14:00-13:00",
            },
        )
    )
    assert "line 2: the start 14:00 is not before the end 13:00." in bad
    response = client.post(
        f"/visits/{coordinator}/people/new",
        data=base
        | {
            "available": "2026-03-10 09:00-12:00\n2026-03-10 13:00-15:00 if_needed",
        },
    )
    assert response.status_code == 302, page_text(response)
    person = next(p for p in _visit(app, coordinator).people if p.id == "p99")
    assert [(i.start, i.end, i.level) for i in person.available or ()] == [
        ("09:00", "12:00", "yes"),
        ("13:00", "15:00", "if_needed"),
    ]


def test_editing_a_room_keeps_its_id_and_saves_the_change(
    app: Flask, client: FlaskClient, coordinator: int
) -> None:
    form = page_text(client.get(f"/visits/{coordinator}/rooms/r4/edit"))
    assert 'value="Interview Room G.01"' in form
    assert "never</textarea>" in form
    data = {
        "id": "r4",
        "name": "Interview Room G.01",
        "site": "hq",
        "capacity": "6",
        "features": "step_free hearing_loop",
        "available": "",
    }
    assert client.post(f"/visits/{coordinator}/rooms/r4/edit", data=data).status_code == 302
    room = next(r for r in _visit(app, coordinator).rooms if r.id == "r4")
    assert (room.capacity, room.features, room.available) == (6, ("step_free", "hearing_loop"), None)


def test_removing_a_person_asks_first_naming_the_sessions_that_lose_them(
    app: Flask, client: FlaskClient, coordinator: int
) -> None:
    page = page_text(client.post(f"/visits/{coordinator}/people/p1/delete"))
    assert "Remove person Zoe Graham?" in page
    assert (
        "&#39;Opening presentation: Director and senior leadership team&#39; loses Zoe Graham "
        "(a required attendee)." in page
    )
    assert "No timetable version uses Zoe Graham." in page
    assert any(p.id == "p1" for p in _visit(app, coordinator).people)  # nothing removed yet

    response = client.post(
        f"/visits/{coordinator}/people/p1/delete", data={"confirmed": "y"}, follow_redirects=True
    )
    assert "Removed person Zoe Graham." in page_text(response)
    visit = _visit(app, coordinator)
    assert all(p.id != "p1" for p in visit.people)
    opening = next(s for s in visit.sessions if s.id == "s1")
    assert "p1" not in opening.required_people + opening.invited_people


def test_removing_a_site_with_rooms_is_refused_naming_the_rooms(
    app: Flask, client: FlaskClient, coordinator: int
) -> None:
    page = page_text(client.post(f"/visits/{coordinator}/sites/hq/delete"))
    assert "Westmere House cannot be removed yet:" in page
    assert "Interview Room G.01" in page
    assert "Remove site Westmere House</button>" not in page


def test_removing_an_unused_room_works(app: Flask, client: FlaskClient, coordinator: int) -> None:
    page = page_text(client.post(f"/visits/{coordinator}/rooms/r4/delete"))
    assert "Remove room Interview Room G.01?" in page
    response = client.post(
        f"/visits/{coordinator}/rooms/r4/delete", data={"confirmed": "y"}, follow_redirects=True
    )
    assert "Removed room Interview Room G.01." in page_text(response)
    assert all(r.id != "r4" for r in _visit(app, coordinator).rooms)


def test_an_unknown_list_is_not_found(client: FlaskClient, coordinator: int) -> None:
    assert client.get(f"/visits/{coordinator}/cats").status_code == 404


def test_a_persons_line_manager_supporters_and_daily_cap_are_edited_and_kept(
    app: Flask, client: FlaskClient, coordinator: int
) -> None:
    data = {
        "id": "p99",
        "name": "Aisha Rahman",
        "kind": "person_using_services",
        "email": "",
        "manager": "p1",
        "supporters": "p2",
        "max_sessions_per_day": "1",
    }
    response = client.post(f"/visits/{coordinator}/people/new", data=data)
    assert response.status_code == 302, page_text(response)
    person = next(p for p in _visit(app, coordinator).people if p.id == "p99")
    assert (person.manager, person.supporters, person.max_sessions_per_day) == ("p1", ("p2",), 1)
    form = page_text(client.get(f"/visits/{coordinator}/people/p99/edit"))
    assert 'value="p1"' in form
    refused = client.post(f"/visits/{coordinator}/people/new", data=data | {"id": "p98", "manager": "p999"})
    assert "manager names unknown person 'p999'" in page_text(refused).replace("&#39;", "'")
