"""Revoking personal links: the coordinator's revoke stops a person's availability, calendar feed
and invite answer links at once; a newly sent availability link supersedes the old one; feeds
stop a set time after the visit; and a person removed from the visit and added back under the
same id starts with no working link."""

from __future__ import annotations

import dataclasses
import re
from datetime import timedelta
from pathlib import Path

import pytest

from scheduler import domain
from scheduler.db.visits import VisitRecord
from scheduler.errors import NotFound, ServiceError
from scheduler.invites.calendars import feed_for_token
from scheduler.invites.identity import issue_feed_token, resolve_feed_token
from scheduler.invites.ledger import answer_rsvp, rsvp_link_works
from scheduler.services.availability_links import issue_link, link_expiry, resolve_link
from scheduler.services.availability_requests import send_reminders, send_requests
from scheduler.services.personal_links import (
    LiveLinks,
    find_link_owner,
    link_was_issued,
    live_links,
    revoke_personal_links,
)
from scheduler.services.visits import load_visit, update_visit
from tests.support.publishing import Store, later, small_store
from tests.support.smtp_catcher import SmtpCatcher
from tests.support.store import NOW

ZOE = "p1"  # Zoe Graham, at the opening presentation (s1) of the small visit


def _zoes_links(store: Store, smtp_server: SmtpCatcher) -> tuple[str, str, str]:
    """Zoe's availability link, calendar feed link and the accept link of her first invite."""
    store.publish(smtp_server.url)
    to_zoe = next(m for m in smtp_server.messages if m.recipients == ["zoe.graham@westmere.gov.example"])
    answer = to_zoe.text().split("/rsvp/")[1].split("/")[0]
    with store.factory() as db:
        availability = issue_link(db, None, store.visit_id, "person", ZOE, NOW)
        feed = issue_feed_token(db, store.visit_id, "person", ZOE, NOW)
        db.commit()
    return availability, feed, answer


def _opens(store: Store, availability: str, feed: str, answer: str) -> dict[str, bool]:
    with store.factory() as db:
        return {
            "availability": resolve_link(db, availability, later(5)) is not None,
            "feed": feed_for_token(db, feed, later(5)) is not None,
            "answer": rsvp_link_works(db, answer),
        }


def _without(visit: domain.Visit, key: str) -> domain.Visit:
    """The visit with this person removed, and the sessions they were part of."""
    gone = {s.id for s in visit.sessions if key in s.required_people or key in s.invited_people}
    return dataclasses.replace(
        visit,
        people=tuple(p for p in visit.people if p.id != key),
        sessions=tuple(s for s in visit.sessions if s.id not in gone and not set(s.after) & gone),
    )


def test_revoking_a_persons_links_stops_their_availability_feed_and_invite_answer_links(
    tmp_path: Path, smtp_server: SmtpCatcher
):
    store = small_store(tmp_path)
    links = _zoes_links(store, smtp_server)
    assert _opens(store, *links) == {"availability": True, "feed": True, "answer": True}

    with store.factory() as db:
        revoked = revoke_personal_links(db, None, store.visit_id, "person", ZOE, later(1))
        db.commit()
    assert revoked.name == "Zoe Graham"
    assert revoked.links == LiveLinks(availability=1, feeds=1, invite_answers=1)
    assert revoked.links.describe() == "1 availability link, 1 calendar feed and 1 invite answer link"
    assert _opens(store, *links) == {"availability": False, "feed": False, "answer": False}
    with store.factory() as db:
        assert answer_rsvp(db, links[2], "decline", later(5)) is None
        assert all(link_was_issued(db, token) for token in links)  # so each page says "no longer works"
        assert not link_was_issued(db, "never-one-of-ours")
        assert (("person", ZOE)) not in live_links(db, store.visit_id, later(5))


