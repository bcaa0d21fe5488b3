"""Re-planning during the visit from the web: the plan page says what a re-plan from now keeps,
the notice period is a visit setting, and "a day runs late" re-plans, shows who is affected and
publishes only to them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from scheduler.db.publishing import InviteLedgerEntry
from scheduler.files.timetable_file import load_timetable
from scheduler.invites.publishing import send_publication
from scheduler.services.timetables import get_timetable, save_version
from tests.support.publishing import RsvpLinks
from tests.support.web import EXAMPLES, add_user, add_visit, log_in, make_app, page_text
from web.database import session_factory


def on_the_day() -> datetime:
    return datetime(2026, 3, 10, 10, 0, tzinfo=UTC)  # 10:00 in London on the visit's day


def _published(app: Flask, client: FlaskClient) -> int:
    add_user(app, "grace.okafor@westmere.gov.example", "Grace Okafor")
    visit_id = add_visit(app, "grace.okafor@westmere.gov.example")
    log_in(client, "grace.okafor@westmere.gov.example")
    with session_factory(app)() as db:
        save_version(db, None, visit_id, load_timetable(EXAMPLES / "small.planted.json"), on_the_day())
        db.commit()
    assert client.post(f"/visits/{visit_id}/publish", data={"version": 1}).status_code == 302
    return visit_id


def _ledger_rows(app: Flask, visit_id: int) -> list[InviteLedgerEntry]:
    from sqlalchemy import select

    with session_factory(app)() as db:
        return list(db.scalars(select(InviteLedgerEntry).where(InviteLedgerEntry.visit_id == visit_id)))


def test_the_plan_page_says_what_a_re_plan_from_now_keeps_and_the_notice_period_is_editable(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path, CLOCK=on_the_day)
    client = app.test_client()
    try:
        visit_id = _published(app, client)
        text = page_text(client.get(f"/visits/{visit_id}/plan"))
        assert "If you re-plan from now: 3 sessions before Tue 10 Mar 12:00 stay as they are" in text
        assert "notice period of 120 minutes" in text
        # On site the box is ticked: the past stays unless the coordinator says otherwise.
        assert '<input checked id="from_now" name="from_now" type="checkbox" value="y">' in text

        saved = client.post(
            f"/visits/{visit_id}/plan/notice", data={"notice_minutes": "30"}, follow_redirects=True
        )
        assert "Notice period set to 30 minutes." in page_text(saved)
        assert "2 sessions before Tue 10 Mar 10:30 stay as they are" in page_text(saved)
        refused = client.post(
            f"/visits/{visit_id}/plan/notice", data={"notice_minutes": "-5"}, follow_redirects=True
        )
        assert "the notice period must be between 0 and 1440 minutes, not -5" in page_text(refused)

        started = client.post(f"/visits/{visit_id}/plan", data={"time_limit": "5", "from_now": "y"})
        job_id = started.headers["Location"].rsplit("/", 1)[1]
        assert app.extensions["fieldwork.jobs"].wait(job_id, timeout=60)
        status = client.get(f"/visits/{visit_id}/plan/{job_id}/status.json").get_json()
        assert status["result_url"] == f"/visits/{visit_id}/replan/2"
        with session_factory(app)() as db:
            version, timetable = get_timetable(db, visit_id, 2)
        assert version.note.startswith("re-planned from Tue 10 Mar 10:30: 2 sessions before Tue 10 Mar 10:30")
        assert all(a.start >= "10:30" for a in timetable.assignments if a.session not in ("s1", "s4"))
    finally:
        app.extensions["fieldwork.jobs"].shutdown()


def test_a_day_running_late_is_re_planned_reviewed_and_sent_only_to_the_people_affected(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path, CLOCK=on_the_day)
    client = app.test_client()
    try:
        visit_id = _published(app, client)
        before = len(_ledger_rows(app, visit_id))
        form = page_text(client.get(f"/visits/{visit_id}/late"))
        assert "Day 1: Tue 10 Mar" in form

        bad = client.post(
            f"/visits/{visit_id}/late",
            data={"day": "1", "start": "12:00", "minutes": "500", "time_limit": "5"},
        )
        assert bad.status_code == 400
        assert "a day can run between 1 and 240 minutes late, not 500" in page_text(bad)

        started = client.post(
            f"/visits/{visit_id}/late",
            data={"day": "1", "start": "12:00", "minutes": "20", "time_limit": "8"},
        )
        assert started.status_code == 302, page_text(started)
        job_id = started.headers["Location"].rsplit("/", 1)[1]
        assert app.extensions["fieldwork.jobs"].wait(job_id, timeout=60)
        review = page_text(client.get(f"/visits/{visit_id}/replan/2"))
        assert (
            "day 1 runs 20 minutes late from 12:00: 3 sessions before Tue 10 Mar 12:00 kept as they were"
            in review
        )
        assert "Focus group: Reviewing practitioners" in review
        assert "Eleanor Watson" in review  # in the focus group that moved
        assert "Zoe Graham" not in review  # in the morning's opening presentation, which stays

        sent = client.post(f"/visits/{visit_id}/replan/2/send", follow_redirects=True)
        assert "Version 2 published:" in page_text(sent) and "nobody else was written to" in page_text(sent)
        new_rows = _ledger_rows(app, visit_id)[before:]
        assert new_rows and {row.version_number for row in new_rows} == {2}
        told = {row.recipient_name for row in new_rows}
        assert "Eleanor Watson" in told and "Zoe Graham" not in told
        # Publishing again sends nothing: everyone affected already has version 2.
        again = page_text(client.get(f"/visits/{visit_id}/replan/2"))
        assert "Nobody's events changed: there is nothing to send." in again
    finally:
        app.extensions["fieldwork.jobs"].shutdown()


def test_the_declines_page_lists_a_decline_and_offers_its_ways_out_and_a_stale_one_changes_nothing(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path, CLOCK=on_the_day)
    client = app.test_client()
    try:
        add_user(app, "grace.okafor@westmere.gov.example", "Grace Okafor")
        visit_id = add_visit(app, "grace.okafor@westmere.gov.example")
        log_in(client, "grace.okafor@westmere.gov.example")
        links = RsvpLinks()
        with session_factory(app)() as db:
            save_version(db, None, visit_id, load_timetable(EXAMPLES / "small.planted.json"), on_the_day())
            send_publication(db, None, visit_id, 1, on_the_day(), links)
            links.decline(db, visit_id, "s4", "p5")  # Bernadette Ward: Extra Care Housing focus group
            db.commit()

        listed = page_text(client.get(f"/visits/{visit_id}/declines"))
        assert "Bernadette Ward" in listed and "Focus group: Extra Care Housing practitioners" in listed
        assert "see the ways out" in page_text(client.get(f"/visits/{visit_id}/timetable"))
        ways = page_text(client.get(f"/visits/{visit_id}/declines/s4/p5"))
        assert "Go ahead without Bernadette Ward" in ways and "Drop the session (should)" in ways

        stale = client.post(
            f"/visits/{visit_id}/declines/s4/p5/resolve", data={"way": "swap:p99"}, follow_redirects=True
        )
        assert "That way out is no longer possible" in page_text(stale)
        assert (
            client.get(f"/visits/{visit_id}/declines/s4/p9").status_code == 404
        )  # Laila Martin did not decline
        with session_factory(app)() as db:
            assert get_timetable(db, visit_id)[0].number == 1
    finally:
        app.extensions["fieldwork.jobs"].shutdown()


def test_an_assessors_decline_is_listed_and_another_assessor_takes_the_session_with_one_click(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path, CLOCK=on_the_day)
    client = app.test_client()
    try:
        add_user(app, "grace.okafor@westmere.gov.example", "Grace Okafor")
        visit_id = add_visit(app, "grace.okafor@westmere.gov.example")
        log_in(client, "grace.okafor@westmere.gov.example")
        links = RsvpLinks()
        with session_factory(app)() as db:
            save_version(db, None, visit_id, load_timetable(EXAMPLES / "small.planted.json"), on_the_day())
            send_publication(db, None, visit_id, 1, on_the_day(), links)
            links.decline(db, visit_id, "s4", "a2")  # Priya Singh, who assesses the Extra Care focus group
            db.commit()

        listed = page_text(client.get(f"/visits/{visit_id}/declines"))
        assert "Priya Singh" in listed and "Focus group: Extra Care Housing practitioners" in listed
        ways = page_text(client.get(f"/visits/{visit_id}/declines/s4/a2"))
        assert "Ask Connor Davies to assess instead of Priya Singh" in ways

        done = client.post(
            f"/visits/{visit_id}/declines/s4/a2/resolve", data={"way": "swap:a1"}, follow_redirects=True
        )
        assert "nobody else was written to" in page_text(done)
        with session_factory(app)() as db:
            number, timetable = get_timetable(db, visit_id)
            s4 = next(a for a in timetable.assignments if a.session == "s4")
        assert number.number == 2 and s4.assessors == ("a1",)
        assert "Priya Singh" not in page_text(client.get(f"/visits/{visit_id}/declines"))
    finally:
        app.extensions["fieldwork.jobs"].shutdown()
