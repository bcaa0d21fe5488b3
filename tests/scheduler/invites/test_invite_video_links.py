"""Video links in invites: a session's own link, else the visit's default, goes out as LOCATION,
URL and in the description of sessions held online; a changed link is an update with a higher
SEQUENCE to that session's people only, at the next publish. Sent through a real SMTP server."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import icalendar
import pytest

from scheduler.db.accounts import User
from scheduler.errors import ServiceError
from scheduler.invites.video_links import set_default_video_link, video_link_problem
from scheduler.services.visits import load_visit, save_session
from tests.support.publishing import Invite, Store, ics_check, invite_of, later, small_store, write_all
from tests.support.smtp_catcher import SmtpCatcher

FOCUS_GROUP = "s4"  # Focus group: Extra Care Housing practitioners, planted online, 8 staff and a2
TEAMS_LINK = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_extra-care@thread.v2/0?context=%7b%7d"
NEW_TEAMS_LINK = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_extra-care-2@thread.v2/0"
DEFAULT_LINK = "https://meet.westmere.gov.example/assessment-room"


def _set_session_link(store: Store, session_id: str, link: str | None) -> None:
    with store.factory() as db:
        visit = load_visit(db, store.visit_id)
        session = next(s for s in visit.sessions if s.id == session_id)
        actor = db.query(User).first()
        assert actor is not None
        save_session(db, actor, store.visit_id, dataclasses.replace(session, video_link=link), later(1))
        db.commit()


def _set_default(store: Store, link: str) -> None:
    with store.factory() as db:
        set_default_video_link(db, None, store.visit_id, link, later(2))
        db.commit()


def _event(invite: Invite) -> icalendar.Event:
    return icalendar.Calendar.from_ical(invite.ics).walk("VEVENT")[0]


def _sent(server: SmtpCatcher, start: int = 0) -> list[Invite]:
    return [invite_of(m) for m in server.messages[start:]]


def _title(store: Store, session_id: str) -> str:
    with store.factory() as db:
        return next(s.title for s in load_visit(db, store.visit_id).sessions if s.id == session_id)


def test_a_virtual_session_invite_carries_its_link_as_location_url_and_in_the_text(
    tmp_path: Path, smtp_server: SmtpCatcher
):
    store = small_store(tmp_path)
    _set_session_link(store, FOCUS_GROUP, TEAMS_LINK)
    store.publish(smtp_server.url)

    title = _title(store, FOCUS_GROUP)
    focus = [i for i in _sent(smtp_server) if i.summary == title]
    assert len(focus) == 9  # 8 practitioners and their assessor
    for invite in focus:
        event = _event(invite)
        assert str(event["LOCATION"]) == TEAMS_LINK
        assert str(event["URL"]) == TEAMS_LINK
        assert f"Join the video call: {TEAMS_LINK}" in str(event["DESCRIPTION"])
        assert "will follow" not in str(event["DESCRIPTION"])
        assert TEAMS_LINK in invite.raw.decode("utf-8", "replace").replace("=\r\n", "")
    # The other sessions held online have no link yet, and only they say so.
    others = [i for i in _sent(smtp_server) if i.summary != title]
    online = [i for i in others if "will follow" in str(_event(i)["LOCATION"])]
    assert online and all("URL" not in _event(i) for i in online)
    assert all("will follow" not in str(_event(i)["LOCATION"]) for i in focus)


def test_a_changed_link_is_an_update_with_a_higher_sequence_to_that_sessions_people_only(
    tmp_path: Path, smtp_server: SmtpCatcher
):
    store = small_store(tmp_path)
    _set_session_link(store, FOCUS_GROUP, TEAMS_LINK)
    store.publish(smtp_server.url)
    before = len(smtp_server.messages)

    _set_session_link(store, FOCUS_GROUP, NEW_TEAMS_LINK)
    assert len(smtp_server.messages) == before  # nothing leaves before the next publish
    sent = store.publish(smtp_server.url, when=later(10))

    updates = _sent(smtp_server, before)
    assert sent.publication.counts() == {"new": 0, "update": 9, "cancel": 0}
    assert {i.summary for i in updates} == {_title(store, FOCUS_GROUP)}
    assert {i.sequence for i in updates} == {1}
    assert {str(_event(i)["URL"]) for i in updates} == {NEW_TEAMS_LINK}
    assert {m.message["Subject"].split(":")[0] for m in smtp_server.messages[before:]} == {
        "Updated invitation"
    }
    # Publishing again sends nothing more.
    assert store.publish(smtp_server.url, when=later(20)).publication.counts()["update"] == 0


def test_the_visit_default_link_fills_online_sessions_without_their_own(
    tmp_path: Path, smtp_server: SmtpCatcher
):
    store = small_store(tmp_path)
    _set_session_link(store, FOCUS_GROUP, TEAMS_LINK)
    store.publish(smtp_server.url)
    before = len(smtp_server.messages)

    _set_default(store, DEFAULT_LINK)
    store.publish(smtp_server.url, when=later(10))

    updates = _sent(smtp_server, before)
    # s3, s7 and s8 are held online without a link of their own; the focus group keeps its link.
    titles = {_title(store, s) for s in ("s3", "s7", "s8")}
    assert {i.summary.removesuffix(" (reserve)") for i in updates} == titles
    assert {str(_event(i)["LOCATION"]) for i in updates} == {DEFAULT_LINK}
    assert {i.sequence for i in updates} == {1}
    assert all("will follow" not in str(_event(i)["DESCRIPTION"]) for i in updates)


def test_a_link_that_is_not_https_is_refused_with_a_message():
    assert video_link_problem("https://teams.microsoft.com/l/meetup-join/abc") is None
    assert "https://" in (video_link_problem("http://meet.example.org/room") or "")
    assert "https://" in (video_link_problem("teams.microsoft.com/l/meetup-join/abc") or "")
    assert "without spaces" in (video_link_problem("https://meet.example.org/a b") or "")


def test_a_bad_default_link_is_refused_and_nothing_is_saved(tmp_path: Path):
    store = small_store(tmp_path)
    with store.factory() as db, pytest.raises(ServiceError, match="default video link must be an https://"):
        set_default_video_link(db, None, store.visit_id, "zoom.us/j/123", later(1))


def test_invites_with_video_links_pass_ics_check(tmp_path: Path, smtp_server: SmtpCatcher):
    store = small_store(tmp_path)
    _set_session_link(store, FOCUS_GROUP, TEAMS_LINK)
    _set_default(store, DEFAULT_LINK)
    store.publish(smtp_server.url)
    _set_session_link(store, FOCUS_GROUP, NEW_TEAMS_LINK)
    store.publish(smtp_server.url, when=later(10))
    ics_check(write_all(_sent(smtp_server), tmp_path / "ics"))
