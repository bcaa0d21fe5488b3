"""The DESCRIPTION of an invite, written for the one audience that reads it (pure).

Staff and partners get a plain summary: purpose, when and where, who attends, the assessors'
pen profiles. People using services and carers get easy-read words: what will happen, who they
will meet, how to ask for support; they are never shown who else attends. Assessors also read
the escort and the attendees' access needs. An invite leaves the coordinators' pages, so every
text of it, the title included, reads names through the shared redaction
(scheduler.domain.privacy): no invite names a person using services or a carer to anyone but
that person.
"""

from __future__ import annotations

from scheduler import domain
from scheduler.domain.clocktime import date_of
from scheduler.domain.home_visits import held_at_home, home_of
from scheduler.domain.privacy import SHARED, Redaction, protected_people, redaction_for
from scheduler.domain.support import support_lines, support_pairs
from scheduler.invites.escorts import EscortDuty, duty_sentence

AUDIENCES = ("staff", "partner", "person_using_services", "coordinator", "assessor")
# Who runs the visit: told who escorts, and no "contact the coordinator" line.
TEAM_AUDIENCES = ("coordinator", "assessor")

KIND_PURPOSES = {
    "interview": "an interview with the assessors",
    "focus_group": "a focus group with the assessors",
    "case_tracking": "a case-tracking conversation",
    "drop_in": "a drop-in session with the assessors",
    "briefing": "a briefing",
    "wash_up": "a wash-up meeting",
    "other": "a meeting with the assessors",
}

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def audience_of_person(person: domain.Person) -> str:
    """The audience a person's invites are written for."""
    if person.kind in ("person_using_services", "carer"):
        return "person_using_services"
    return "partner" if person.kind == "partner" else "staff"


def check_audience(audience: str) -> None:
    if audience not in AUDIENCES:
        raise ValueError(f"unknown invite audience '{audience}': choose one of {', '.join(AUDIENCES)}")


def long_day(day: str) -> str:
    """'2026-03-27' -> 'Friday 27 March 2026'."""
    date = date_of(day)
    if date is None:
        return day
    return f"{_WEEKDAYS[date.weekday()]} {date.day} {_MONTHS[date.month - 1]} {date.year}"


def place_text(
    visit: domain.Visit,
    placed: domain.PlacedSession,
    video_link: str | None,
    home_address: str | None = None,
) -> str:
    """Room, site and address for an in-person session; the video link for a virtual one.

    A home visit's address is given only as `home_address`, by the caller who knows the reader
    is one of those who meet there (scheduler.domain.home_visits.hears_home_address)."""
    if placed.mode == "virtual":
        return video_link or "online (the video link will follow)"
    room = next((r for r in visit.rooms if r.id == placed.room), None)
    if room is None:
        return placed.room or "room to be confirmed"
    if home_of(room) is not None:
        if home_address and home_address.strip():
            return f"at home: {' '.join(home_address.split())} (a home visit)"
        # Where someone lives is theirs: the visit holds no address, and the coordinator gives it
        # to the assessors themselves.
        return "at the person's home (a home visit: the coordinator gives the assessors the address)"
    site = next((s for s in visit.sites if s.id == room.site), None)
    parts = [room.name]
    if site is not None:
        parts.append(site.name)
        if site.address.strip():
            parts.append(" ".join(site.address.split()))
    return ", ".join(parts)


def _session(visit: domain.Visit, placed: domain.PlacedSession) -> domain.Session:
    found = next((s for s in visit.sessions if s.id == placed.session), None)
    if found is None:
        raise ValueError(f"the timetable places session '{placed.session}', which the visit does not have")
    return found


def _assessor_lines(visit: domain.Visit, placed: domain.PlacedSession) -> list[str]:
    lines = []
    for assessor in visit.assessors:
        if assessor.id in placed.assessors:
            role = f" ({assessor.role.replace('_', ' ')})" if assessor.role else ""
            profile = f": {' '.join(assessor.profile.split())}" if assessor.profile.strip() else ""
            lines.append(f"- {assessor.name}{role}{profile}")
    return lines


def invite_protected(visit: domain.Visit) -> frozenset[str]:
    """Everyone an invite must not name to anyone but themselves: all people using services and carers."""
    return protected_people(visit)


def invite_redaction(visit: domain.Visit) -> Redaction:
    """Names as every invite reads them."""
    return redaction_for(visit, SHARED)


def _when(visit: domain.Visit, placed: domain.PlacedSession) -> str:
    return f"{long_day(placed.day)}, {placed.start} to {placed.end} ({visit.timezone} time)"