def test_removing_and_re_adding_a_person_never_revives_their_old_links(
    tmp_path: Path, smtp_server: SmtpCatcher
):
    store = small_store(tmp_path)
    links = _zoes_links(store, smtp_server)
    with store.factory() as db:
        visit = load_visit(db, store.visit_id)
        update_visit(db, None, store.visit_id, _without(visit, ZOE), later(1))
        db.commit()
    with store.factory() as db:
        update_visit(db, None, store.visit_id, visit, later(2))  # Zoe Graham is back as p1
        db.commit()
    assert _opens(store, *links) == {"availability": False, "feed": False, "answer": False}
    with store.factory() as db:
        fresh = issue_link(db, None, store.visit_id, "person", ZOE, later(3))
        assert resolve_link(db, fresh, later(5)) is not None  # new links work as usual


def test_a_newly_sent_availability_link_supersedes_the_old_one(tmp_path: Path):
    store = small_store(tmp_path)
    with store.factory() as db:
        requested = _Mailed()
        send_requests(db, None, store.visit_id, requested.link_url, NOW)
        db.commit()
    with store.factory() as db:
        reminded = _Mailed()
        send_reminders(db, None, store.visit_id, reminded.link_url, later(60))
        db.commit()
    first_asked = dict(zip(_asked(store), requested.tokens, strict=True))
    with store.factory() as db:
        owner = resolve_link(db, reminded.tokens[0], later(61))
        assert owner is not None  # the reminder's link works...
        old = first_asked[(owner.who_kind, owner.key)]
        assert resolve_link(db, old, later(61)) is None  # ...and the request's link no longer does
        assert link_was_issued(db, old)
        assert live_links(db, store.visit_id, later(61))[(owner.who_kind, owner.key)].availability == 1


class _Mailed:
    """Stands in for the web app's url_for: keeps each token that went into an email."""

    def __init__(self) -> None:
        self.tokens: list[str] = []

    def link_url(self, token: str) -> str:
        self.tokens.append(token)
        return f"http://fieldwork.test/availability/{token}"


def _asked(store: Store) -> list[tuple[str, str]]:
    with store.factory() as db:
        visit = load_visit(db, store.visit_id)
    everyone = [("person", p.id) for p in visit.people if p.email.strip()]
    return everyone + [("assessor", a.id) for a in visit.assessors if a.email.strip()]


def test_a_feed_link_stops_the_set_time_after_the_visit(tmp_path: Path):
    store = small_store(tmp_path)
    with store.factory() as db:
        token = issue_feed_token(db, store.visit_id, "person", ZOE, NOW)
        record = db.get(VisitRecord, store.visit_id)
        assert record is not None
        visit_over = link_expiry(record)  # midnight after 10 March 2026, Europe/London
        two_days = timedelta(days=2)
        assert resolve_feed_token(db, token, visit_over + two_days - timedelta(minutes=1), two_days)
        assert resolve_feed_token(db, token, visit_over + two_days, two_days) is None
        assert resolve_feed_token(db, token, visit_over + timedelta(days=29)) is not None  # default 30 days
        assert resolve_feed_token(db, token, visit_over + timedelta(days=30)) is None


def test_links_are_revoked_only_for_someone_in_the_visit_named_by_id_or_email(tmp_path: Path):
    store = small_store(tmp_path)
    with store.factory() as db:
        visit = load_visit(db, store.visit_id)
        assert find_link_owner(visit, "p1") == ("person", "p1")
        assert find_link_owner(visit, " Zoe.Graham@westmere.gov.example ") == ("person", "p1")
        assert find_link_owner(visit, "connor.davies@inspectorate.example") == ("assessor", "a1")
        with pytest.raises(
            NotFound, match=re.escape("has the id or email address 'kieran.gill@example.org'")
        ):
            find_link_owner(visit, "kieran.gill@example.org")
        with pytest.raises(NotFound, match="has no person 'p99'"):
            revoke_personal_links(db, None, store.visit_id, "person", "p99", NOW)
        twin = dataclasses.replace(
            visit, assessors=(*visit.assessors[:1], dataclasses.replace(visit.assessors[1], id="p1"))
        )
        with pytest.raises(ServiceError, match="both a person and an assessor have the id 'p1'"):
            find_link_owner(twin, "p1")
