"""A home visit's address goes to those who meet there and to nobody else.

Dan Allen (a person using services) is seen at home, 14 Larch Close, with his carer Sean
Atkinson and his BSL interpreter Sam Reid; Priya Singh is the assessor. Their invites (LOCATION
and description) and their own calendar feeds give the address; every other invite, every other
feed, the coordinators' whole-visit calendar, the exports and the outbox page do not. A new
address is an update with a higher SEQUENCE to those four only; someone taken off the visit to the
home is cancelled without being told where it is. All of it arrives through a real SMTP server
and passes ics_check.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from scheduler import domain
from scheduler.files.exports import timetable_csv
from scheduler.files.timetable_file import load_timetable
from scheduler.invites.calendars import personal_calendar, visit_calendar
from scheduler.invites.identity import event_identity
from scheduler.mail.visit_outbox import list_visit_outbox, outbox_message
from scheduler.services.accounts import find_user_by_email
from scheduler.services.case_tracking import add_case_tracking_person, update_case_tracking_person
from scheduler.services.timetables import save_version
from scheduler.services.visits import import_visit, load_visit
from tests.support.publishing import (
    PLANTED,
    Invite,
    Store,
    description_of,
    ics_check,
    invite_of,
    later,
    location_of,
    moved,
    write_all,
)
from tests.support.smtp_catcher import Received, SmtpCatcher
from tests.support.store import NOW, SMALL, add_user, example_visit, open_store

ADDRESS = "14 Larch Close, Westmere WM3 2QT"
NEW_ADDRESS = "3 Rowan Court, Westmere WM3 5HS"
DAN = "dan.allen@mail.example"
SEAN = "sean.atkinson@mail.example"
SAM = "sam.reid@signhealth.example"
PRIYA = "priya.singh@inspectorate.example"
AT_THE_HOME = {DAN, SEAN, SAM, PRIYA}


def _visit_with_an_interpreter_for_dan() -> domain.Visit:
    visit = example_visit(SMALL)
    sam = domain.Person(
        id="p27",
        name="Sam Reid",
        email=SAM,
        organisation="SignHealth",
        role="BSL interpreter",
        kind="partner",
    )
    people = tuple(dataclasses.replace(p, supporters=("p27",)) if p.id == "p24" else p for p in visit.people)
    return dataclasses.replace(visit, people=(*people, sam))


def _store(tmp_path: Path) -> Store:
    """The small visit, Dan's conversation (s6) at his home, planned there with Sam beside him."""
    factory = open_store(tmp_path)
    with factory() as db:
        user = add_user(db)
        visit_id = import_visit(db, user, _visit_with_an_interpreter_for_dan(), NOW)
        add_case_tracking_person(
            db, user, visit_id, "p24", reserve=False, consent="yes", consent_date="2026-02-20",
            support=("carer_present",), setting="at_home", now=NOW,
            home_address=ADDRESS, home_travel_minutes=25,
        )  # fmt: skip
        at_home = moved(load_timetable(PLANTED), "s6", room="home-s6", escort=None, support=("p27",))
        save_version(db, user, visit_id, at_home, NOW)
        db.commit()
    return Store(factory, visit_id)


def _move_home(store: Store, address: str) -> None:
    with store.factory() as db:
        update_case_tracking_person(
            db, find_user_by_email(db, "coordinator@example.org"), store.visit_id, "p24",
            consent="yes", consent_date="2026-02-20", support=("carer_present",),
            setting="at_home", now=NOW, home_address=address, home_travel_minutes=25,
        )  # fmt: skip
        db.commit()


def _invites(server: SmtpCatcher, start: int = 0) -> list[Invite]:
    return [invite_of(m) for m in server.messages[start:]]


def _home_uid(store: Store) -> str:
    with store.factory() as db:
        return event_identity(db, store.visit_id, "s6", NOW).uid


def _home_invites(store: Store, got: list[Invite]) -> dict[str, Invite]:
    uid = _home_uid(store)
    return {i.to: i for i in got if i.uid == uid}


def _every_part(message: Received) -> str:
    """Everything a mail client could show of the message: headers and every decoded part."""
    texts = [str(message.message.items())]
    for part in message.message.walk():
        data = part.get_payload(decode=True)
        if isinstance(data, bytes):
            texts.append(data.decode("utf-8", errors="replace").replace("\r\n ", ""))
    return "\n".join(texts)


