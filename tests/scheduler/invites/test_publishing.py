"""Publishing a timetable version sends iMIP invites (RFC 6047) to a real SMTP server on loopback:
one per person per changed event, updates and cancellations with stable UIDs and rising SEQUENCEs."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import icalendar
from sqlalchemy import select

from scheduler.db.outbox import OutboxEmail
from scheduler.db.publishing import InviteLedgerEntry
from scheduler.invites.publishing import plan_publication
from scheduler.mail import deliver_outbox
from tests.support.publishing import (
    Invite,
    Store,
    counts_by_person,
    description_of,
    dropped,
    ics_check,
    invite_of,
    later,
    moved,
    small_store,
    write_all,
)
from tests.support.smtp_catcher import SmtpCatcher, free_port

A1 = "connor.davies@inspectorate.example"
A2 = "priya.singh@inspectorate.example"
ESCORT = "p21"


def emails(store: Store) -> dict[str, str]:
    from scheduler.services.visits import load_visit

    with store.factory() as db:
        visit = load_visit(db, store.visit_id)
    return {**{p.id: p.email for p in visit.people}, **{a.id: a.email for a in visit.assessors}}


def invites(server: SmtpCatcher, start: int = 0) -> list[Invite]:
    return [invite_of(m) for m in server.messages[start:]]


def test_first_publication_invites_everyone_once_per_event_with_sequence_zero(
    tmp_path: Path, smtp_server: SmtpCatcher
):
    store = small_store(tmp_path)
    sent = store.publish(smtp_server.url)

    got = invites(smtp_server)
    assert sent.publication.counts() == {"new": 36, "update": 0, "cancel": 0}
    assert len(got) == 36
    assert {i.method for i in got} == {"REQUEST"} and {i.sequence for i in got} == {0}
    # Assessors get their whole agenda: a1 is in s1, s2, s3, s5; a2 in s1, s2, s4, s6, s7, s8.
    assert counts_by_person(got)[A1] == Counter(REQUEST=4)
    assert counts_by_person(got)[A2] == Counter(REQUEST=6)
    # The escort gets a duty event for each of s1, s5 and s6 and nothing else.
    escort = emails(store)[ESCORT]
    assert sorted(i.summary for i in got if i.to == escort) == sorted(
        f"Escort: {title}" for title in _titles(store, ("s1", "s5", "s6"))
    )
    # One UID per event: a session's copies share it, the escort's duty has its own.
    uids_by_summary: dict[str, set[str]] = {}
    for invite in got:
        uids_by_summary.setdefault(invite.summary, set()).add(invite.uid)
    assert all(len(uids) == 1 for uids in uids_by_summary.values())
    assert len({i.uid for i in got}) == 8 + 3
    # The reserve session goes out TENTATIVE, the others CONFIRMED.
    reserve_title = _titles(store, ("s8",))[0]
    assert {i.status for i in got if i.summary.startswith(reserve_title)} == {"TENTATIVE"}
    assert {i.status for i in got if not i.summary.startswith(reserve_title)} == {"CONFIRMED"}


def test_publishing_the_same_version_twice_sends_nothing(tmp_path: Path, smtp_server: SmtpCatcher):
    store = small_store(tmp_path)
    store.publish(smtp_server.url)
    again = store.publish(smtp_server.url, when=later(5))

    assert again.publication.messages == ()
    assert len(smtp_server.messages) == 36


def test_moving_two_sessions_and_dropping_one_tells_only_the_people_affected(
    tmp_path: Path, smtp_server: SmtpCatcher
):
    store = small_store(tmp_path)
    store.publish(smtp_server.url)
    first = invites(smtp_server)
    changed = moved(store.timetable(), "s3", start="15:15", end="16:15")
    changed = moved(changed, "s5", room="r2")
    store.save(dropped(changed, "s7"))

    sent = store.publish(smtp_server.url, when=later(60))

    got = invites(smtp_server, start=len(first))
    address = emails(store)
    assert sent.publication.counts() == {"new": 0, "update": 11, "cancel": 2}
    assert {who: dict(c) for who, c in counts_by_person(got).items()} == {
        A1: {"REQUEST": 2},  # s3 moved, s5 in another room
        A2: {"CANCEL": 1},  # s7 dropped
        address["p22"]: {"REQUEST": 1},
        address["p23"]: {"REQUEST": 1},
        **{address[f"p{n}"]: {"REQUEST": 1} for n in range(14, 20)},
        address[ESCORT]: {"REQUEST": 1},  # the s5 duty now takes the assessors to another room
        address["p8"]: {"CANCEL": 1},
    }
    uid_before = {(i.to, i.summary): i.uid for i in first}
    for invite in got:
        assert invite.uid == uid_before[(invite.to, invite.summary)], "re-publishing keeps every UID"
        assert invite.sequence == 1
    cancels = [i for i in got if i.method == "CANCEL"]
    assert {i.status for i in cancels} == {"CANCELLED"}
    assert {i.summary for i in cancels} == set(_titles(store, ("s7",)))


def test_a_person_taken_off_a_session_gets_a_cancel_and_the_others_the_new_attendee_list(
    tmp_path: Path, smtp_server: SmtpCatcher
):
    store = small_store(tmp_path)
    store.publish(smtp_server.url)
    before = len(smtp_server.messages)
    store.save(moved(store.timetable(), "s1", attendees=("p1", "p2")))

    store.publish(smtp_server.url, when=later(60))

    got = invites(smtp_server, start=before)
    address = emails(store)
    by_person = {i.to: i for i in got}
    assert sorted(by_person) == sorted([address["p1"], address["p2"], address["p3"], A1, A2, address["p21"]])
    # The escort, Colin Thompson, hears how many people to expect now; his duty's time and place
    # did not change, so its SEQUENCE stays.
    duty = by_person.pop(address["p21"])
    assert (duty.method, duty.sequence) == ("REQUEST", 0)
    assert "People to expect: 2 besides the assessors" in description_of(duty)
    removed = by_person[address["p3"]]
    assert (removed.method, removed.status, removed.sequence) == ("CANCEL", None, 1)
    assert removed.attendees == (address["p3"],)
    for who in (address["p1"], address["p2"], A1, A2):
        invite = by_person[who]
        assert (invite.method, invite.sequence, invite.uid) == ("REQUEST", 1, removed.uid)
        assert address["p3"] not in invite.attendees and address["p1"] in invite.attendees


def test_a_session_dropped_and_brought_back_is_invited_again_with_a_higher_sequence(
    tmp_path: Path, smtp_server: SmtpCatcher
):
    store = small_store(tmp_path)
    store.publish(smtp_server.url)
    original = store.timetable()
    store.save(dropped(original, "s8"))
    store.publish(smtp_server.url, when=later(60))
    store.save(original)
    before = len(smtp_server.messages)

    sent = store.publish(smtp_server.url, when=later(120))

    got = invites(smtp_server, start=before)
    assert sent.publication.counts() == {"new": 2, "update": 0, "cancel": 0}
    assert {(i.method, i.sequence, i.status) for i in got} == {("REQUEST", 2, "TENTATIVE")}


def test_smtp_down_while_publishing_loses_nothing_and_sends_each_invite_once_when_it_is_back(
    tmp_path: Path,
):
    store = small_store(tmp_path)
    port = free_port()
    url = f"smtp://127.0.0.1:{port}"
    with store.factory() as db:
        from scheduler.invites.publishing import send_publication
        from tests.support.publishing import rsvp_url

        send_publication(db, None, store.visit_id, None, later(0), rsvp_url)
        db.commit()
    down = deliver_outbox(store.factory, url, later(0))
    assert (down.sent, down.retrying, down.unreachable.startswith("ConnectionRefusedError")) == (0, 0, True)
    with store.factory() as db:
        states = Counter(db.scalars(select(OutboxEmail.state)))
    assert states == Counter(queued=36)

    server = SmtpCatcher(port).start()
    try:
        total = 0
        for minute in range(2, 6):
            total += deliver_outbox(store.factory, url, later(minute)).sent
        assert total == 36
        assert deliver_outbox(store.factory, url, later(90)).sent == 0
        assert len(server.messages) == 36
        assert len({(m.recipients[0], invite_of(m).uid) for m in server.messages}) == 36
    finally:
        server.stop()
    # Publishing again after the outage sends nothing: the ledger already holds every invite.
    with store.factory() as db:
        assert plan_publication(db, store.visit_id, None, later(100)).messages == ()


def test_a_title_with_line_breaks_never_becomes_a_header(tmp_path: Path, smtp_server: SmtpCatcher):
    store = small_store(tmp_path)
    from scheduler.db.visits import SessionRecord

    with store.factory() as db:
        record = db.scalar(
            select(SessionRecord).where(SessionRecord.visit_id == store.visit_id, SessionRecord.key == "s2")
        )
        assert record is not None
        record.title = "Wash-up\r\nBcc: everyone@evil.example\nX-Injected: yes; a, b"
        db.commit()

    store.publish(smtp_server.url)

    wash_up = [m for m in smtp_server.messages if "Wash-up" in m.subject]
    assert len(wash_up) == 2
    for message in wash_up:
        assert message.message["Bcc"] is None and message.message["X-Injected"] is None
        assert (
            message.subject
            == "Invitation: Wash-up Bcc: everyone@evil.example X-Injected: yes; a, b (Tue 10 Mar 16:15)"
        )
        assert message.recipients in ([A1], [A2])
        invite = invite_of(message)
        assert invite.summary == "Wash-up\r\nBcc: everyone@evil.example\nX-Injected: yes; a, b".replace(
            "\r\n", "\n"
        )


def test_the_ledger_records_every_invite_with_its_version_kind_and_sequence(
    tmp_path: Path, smtp_server: SmtpCatcher
):
    store = small_store(tmp_path)
    store.publish(smtp_server.url)
    store.save(dropped(store.timetable(), "s7"))
    store.publish(smtp_server.url, when=later(60))

    with store.factory() as db:
        rows = list(db.scalars(select(InviteLedgerEntry).order_by(InviteLedgerEntry.id)))
    assert Counter((r.version_number, r.kind, r.method) for r in rows) == Counter(
        {(1, "new", "REQUEST"): 36, (2, "cancel", "CANCEL"): 2}
    )
    assert all(r.outbox_id is not None for r in rows)
    assert [r.rsvp_token_hash is None for r in rows if r.kind == "cancel"] == [True, True]


def test_every_invite_update_and_cancellation_passes_ics_check(tmp_path: Path, smtp_server: SmtpCatcher):
    store = small_store(tmp_path)
    store.publish(smtp_server.url)
    changed = moved(store.timetable(), "s3", start="15:15", end="16:15")
    store.save(dropped(moved(changed, "s1", attendees=("p1", "p2")), "s7"))
    store.publish(smtp_server.url, when=later(60))
    got = invites(smtp_server)
    # One copy of each version of each event, and of each kind of message as a whole email: the
    # copies of one version differ only in their recipient, and the checker takes ~0.3 s a file.
    versions = list({(i.uid, i.sequence, i.method, i.status): i for i in got}.values())
    kinds = list({(i.method, i.status, i.summary.startswith("Escort")): i for i in got}.values())
    assert len(versions) == 8 + 3 + 4  # s3 and s1 updated, s1 taken from p3, s7 cancelled
    assert len(kinds) == 5

    ics_check(write_all(versions, tmp_path / "ics"), "--no-series")
    ics_check(write_all(kinds, tmp_path / "eml", suffix="eml"), "--no-series", "--no-radicale")
    # One person's copies of one event, oldest first: the series rules hold.
    a1 = [i for i in got if i.to == A1 and i.summary == got_summary(got, A1, 1)]
    assert [i.sequence for i in a1] == [0, 1]
    ics_check(write_all(a1, tmp_path / "series"))


def got_summary(got: list[Invite], who: str, sequence: int) -> str:
    return next(i.summary for i in got if i.to == who and i.sequence == sequence and i.method == "REQUEST")


def _titles(store: Store, sessions: tuple[str, ...]) -> list[str]:
    from scheduler.services.visits import load_visit

    with store.factory() as db:
        visit = load_visit(db, store.visit_id)
    titles = {s.id: s.title for s in visit.sessions}
    return [titles[s] for s in sessions]


def test_plan_counts_per_person_match_what_is_sent(tmp_path: Path, smtp_server: SmtpCatcher):
    store = small_store(tmp_path)
    with store.factory() as db:
        planned = plan_publication(db, store.visit_id, None, later(0))
    store.publish(smtp_server.url)

    sent = counts_by_person(invites(smtp_server))
    assert {p.email: p.new for p in planned.per_person()} == {who: c["REQUEST"] for who, c in sent.items()}
    assert dataclasses.asdict(planned.per_person()[0]).keys() == {"name", "email", "new", "update", "cancel"}


def test_no_invite_names_a_person_using_services_or_carer_to_anyone_but_themselves(
    tmp_path: Path, smtp_server: SmtpCatcher
):
    store = small_store(tmp_path)
    store.publish(smtp_server.url)
    protected = {
        "dan.allen@mail.example": "Dan Allen",
        "sean.atkinson@mail.example": "Sean Atkinson",
        "sean.palmer@mail.example": "Sean Palmer",
    }

    assert {invite_of(m).to for m in smtp_server.messages} >= {A1, A2, *protected}
    for message in smtp_server.messages:
        invite = invite_of(message)
        words = icalendar.Calendar.from_ical(invite.ics).to_ical().decode().replace("\r\n ", "")
        words += message.text() + message.html()
        for email, name in protected.items():
            if email != invite.to:
                assert name not in words and email not in words, (invite.to, name)
    to_the_carer = [
        invite_of(m) for m in smtp_server.messages if m.recipients == ["sean.atkinson@mail.example"]
    ]
    assert any("sean.atkinson@mail.example" in i.attendees for i in to_the_carer)


def test_the_optional_digest_is_one_summary_per_person_without_a_calendar_method(
    tmp_path: Path, smtp_server: SmtpCatcher
):
    store = small_store(tmp_path)
    with store.factory() as db:
        from scheduler.invites.publishing import send_publication
        from tests.support.publishing import rsvp_url

        sent = send_publication(db, None, store.visit_id, None, later(0), rsvp_url, digest=True)
        db.commit()
    while deliver_outbox(store.factory, smtp_server.url, later(0)).sent:
        pass

    digests = [m for m in smtp_server.messages if m.subject.startswith("Your timetable for ")]
    assert len(digests) == len(sent.publication.per_person()) == 25
    assert len(smtp_server.messages) == 36 + 25
    to_a1 = next(m for m in digests if m.recipients == [A1])
    assert to_a1.subject.endswith(": 4 changes")
    assert all(part.get_content_type() != "text/calendar" for part in to_a1.message.walk())
    assert to_a1.text().count("\n- Invitation: ") == 4


def test_a_decline_holds_until_the_person_is_sent_a_changed_invite(tmp_path: Path, smtp_server: SmtpCatcher):
    from scheduler.invites.ledger import answer_rsvp, declines_by_session

    store = small_store(tmp_path)
    store.publish(smtp_server.url)
    to_zoe = next(m for m in smtp_server.messages if m.recipients == [emails(store)["p1"]])
    token = to_zoe.text().split("/rsvp/")[1].split("/")[0]
    with store.factory() as db:
        assert answer_rsvp(db, token, "decline", later(1)) is not None
        assert answer_rsvp(db, "not-a-token", "decline", later(1)) is None
        db.commit()
        assert declines_by_session(db, store.visit_id) == {"s1": ["Zoe Graham"]}

    store.save(moved(store.timetable(), "s4", start="09:15", end="10:30"))  # Zoe is not in s4
    store.publish(smtp_server.url, when=later(60))
    with store.factory() as db:
        assert declines_by_session(db, store.visit_id) == {"s1": ["Zoe Graham"]}

    store.save(moved(store.timetable(), "s1", start="09:30", end="10:30"))
    store.publish(smtp_server.url, when=later(120))
    with store.factory() as db:
        assert declines_by_session(db, store.visit_id) == {}


def test_escorts_told_before_duties_counted_people_are_not_sent_the_count_alone(
    tmp_path: Path, smtp_server: SmtpCatcher
):
    store = small_store(tmp_path)
    store.publish(smtp_server.url)
    with store.factory() as db:  # the ledger as a release before head counts wrote it
        for row in db.scalars(select(InviteLedgerEntry).where(InviteLedgerEntry.event == "escort")):
            row.state = {key: value for key, value in row.state.items() if key != "expected"}
        db.commit()
    seen = len(smtp_server.messages)
    store.publish(smtp_server.url, when=later(30))
    assert len(smtp_server.messages) == seen
