"""Issue 7: the SMTP server down while a timetable is published. Nothing is lost, and when the
server is back every invite goes out exactly once.

Real pieces throughout: the small example visit published by the publishing service into the
outbox of a migrated database, `deliver_outbox` talking SMTP to the aiosmtpd catcher on a
loopback port, and that catcher going down (refusing with 421, or hanging up in the middle of a
message) part-way through a batch. Each outbox row's Message-ID names the row, so counting the
Message-IDs that arrived counts deliveries per row.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from scheduler.db.outbox import OutboxEmail
from scheduler.invites.publishing import send_publication
from scheduler.mail import deliver_outbox
from tests.support.publishing import Store, invite_of, later, rsvp_url, small_store
from tests.support.smtp_catcher import Received, SmtpCatcher, free_port

INVITES = 36  # the small example's first publication: one per person per event
_OUTBOX_ID = re.compile(r"<outbox-(\d+)\.")


def queue_the_publication(store: Store) -> list[int]:
    """Publish the planted timetable: its invites are queued in the outbox, none sent yet."""
    with store.factory() as db:
        sent = send_publication(db, None, store.visit_id, None, later(0), rsvp_url)
        db.commit()
    return list(sent.outbox_ids)


def outbox(store: Store) -> list[tuple[str, int]]:
    """(state, attempts) of every row, in the order they were queued."""
    with store.factory() as db:
        rows = db.scalars(select(OutboxEmail).order_by(OutboxEmail.id))
        return [(row.state, row.attempts) for row in rows]


def addressed(store: Store) -> list[tuple[int, str]]:
    with store.factory() as db:
        return sorted((row.id, row.to_address) for row in db.scalars(select(OutboxEmail)))


def deliveries(messages: list[Received]) -> list[tuple[int, str]]:
    """(outbox row, recipient) of every message that arrived; a row sent twice appears twice."""
    found = []
    for message in messages:
        match = _OUTBOX_ID.match(str(message.message["Message-ID"]))
        assert match is not None, f"not an outbox Message-ID: {message.message['Message-ID']}"
        found.append((int(match.group(1)), message.recipients[0]))
    return sorted(found)


def deliver_until_idle(store: Store, url: str, first: datetime) -> int:
    """Run the deliverer a minute apart until a run finds nothing due; how many it sent in all."""
    total = 0
    for minute in range(60):
        report = deliver_outbox(store.factory, url, first + (later(minute) - later(0)))
        total += report.sent
        if (report.sent, report.retrying, report.failed) == (0, 0, 0):
            return total
    raise AssertionError("the outbox was still busy after an hour of runs")


def test_publishing_while_the_smtp_server_is_down_keeps_every_invite_queued_and_sends_each_once_later(
    tmp_path: Path,
):
    store = small_store(tmp_path)
    port = free_port()
    url = f"smtp://127.0.0.1:{port}"
    queued = queue_the_publication(store)

    down = deliver_outbox(store.factory, url, later(0))
    still_down = deliver_outbox(store.factory, url, later(2))

    assert len(queued) == INVITES
    assert (down.sent, down.retrying, down.failed) == (0, 0, 0)
    assert (still_down.sent, still_down.retrying, still_down.failed) == (0, 0, 0)
    assert down.unreachable.startswith("ConnectionRefusedError")
    # An absent server is no invite's fault: nothing spends an attempt, so no outage can use them up.
    assert outbox(store) == [("queued", 0)] * INVITES

    server = SmtpCatcher(port).start()
    try:
        sent = deliver_until_idle(store, url, later(5))
        arrived = server.messages
    finally:
        server.stop()

    assert sent == INVITES
    assert deliveries(arrived) == addressed(store)
    assert len({(m.recipients[0], invite_of(m).uid) for m in arrived}) == INVITES
    assert outbox(store) == [("sent", 0)] * INVITES


@pytest.mark.parametrize("how", ["refuse", "hang-up"])
def test_a_server_that_goes_down_in_the_middle_of_a_batch_gets_every_invite_exactly_once_when_back(
    tmp_path: Path, how: str
):
    store = small_store(tmp_path)
    queue_the_publication(store)
    server = SmtpCatcher().start()
    went_down = server.fail_after(10, how)  # type: ignore[arg-type]
    try:
        interrupted = deliver_outbox(store.factory, server.url, later(0))
        assert went_down.is_set()
        server.stop()
        while_down = deliver_outbox(store.factory, server.url, later(5))
        states_while_down = outbox(store)

        server.start()
        sent_when_back = deliver_until_idle(store, server.url, later(10))
        arrived = server.messages
    finally:
        server.stop()

    assert (interrupted.sent, interrupted.retrying, interrupted.failed) == (10, 1, 0)
    assert (while_down.sent, while_down.retrying, while_down.failed) == (0, 0, 0)
    # Ten delivered; the one the server failed on spent one attempt; the rest are untouched.
    assert states_while_down == [("sent", 0)] * 10 + [("queued", 1)] + [("queued", 0)] * (INVITES - 11)
    assert sent_when_back == INVITES - 10
    assert deliveries(arrived) == addressed(store)
    assert Counter(state for state, _ in outbox(store)) == Counter(sent=INVITES)
