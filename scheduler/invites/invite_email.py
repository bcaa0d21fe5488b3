"""The readable parts of an invite email (pure): subject, text and HTML around the .ics.

The calendar part carries the event; these words only tell a person what changed and offer the
RSVP links. The subject is one header line whatever a title holds: line breaks become spaces.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from scheduler.domain.clocktime import day_label
from scheduler.invites.descriptions import long_day

_SUBJECT_PREFIX = {"new": "Invitation", "update": "Updated invitation", "cancel": "Cancelled"}
_OPENING = {
    "new": "You are invited to",
    "update": "This has changed",
    "cancel": "This is cancelled",
}
_LINE_BREAKS = re.compile(r"[\r\n\t\v\f\x85\u2028\u2029]+")


@dataclass(frozen=True)
class InviteWords:
    subject: str
    text: str
    html: str


def one_line(text: str) -> str:
    """Text safe for a header: every kind of line break becomes one space."""
    return _LINE_BREAKS.sub(" ", text).strip()


def invite_words(
    *,
    kind: str,
    removed: bool,
    title: str,
    day: str,
    start: str,
    end: str,
    place: str,
    timezone: str,
    accept_url: str | None,
    decline_url: str | None,
    footer_text: Sequence[str] = (),
    footer_html: str = "",
) -> InviteWords:
    """Subject and bodies for one message: new, update, or cancel (removed: only for this person)."""
    clean_title = one_line(title)
    subject = f"{_SUBJECT_PREFIX[kind]}: {clean_title} ({day_label(day)} {start})"
    opening = "You no longer need to attend" if removed else _OPENING[kind]
    lines = [f"{opening}: {clean_title}", f"{long_day(day)}, {start}-{end} ({timezone})"]
    if place:
        lines.append(one_line(place))
    if accept_url and decline_url:
        lines += ["", f"Accept: {accept_url}", f"Decline: {decline_url}"]
    lines += ["", "The calendar invite is attached; open it to add or update the event."]
    if footer_text:
        lines += ["", *footer_text]
    text = "\n".join(lines) + "\n"
    paragraphs = [f"<p>{html.escape(opening)}: <b>{html.escape(clean_title)}</b></p>"]
    paragraphs.append(f"<p>{html.escape(lines[1])}</p>")
    if place:
        paragraphs.append(f"<p>{html.escape(one_line(place))}</p>")
    if accept_url and decline_url:
        paragraphs.append(
            f'<p><a href="{html.escape(accept_url)}">Accept</a> · '
            f'<a href="{html.escape(decline_url)}">Decline</a></p>'
        )
    body = "<html><body>" + "".join(paragraphs) + footer_html + "</body></html>"
    return InviteWords(subject=one_line(subject), text=text, html=body)


def digest_words(name: str, visit_name: str, lines: list[str]) -> InviteWords:
    """One short summary of everything that changed for a person (no calendar part)."""
    subject = one_line(
        f"Your timetable for {visit_name}: {len(lines)} change{'s' if len(lines) != 1 else ''}"
    )
    text = f"Hello {one_line(name)},\n\n" + "\n".join(f"- {one_line(line)}" for line in lines) + "\n"
    items = "".join(f"<li>{html.escape(one_line(line))}</li>" for line in lines)
    body = f"<html><body><p>Hello {html.escape(one_line(name))},</p><ul>{items}</ul></body></html>"
    return InviteWords(subject=subject, text=text, html=body)
