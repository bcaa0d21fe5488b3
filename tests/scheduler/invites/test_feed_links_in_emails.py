"""Everyone gets their calendar link: every invite email and availability confirmation carries
the person's own feed link (webcal and https), and a coordinator can send everyone theirs at once
(`send_feed_links`, `fieldwork feeds send`). Read from what a real SMTP server received."""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path

import pytest

from scheduler.cli import main
from scheduler.db.engine import make_engine, make_session_factory, upgrade_database
from scheduler.invites.feed_links import feed_base_url, new_feed_links, send_feed_links
from scheduler.invites.identity import FeedOwner, resolve_feed_token
from scheduler.invites.publishing import send_publication
from scheduler.mail import deliver_outbox
from scheduler.services.availability_answers import submit_availability
from scheduler.services.visits import load_visit
from scheduler.settings import Settings
from tests.support.availability import link_for, only_free
from tests.support.availability import small_store as availability_store
from tests.support.databases import use_fresh_database
from tests.support.publishing import small_store
from tests.support.smtp_catcher import Received, SmtpCatcher
from tests.support.store import NOW, SMALL, add_user, add_visit

BASE = "https://fieldwork.westmere.gov.example"
FEED = re.compile(r"https://fieldwork\.westmere\.gov\.example/feeds/([A-Za-z0-9_-]+)\.ics")


def _rsvp(token: str, answer: str) -> str:
    return f"{BASE}/rsvp/{token}/{answer}"


def _feed_owner(factory, message: Received) -> FeedOwner:  # type: ignore[no-untyped-def]
    text = message.text()
    found = FEED.search(text)
    assert found, f"no feed link in {message.message['Subject']!r}"
    assert f"webcal://fieldwork.westmere.gov.example/feeds/{found.group(1)}.ics" in text
    with factory() as db:
        owner = resolve_feed_token(db, found.group(1), NOW)
    assert owner is not None
    return owner


def test_every_invite_email_carries_the_recipients_own_calendar_link(
    tmp_path: Path, smtp_server: SmtpCatcher
):
    store = small_store(tmp_path)
    with store.factory() as db:
        send_publication(db, None, store.visit_id, None, NOW, _rsvp, feed_url=feed_base_url(BASE))
        db.commit()
        visit = load_visit(db, store.visit_id)
    while deliver_outbox(store.factory, smtp_server.url, NOW).sent:
        pass
    addresses = {("person", p.id): p.email for p in visit.people}
    addresses |= {("assessor", a.id): a.email for a in visit.assessors}
    assert len(smtp_server.messages) == 36
    for message in smtp_server.messages:
        owner = _feed_owner(store.factory, message)
        assert addresses[(owner.who_kind, owner.key)] == message.recipients[0]


def test_an_availability_confirmation_carries_the_persons_calendar_link(
    tmp_path: Path, smtp_server: SmtpCatcher
):
    factory, visit_id = availability_store(tmp_path)
    token = link_for(factory, visit_id, "p8")  # Fatima Bennett
    with factory() as db:
        submit_availability(
            db,
            token,
            only_free("09:00", "12:00"),
            [],
            True,
            "",
            NOW,
            feed_links=partial(new_feed_links, feed_url=feed_base_url(BASE)),
        )
        db.commit()
    deliver_outbox(factory, smtp_server.url, NOW)
    (message,) = smtp_server.messages
    assert message.recipients == ["fatima.bennett@westmere.gov.example"]
    owner = _feed_owner(factory, message)
    assert (owner.who_kind, owner.key) == ("person", "p8")


def test_a_coordinator_sends_everyone_their_own_link_at_once_and_again_later(
    tmp_path: Path, smtp_server: SmtpCatcher
):
    store = small_store(tmp_path)
    with store.factory() as db:
        mailing = send_feed_links(db, None, store.visit_id, NOW, feed_base_url(BASE))
        db.commit()
        visit = load_visit(db, store.visit_id)
    deliver_outbox(store.factory, smtp_server.url, NOW)
    with_address = [p for p in visit.people if p.email.strip()] + [a for a in visit.assessors if a.email]
    assert len(mailing.queued) == len(with_address) == len(smtp_server.messages)
    first = {m.recipients[0]: _feed_owner(store.factory, m) for m in smtp_server.messages}
    assert first["connor.davies@inspectorate.example"] == FeedOwner(store.visit_id, "assessor", "a1")
    assert {m.message["Subject"] for m in smtp_server.messages} == {f"Your calendar for {visit.name}"}
    # Sent again, everyone gets a working link again; the first ones still work.
    with store.factory() as db:
        send_feed_links(db, None, store.visit_id, NOW, feed_base_url(BASE))
        db.commit()
    deliver_outbox(store.factory, smtp_server.url, NOW)
    assert len(smtp_server.messages) == 2 * len(with_address)
    for message in smtp_server.messages:
        _feed_owner(store.factory, message)


def test_fieldwork_feeds_send_emails_everyone_through_the_smtp_server(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    smtp_server: SmtpCatcher,
    capsys: pytest.CaptureFixture[str],
):
    use_fresh_database(monkeypatch, tmp_path / "instance")
    monkeypatch.setenv("FIELDWORK_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.setenv("FIELDWORK_BASE_URL", BASE + "/")
    url = Settings.from_environment().connect_url()  # the database this run uses (SQLite or PostgreSQL)
    upgrade_database(url)
    factory = make_session_factory(make_engine(url))
    with factory() as db:
        visit_id = add_visit(db, add_user(db), SMALL)
        db.commit()

    code = main(["feeds", "send", str(visit_id), "--smtp-url", smtp_server.url])

    out = capsys.readouterr().out
    assert code == 0, out
    count = len(smtp_server.messages)
    assert count > 20 and f"{count} calendar links queued to send" in out
    assert f"{count} accepted by the server" in out
    _feed_owner(factory, smtp_server.messages[0])
    assert main(["feeds", "send", "999"]) == 2
