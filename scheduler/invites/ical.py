"""Invites as iCalendar (RFC 5545/5546), built by pure functions from the visit and its timetable.

Nothing here reads a clock or makes up an identifier: the caller passes the UID, SEQUENCE and
DTSTAMP (send time, UTC), so the same input always gives the same bytes (golden-file tests).
An iTIP message (METHOD REQUEST or CANCEL) holds exactly one VEVENT, because Outlook reads only
one; feeds and downloads hold many and no METHOD. Times are the visit's wall-clock times with a
TZID and one VTIMEZONE in the yearly-rule shape (see timezones.py). The icalendar library does
the TEXT escaping and the folding at 75 octets; this module makes sure nothing a coordinator
typed can break out of a value: line breaks in parameters become spaces, quotes in names become
apostrophes, and addresses are checked to be one plain address.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar

from scheduler import domain
from scheduler.domain.clocktime import minutes_of
from scheduler.domain.privacy import shared_title
from scheduler.invites.descriptions import (
    check_audience,
    escort_description,
    invite_protected,
    place_text,
    session_description,
)
from scheduler.invites.escorts import EscortDuty, duty_sentence, escort_duty
from scheduler.invites.timezones import vtimezone

PRODID = "-//Fieldwork//Visit invites//EN"
METHODS = ("REQUEST", "CANCEL")
STATUSES = ("CONFIRMED", "TENTATIVE", "CANCELLED")
ROLES = ("CHAIR", "REQ-PARTICIPANT", "OPT-PARTICIPANT", "NON-PARTICIPANT")
PARTSTATS = ("NEEDS-ACTION", "ACCEPTED", "DECLINED", "TENTATIVE", "DELEGATED")
ORGANIZER_NAME = "Visit coordinator"

_ADDRESS = re.compile(r"^[^\s@<>\"(),;:\\\[\]]+@[^\s@<>\"(),;:\\\[\]]+\.[^\s@<>\"(),;:\\\[\]]+$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # everything but tab and line feed


@dataclass(frozen=True)
class Recipient:
    """Someone an invite is sent to or lists as an ATTENDEE."""

    name: str
    email: str
    role: str = "REQ-PARTICIPANT"
    partstat: str = "NEEDS-ACTION"
    rsvp: bool = True


@dataclass(frozen=True)
class InviteEvent:
    """Everything one VEVENT says; kind "session" is the session itself, "escort" an escort duty."""

    placed: domain.PlacedSession
    uid: str
    sequence: int
    dtstamp: datetime
    organizer_email: str
    recipient: Recipient
    attendees: tuple[Recipient, ...]
    status: str | None
    audience: str
    video_link: str | None = None
    kind: str = "session"
    duty: EscortDuty | None = None  # set for kind "escort"
    extra_description: tuple[str, ...] = field(default=())  # e.g. RSVP links, added by the publisher
    # A home visit's address, set only in what goes to those who meet there (and their own feeds).
    home_address: str | None = None
    reader: str | None = None  # the person id of the recipient, whose own supporters easy-read names


def mailto(email: str, what: str) -> str:
    address = email.strip()
    if not _ADDRESS.match(address):
        raise ValueError(f"{what} has no usable email address: {email!r}")
    return f"mailto:{address}"


def text_value(text: str) -> str:
    """TEXT as typed, with CR/LF made one line feed (escaped as \\n) and control characters gone."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def param_value(text: str) -> str:
    """A parameter (CN) on one line: no line breaks, no double quotes, no control characters."""
    one_line = " ".join(text_value(text).replace("\t", " ").split())
    return one_line.replace('"', "'")


def default_status(session: domain.Session) -> str:
    """What a session goes out as: reserve sessions are TENTATIVE, others CONFIRMED."""
    return "TENTATIVE" if session.priority == "reserve" else "CONFIRMED"


def _session(visit: domain.Visit, session_id: str) -> domain.Session:
    found = next((s for s in visit.sessions if s.id == session_id), None)
    if found is None:
        raise ValueError(f"the timetable places session '{session_id}', which the visit does not have")
    return found