def session_description(
    visit: domain.Visit,
    placed: domain.PlacedSession,
    audience: str,
    *,
    video_link: str | None = None,
    organizer_email: str = "",
    home_address: str | None = None,
    reader: str | None = None,
) -> str:
    """The invite text of one placed session for one audience (`home_address`: only for those who
    meet at the home; `reader`: the person id of whoever reads it, whose own supporters the
    easy-read words name)."""
    check_audience(audience)
    session = _session(visit, placed)
    if audience == "person_using_services":
        return _easy_read(visit, placed, session, video_link, organizer_email, home_address, reader)
    names = invite_redaction(visit)
    lines = [
        f"{names.title(session)}: {KIND_PURPOSES.get(session.kind, KIND_PURPOSES['other'])} "
        f"during the assessment visit to {visit.organisation}.",
        f"When: {_when(visit, placed)}",
        f"Where: {place_text(visit, placed, video_link, home_address)}",
    ]
    if home_address and held_at_home(visit, placed):
        lines.append("The address is for those at this home visit only: please do not pass it on.")
    if placed.mode == "virtual" and video_link:
        # Outlook and Google show LOCATION small and sometimes cut; the text shows it whole.
        lines.append(f"Join the video call: {video_link}")
    if session.priority == "reserve":
        lines.append("This is a reserve session: please keep the time free; we will confirm if it goes ahead")
    attendees = names.attendees(placed.attendees, session)
    if attendees:
        lines.append(f"Who attends: {', '.join(attendees)}")
    supported = support_lines(visit, placed, names, session)
    if supported:
        lines.append(f"Support: {'; '.join(supported)}")
    assessors = _assessor_lines(visit, placed)
    if assessors:
        lines.append("Assessors:")
        lines.extend(assessors)
    escort = names.person(placed.escort) if placed.escort else None
    if escort and audience in TEAM_AUDIENCES:
        lines.append(f"Escort: {escort} meets the assessors {visit.escort_minutes} minutes before the start.")
    if audience == "assessor":
        needs = [
            f"{names.person(p.id, session)}: {', '.join(p.needs)}"
            for p in visit.people
            if p.id in placed.attendees and p.needs
        ]
        if needs:
            lines.append(f"Access needs: {'; '.join(needs)}")
    if audience == "partner":
        lines.append("You are invited as a partner organisation; your views are heard in confidence.")
    if organizer_email and audience not in TEAM_AUDIENCES:
        lines.append(f"Questions or support needs: contact the visit coordinator at {organizer_email}.")
    return "\n".join(lines)


def _easy_read(
    visit: domain.Visit,
    placed: domain.PlacedSession,
    session: domain.Session,
    video_link: str | None,
    organizer_email: str,
    home_address: str | None = None,
    reader: str | None = None,
) -> str:
    """Short sentences in plain words; no other attendee is named, only the reader's own supporters."""
    meeting = "a video call" if placed.mode == "virtual" else "a meeting"
    where = place_text(visit, placed, video_link, home_address)
    if home_address and held_at_home(visit, placed):
        where = f"at home, {' '.join(home_address.split())}. The assessors will come to the home."
    lines = [
        f"This is {meeting} about how {visit.organisation} supports people.",
        f"When: {long_day(placed.day)}, from {placed.start} to {placed.end}.",
        f"Where: {where}",
        *(
            [f"To join, open this link at the time: {video_link}"]
            if placed.mode == "virtual" and video_link
            else []
        ),
        "",
        "What will happen:",
        "- You will talk with people whose job is to check how well the council supports people.",
        "- They want to hear about your own experience. There are no right or wrong answers.",
        "- You can take a break or stop at any time.",
    ]
    if session.priority == "reserve":
        lines.append("- This time is kept in case it is needed. We will tell you if it goes ahead.")
    assessors = [a for a in visit.assessors if a.id in placed.assessors]
    if assessors:
        lines += ["", "Who you will meet:"]
        for assessor in assessors:
            about = f" {' '.join(assessor.profile.split())}" if assessor.profile.strip() else ""
            lines.append(f"- {assessor.name}.{about}")
    own = _own_supporter_lines(visit, placed, reader)
    if own:
        lines += ["", *own]
    contact = f" at {organizer_email}" if organizer_email else ""
    lines += [
        "",
        "If you need support:",
        "- You can bring someone you trust with you.",
        "- Tell us if you need help to get there, an interpreter, large print or easy-read papers,"
        " or anything else.",
        f"- Reply to this email or contact the visit coordinator{contact}.",
    ]
    return "\n".join(lines)


def _own_supporter_lines(visit: domain.Visit, placed: domain.PlacedSession, reader: str | None) -> list[str]:
    """'Sam Reid, your BSL interpreter, will be there too.' for each supporter present for the reader.

    A supporter who is themselves a person using services or a carer is not named, even here."""
    for attendee, supporters in support_pairs(visit, placed):
        if attendee.id != reader:
            continue
        protected = invite_protected(visit)
        lines = []
        for supporter in supporters:
            role = " ".join(supporter.role.split()) or "supporter"
            if supporter.id in protected:
                lines.append(f"Your {role} will be there too.")
            else:
                lines.append(f"{supporter.name}, your {role}, will be there too.")
        return lines
    return []


def people_expected(duty: EscortDuty) -> str:
    """'7 besides the assessors (with 1 supporter)', as the run-sheet counts them; "" for none."""
    if not duty.attendees:
        return ""
    supporters = ""
    if duty.supporters:
        supporters = f" (with {duty.supporters} supporter{'' if duty.supporters == 1 else 's'})"
    return f"{duty.attendees} besides the assessors{supporters}"


def escort_description(visit: domain.Visit, duty: EscortDuty, *, organizer_email: str = "") -> str:
    """What the escort does: who to meet where, and where to take them for when."""
    lines = [
        f"Escort duty: {duty_sentence(duty)}.",
        f"When: {long_day(duty.day)}, {duty.start} to {duty.end} ({visit.timezone} time)",
        f"Session: {duty.title}",
    ]
    if duty.assessors:
        lines.append(f"Assessors: {', '.join(duty.assessors)}")
    expected = people_expected(duty)
    if expected:
        lines.append(f"People to expect: {expected}")
    if organizer_email:
        lines.append(f"If you cannot do this, tell the visit coordinator at {organizer_email}.")
    return "\n".join(lines)
