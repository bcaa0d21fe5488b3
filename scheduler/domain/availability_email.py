"""The confirmation email after an availability answer is saved: plain text and escaped HTML."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Protocol

from scheduler.domain.availability_grid import Grid, summary_lines


class VisitHeading(Protocol):
    """What the email names of a visit: a domain.Visit or its stored VisitRecord."""

    @property
    def name(self) -> str: ...
    @property
    def organisation(self) -> str: ...
    @property
    def timezone(self) -> str: ...


@dataclass(frozen=True)
class Email:
    subject: str
    text: str
    html: str


def confirmation_email(
    *,
    name: str,
    visit: VisitHeading,
    grid: Grid,
    cells: Mapping[str, str],
    needs: Sequence[str],
    can_escort: bool | None,  # None: not asked (assessors)
    note: str,
    deadline_text: str,
    link_url: str,
    feed_text: Sequence[str] = (),
    feed_html: str = "",
) -> Email:
    days = summary_lines(grid, cells)
    facts = [f"Access needs: {', '.join(needs) if needs else 'none'}"]
    if can_escort is not None:
        facts.append(f"Can act as an escort: {'yes' if can_escort else 'no'}")
    change = "You can change your answer"
    change += f" until {deadline_text}" if deadline_text else " until the coordinator closes the form"
    change += f" with your personal link: {link_url}" if link_url else " with your personal link."
    text_lines = [
        f"Hello {name},",
        "",
        f"Thank you: your availability for {visit.name} ({visit.organisation}) is saved.",
        f"Times are local times in {visit.timezone}.",
        "",
        *days,
        "",
        *facts,
    ]
    if note:
        text_lines += ["", "Your note to the coordinator:", note]
    text_lines += ["", change, ""]
    if feed_text:
        text_lines += [*feed_text, ""]

    html_parts = [
        f"<p>Hello {escape(name)},</p>",
        f"<p>Thank you: your availability for {escape(visit.name)} ({escape(visit.organisation)})"
        " is saved.</p>",
        f"<p>Times are local times in {escape(visit.timezone)}.</p>",
        "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in days) + "</ul>",
        "<p>" + "<br>".join(escape(fact) for fact in facts) + "</p>",
    ]
    if note:
        html_parts.append(f"<p>Your note to the coordinator:</p><blockquote>{escape(note)}</blockquote>")
    if link_url:
        until = f" until {escape(deadline_text)}" if deadline_text else ""
        html_parts.append(
            f"<p>You can change your answer{until} with"
            f' <a href="{escape(link_url)}">your personal link</a>.</p>'
        )
    else:
        html_parts.append(f"<p>{escape(change)}</p>")
    if feed_html:
        html_parts.append(feed_html)
    return Email(
        subject=" ".join(f"Your availability for {visit.name} is saved".split()),  # one header line
        text="\n".join(text_lines),
        html="\n".join(html_parts),
    )