def _local(visit: domain.Visit, day: str, clock: str) -> datetime:
    zone = ZoneInfo(visit.timezone)
    midnight = datetime.fromisoformat(day).replace(tzinfo=zone)
    # Minutes past midnight on the wall clock, so a day with a clock change keeps "10:00" = 10:00.
    minutes = minutes_of(clock)
    return midnight.replace(hour=minutes // 60 % 24, minute=minutes % 60) + timedelta(days=minutes // 1440)


def _address_property(
    recipient: Recipient, what: str, *, is_organizer: bool = False
) -> icalendar.vCalAddress:
    address = icalendar.vCalAddress(mailto(recipient.email, what))
    if recipient.name.strip():
        address.params["CN"] = param_value(recipient.name)
    if not is_organizer:
        if recipient.role not in ROLES:
            raise ValueError(f"{what}: ROLE must be one of {', '.join(ROLES)}, not {recipient.role!r}")
        if recipient.partstat not in PARTSTATS:
            raise ValueError(
                f"{what}: PARTSTAT must be one of {', '.join(PARTSTATS)}, not {recipient.partstat!r}"
            )
        address.params["CUTYPE"] = "INDIVIDUAL"
        address.params["ROLE"] = recipient.role
        address.params["PARTSTAT"] = recipient.partstat
        address.params["RSVP"] = "TRUE" if recipient.rsvp else "FALSE"
    return address


def visible_attendees(visit: domain.Visit, event: InviteEvent) -> list[Recipient]:
    """The ATTENDEE list as the recipient may see it: a person using services or carer only to
    themselves (an address names someone as surely as a name does)."""
    hidden = {
        p.email.strip().lower() for p in visit.people if p.id in invite_protected(visit) and p.email.strip()
    }
    own = event.recipient.email.strip().lower()
    return [
        a for a in event.attendees if a.email.strip().lower() not in hidden or a.email.strip().lower() == own
    ]


def _summary(visit: domain.Visit, event: InviteEvent, session: domain.Session) -> str:
    title = shared_title(visit, session)
    if event.kind == "escort":
        return f"Escort: {title}"
    return f"{title} (reserve)" if session.priority == "reserve" else title


def _times(visit: domain.Visit, event: InviteEvent) -> tuple[datetime, datetime]:
    if event.kind == "escort" and event.duty is not None:
        return _local(visit, event.duty.day, event.duty.start), _local(visit, event.duty.day, event.duty.end)
    placed = event.placed
    return _local(visit, placed.day, placed.start), _local(visit, placed.day, placed.end)


def _location(visit: domain.Visit, event: InviteEvent) -> str:
    if event.kind == "escort" and event.duty is not None:
        return f"{event.duty.meet_at}, then {event.duty.take_to}" + (
            f", {event.duty.site}" if event.duty.site else ""
        )
    return place_text(visit, event.placed, event.video_link, event.home_address)


def _description(visit: domain.Visit, event: InviteEvent) -> str:
    if event.kind == "escort" and event.duty is not None:
        text = escort_description(visit, event.duty, organizer_email=event.organizer_email)
    else:
        text = session_description(
            visit,
            event.placed,
            event.audience,
            video_link=event.video_link,
            organizer_email=event.organizer_email,
            home_address=event.home_address,
            reader=event.reader,
        )
    return "\n".join((text, *event.extra_description)) if event.extra_description else text


def _check(event: InviteEvent, method: str | None) -> None:
    check_audience(event.audience)
    if method is not None and method not in METHODS:
        raise ValueError(f"METHOD must be one of {', '.join(METHODS)} or None, not {method!r}")
    if event.status is not None and event.status not in STATUSES:
        raise ValueError(f"STATUS must be one of {', '.join(STATUSES)} or None, not {event.status!r}")
    if method == "REQUEST" and event.status == "CANCELLED":
        raise ValueError("a cancelled event goes out as METHOD CANCEL, not REQUEST")
    if method == "CANCEL" and event.status not in (None, "CANCELLED"):
        raise ValueError(f"a CANCEL has STATUS CANCELLED (or none, to uninvite someone), not {event.status}")
    if event.dtstamp.tzinfo is None or event.dtstamp.utcoffset() != timedelta(0):
        raise ValueError(f"DTSTAMP must be a UTC time, not {event.dtstamp!r}")
    if event.sequence < 0:
        raise ValueError(f"SEQUENCE must not be negative, got {event.sequence}")
    if any(c in event.uid for c in "\r\n") or not event.uid.strip():
        raise ValueError(f"a UID must be one non-empty line, not {event.uid!r}")
    if event.kind == "escort" and event.duty is None:
        raise ValueError(f"the escort duty event of session '{event.placed.session}' needs its duty")


def build_vevent(visit: domain.Visit, event: InviteEvent, method: str | None) -> icalendar.Event:
    _check(event, method)
    session = _session(visit, event.placed.session)
    start, end = _times(visit, event)
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("sequence", event.sequence)
    vevent.add("dtstamp", event.dtstamp.astimezone(UTC))
    vevent.add("dtstart", start)
    vevent.add("dtend", end)
    vevent.add("summary", text_value(_summary(visit, event, session)))
    vevent.add("location", text_value(_location(visit, event)))
    vevent.add("description", text_value(_description(visit, event)))
    if event.placed.mode == "virtual" and event.video_link and event.kind == "session":
        vevent.add("url", event.video_link.strip())
    status = event.status
    if status == "CONFIRMED" and session.priority == "reserve":  # an escort duty too
        status = "TENTATIVE"
    if status is not None:
        vevent.add("status", status)
    vevent.add("transp", "TRANSPARENT" if status == "CANCELLED" else "OPAQUE")
    organizer = Recipient(ORGANIZER_NAME, event.organizer_email)
    vevent.add(
        "organizer", _address_property(organizer, "the visit's coordinator mailbox", is_organizer=True)
    )
    for attendee in visible_attendees(visit, event):
        vevent.add("attendee", _address_property(attendee, f"attendee {attendee.name!r}"))
    return vevent


def _years(visit: domain.Visit, events: Sequence[InviteEvent]) -> int:
    days = [e.placed.day for e in events] or list(visit.days)
    return datetime.fromisoformat(min(days)).year if days else 1970


def calendar_bytes(
    visit: domain.Visit, events: Sequence[InviteEvent], method: str | None, *, name: str | None = None
) -> bytes:
    """A VCALENDAR with one VTIMEZONE and the events, CRLF line ends, folded."""
    if method is not None and len({e.uid for e in events}) != 1:
        raise ValueError(f"an iTIP {method} holds exactly one event, not {len({e.uid for e in events})}")
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method is not None:
        cal.add("method", method)
    if name is not None:
        cal.add("x-wr-calname", text_value(name))
        cal.add("x-wr-timezone", visit.timezone)
        # How often subscribers should poll (RFC 7986; Outlook reads the X- form).
        cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", "PT1H")
    cal.add_component(vtimezone(visit.timezone, _years(visit, events)))
    for event in events:
        cal.add_component(build_vevent(visit, event, method))
    return cal.to_ical()


def event_calendar(
    visit: domain.Visit,
    placed: domain.PlacedSession,
    *,
    method: str | None,
    uid: str,
    sequence: int,
    dtstamp: datetime,
    organizer_email: str,
    recipient: Recipient,
    attendees: Sequence[Recipient],
    status: str | None,
    audience: str,
    video_link: str | None = None,
    extra_description: Sequence[str] = (),
    home_address: str | None = None,
    reader: str | None = None,
) -> bytes:
    """One session's invite, update or cancellation for one recipient."""
    event = InviteEvent(
        placed=placed,
        uid=uid,
        sequence=sequence,
        dtstamp=dtstamp,
        organizer_email=organizer_email,
        recipient=recipient,
        attendees=tuple(attendees),
        status=status,
        audience=audience,
        video_link=video_link,
        extra_description=tuple(extra_description),
        home_address=home_address,
        reader=reader,
    )
    return calendar_bytes(visit, [event], method)


def escort_event(
    visit: domain.Visit,
    timetable: domain.Timetable,
    placed: domain.PlacedSession,
    *,
    uid: str,
    sequence: int,
    dtstamp: datetime,
    organizer_email: str,
    recipient: Recipient,
    status: str | None,
) -> InviteEvent:
    """The escort's duty before a session as an event: the escort is its one attendee."""
    return InviteEvent(
        placed=placed,
        uid=uid,
        sequence=sequence,
        dtstamp=dtstamp,
        organizer_email=organizer_email,
        recipient=recipient,
        attendees=(recipient,),
        status=status,
        audience="staff",
        kind="escort",
        duty=escort_duty(visit, timetable, placed),
    )


def escort_duty_calendar(
    visit: domain.Visit,
    timetable: domain.Timetable,
    placed: domain.PlacedSession,
    *,
    method: str | None,
    uid: str,
    sequence: int,
    dtstamp: datetime,
    organizer_email: str,
    recipient: Recipient,
    status: str | None,
    expected: tuple[int, int] | None = None,
) -> bytes:
    """The escort's duty event ("meet the assessors at Room 2.01, take them to Room 1.12 for 10:00").

    `expected`: (people, of whom supporters) the room expects, when `placed` no longer lists them
    (a published duty keeps only the escort's own part of the placement)."""
    event = escort_event(
        visit,
        timetable,
        placed,
        uid=uid,
        sequence=sequence,
        dtstamp=dtstamp,
        organizer_email=organizer_email,
        recipient=recipient,
        status=status,
    )
    if expected is not None and event.duty is not None:
        duty = dataclasses.replace(event.duty, attendees=expected[0], supporters=expected[1])
        event = dataclasses.replace(event, duty=duty)
    return calendar_bytes(visit, [event], method)


def feed_calendar(visit: domain.Visit, events: Sequence[InviteEvent], *, name: str | None = None) -> bytes:
    """Many events and no METHOD: a personal feed, a download, or the whole visit."""
    return calendar_bytes(visit, list(events), None, name=name or visit.name)


__all__ = [
    "InviteEvent",
    "Recipient",
    "default_status",
    "duty_sentence",
    "escort_duty_calendar",
    "escort_event",
    "event_calendar",
    "feed_calendar",
]
