"""Supporters are invited like attendees: Sam Reid, the BSL interpreter Eleanor Watson needs,
gets the invite, its updates and its cancellation through a real SMTP server, finds the session
in his own calendar feed, and the escort's run-sheet counts him among the people expected."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import icalendar

from scheduler import domain
from scheduler.files.timetable_file import load_timetable
from scheduler.invites.calendars import personal_calendar
from scheduler.invites.escorts import run_sheet
from scheduler.services.timetables import save_version
from scheduler.services.visits import import_visit
from tests.support.publishing import (
    PLANTED,
    Invite,
    Store,
    dropped,
    ics_check,
    invite_of,
    later,
    moved,
    write_all,
)
from tests.support.smtp_catcher import SmtpCatcher
from tests.support.store import NOW, SMALL, add_user, example_visit, open_store

SAM = "sam.reid@signhealth.example"
ELEANOR = "eleanor.watson@westmere.gov.example"
SUPPORT_LINE = "Support: Eleanor Watson with BSL interpreter Sam Reid"


def _visit_with_an_interpreter() -> domain.Visit:
    visit = example_visit(SMALL)
    sam = domain.Person(
        id="p27",
        name="Sam Reid",
        email=SAM,
        organisation="SignHealth",
        role="BSL interpreter",
        kind="partner",
    )
    people = tuple(dataclasses.replace(p, supporters=("p27",)) if p.id == "p14" else p for p in visit.people)
    return dataclasses.replace(visit, people=(*people, sam))


def _store(tmp_path: Path) -> Store:
    factory = open_store(tmp_path)
    planted = load_timetable(PLANTED)
    with_sam = moved(planted, "s5", support=("p27",))
    with factory() as db:
        user = add_user(db)
        visit_id = import_visit(db, user, _visit_with_an_interpreter(), NOW)
        save_version(db, user, visit_id, with_sam, NOW)
        db.commit()
    return Store(factory, visit_id)


def _to(server: SmtpCatcher, email: str, start: int = 0) -> list[Invite]:
    return [invite_of(m) for m in server.messages[start:] if m.recipients[0] == email]


def _description(invite: Invite) -> str:
    event = next(iter(icalendar.Calendar.from_ical(invite.ics).walk("VEVENT")))
    return str(event["DESCRIPTION"])


def test_a_supporter_is_invited_updated_and_cancelled_like_an_attendee(
    tmp_path: Path, smtp_server: SmtpCatcher
):
    store = _store(tmp_path)
    store.publish(smtp_server.url)
    [invite] = _to(smtp_server, SAM)
    assert invite.method == "REQUEST" and invite.sequence == 0
    assert invite.summary.startswith("Focus group: Reviewing practitioners")
    assert SAM in invite.attendees and ELEANOR in invite.attendees
    assert SUPPORT_LINE in _description(invite)
    # Eleanor's own invite names her interpreter, and lists him among those invited.
    [hers] = _to(smtp_server, ELEANOR)
    assert SAM in hers.attendees and SUPPORT_LINE in _description(hers)

    seen = len(smtp_server.messages)
    store.save(moved(store.timetable(), "s5", start="14:00", end="15:30"))
    store.publish(smtp_server.url, when=later(30))
    [update] = _to(smtp_server, SAM, seen)
    assert (update.method, update.sequence, update.uid) == ("REQUEST", 1, invite.uid)

    # Taken off the session while it goes on: a cancel to him alone; Eleanor hears the new list.
    seen = len(smtp_server.messages)
    store.save(moved(store.timetable(), "s5", support=()))
    store.publish(smtp_server.url, when=later(60))
    [removed] = _to(smtp_server, SAM, seen)
    assert removed.method == "CANCEL" and removed.status is None and removed.sequence == 2
    [told] = _to(smtp_server, ELEANOR, seen)
    assert told.method == "REQUEST" and SAM not in told.attendees

    # Back with him, then the whole session dropped: he is cancelled with everyone else.
    store.save(moved(store.timetable(), "s5", support=("p27",)))
    store.publish(smtp_server.url, when=later(90))
    seen = len(smtp_server.messages)
    store.save(dropped(store.timetable(), "s5"))
    store.publish(smtp_server.url, when=later(120))
    [cancelled] = _to(smtp_server, SAM, seen)
    assert cancelled.method == "CANCEL" and cancelled.status == "CANCELLED"

    series = _to(smtp_server, SAM)
    assert [i.sequence for i in series] == [0, 1, 2, 3, 4]
    ics_check(write_all(series, tmp_path / "sam"))


def test_a_supporters_feed_holds_the_sessions_they_support(tmp_path: Path, smtp_server: SmtpCatcher):
    store = _store(tmp_path)
    store.publish(smtp_server.url)
    with store.factory() as db:
        feed = personal_calendar(db, store.visit_id, "person", "p27", later(5))
    events = list(icalendar.Calendar.from_ical(feed.body).walk("VEVENT"))
    assert [str(e["SUMMARY"]) for e in events] == ["Focus group: Reviewing practitioners"]
    assert SUPPORT_LINE in str(events[0]["DESCRIPTION"])
    path = tmp_path / "sam.ics"
    path.write_bytes(feed.body)
    ics_check([path], "--no-series")


def test_the_escorts_run_sheet_counts_supporters_among_the_people_expected(tmp_path: Path):
    visit = _visit_with_an_interpreter()
    timetable = moved(load_timetable(PLANTED), "s5", support=("p27",))
    [duty] = [d for d in run_sheet(visit, timetable, "p21", "2026-03-10") if d.session == "s5"]
    assert (duty.attendees, duty.supporters) == (7, 1)