def test_those_who_meet_at_the_home_are_given_its_address_and_nobody_else_is(
    tmp_path: Path, smtp_server: SmtpCatcher
):
    store = _store(tmp_path)
    store.publish(smtp_server.url)

    home = _home_invites(store, _invites(smtp_server))
    assert set(home) == AT_THE_HOME
    for invite in home.values():
        assert location_of(invite) == f"at home: {ADDRESS} (a home visit)"
        assert ADDRESS in description_of(invite)
    assert "do not pass it on" in description_of(home[PRIYA])
    # Dan's easy-read invite says where in his words and names his own interpreter.
    dans = description_of(home[DAN])
    assert f"Where: at home, {ADDRESS}. The assessors will come to the home." in dans
    assert "Sam Reid, your BSL interpreter, will be there too." in dans

    # Nobody else's mail says where Dan lives, nor do Priya's invites to her other sessions.
    others = [m for m in smtp_server.messages if invite_of(m).uid != home[DAN].uid]
    assert len(others) > 20 and any(m.recipients == [PRIYA] for m in others)
    for message in others:
        assert "Larch Close" not in _every_part(message), message.recipients
    for message in smtp_server.messages:
        if invite_of(message).uid == home[DAN].uid:
            assert ADDRESS in _every_part(message).replace("\\,", ","), "and in the email's own words"

    for who, invite in home.items():
        ics_check(write_all([invite], tmp_path / who.split("@")[0]))


def test_their_own_feeds_give_the_address_and_every_shared_copy_does_not(
    tmp_path: Path, smtp_server: SmtpCatcher
):
    store = _store(tmp_path)
    store.publish(smtp_server.url)
    with store.factory() as db:
        feeds = {
            who: personal_calendar(db, store.visit_id, kind, key, later(5)).body.decode()
            for who, kind, key in (
                ("dan", "person", "p24"),
                ("sam", "person", "p27"),
                ("priya", "assessor", "a2"),
                ("connor", "assessor", "a1"),
                ("colin the escort", "person", "p21"),
                ("zoe", "person", "p1"),
            )
        }
        whole_visit = visit_calendar(db, store.visit_id, later(5)).body.decode()
        visit = load_visit(db, store.visit_id)
        export = timetable_csv(visit, store.timetable())
        outbox = [
            outbox_message(db, store.visit_id, line.id) for line in list_visit_outbox(db, store.visit_id)
        ]

    def unfolded(body: str) -> str:
        return body.replace("\r\n ", "")

    for who in ("dan", "sam", "priya"):
        assert ADDRESS in unfolded(feeds[who]).replace("\\,", ","), who
    for who in ("connor", "colin the escort", "zoe"):
        assert "Larch Close" not in unfolded(feeds[who]), who
    assert "Larch Close" not in unfolded(whole_visit) and "Larch Close" not in export
    # The coordinators' outbox page keeps the four invites' bodies to their recipients.
    private = [m for m in outbox if m.text is None]
    assert {m.line.to for m in private} == AT_THE_HOME
    assert all("Larch Close" not in (m.text or "") for m in outbox)
    for who in ("dan", "priya"):
        path = tmp_path / f"{who}.ics"
        path.write_bytes(feeds[who].encode())
        ics_check([path], "--no-series")


def test_a_new_address_is_an_update_to_those_at_the_home_only(tmp_path: Path, smtp_server: SmtpCatcher):
    store = _store(tmp_path)
    store.publish(smtp_server.url)
    first = _home_invites(store, _invites(smtp_server))
    seen = len(smtp_server.messages)

    _move_home(store, NEW_ADDRESS)
    store.publish(smtp_server.url, when=later(30))

    got = _invites(smtp_server, seen)
    assert {i.to for i in got} == AT_THE_HOME
    for invite in got:
        assert (invite.method, invite.uid, invite.sequence) == ("REQUEST", first[invite.to].uid, 1)
        assert location_of(invite) == f"at home: {NEW_ADDRESS} (a home visit)"
    for who in AT_THE_HOME:
        series = [first[who], *(i for i in got if i.to == who)]
        ics_check(write_all(series, tmp_path / who.split("@")[0]))


def test_someone_taken_off_the_home_visit_is_cancelled_without_the_address(
    tmp_path: Path, smtp_server: SmtpCatcher
):
    store = _store(tmp_path)
    store.publish(smtp_server.url)
    first = _home_invites(store, _invites(smtp_server))
    seen = len(smtp_server.messages)

    store.save(moved(store.timetable(), "s6", support=()))
    store.publish(smtp_server.url, when=later(30))

    got = {i.to: i for i in _invites(smtp_server, seen)}
    cancel = got[SAM]
    assert (cancel.method, cancel.status, cancel.uid) == ("CANCEL", None, first[SAM].uid)
    assert "Larch Close" not in cancel.raw.decode(errors="replace")
    assert ADDRESS in description_of(got[DAN]) and "your BSL interpreter" not in description_of(got[DAN])
    ics_check(write_all([first[SAM], cancel], tmp_path / "sam"))
