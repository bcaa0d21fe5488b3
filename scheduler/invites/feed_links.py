"""Everyone's personal calendar link: in every invite email and availability confirmation, and
sent to everyone at once by a coordinator.

Feed tokens are kept only as SHA-256 (a leaked database opens no calendar), so a link cannot be
shown again once made; instead each email carries a freshly issued token. Earlier links keep
working until the person's links are revoked, so an old email's link is never broken by a newer
one. The link is given twice: `webcal://` (one click subscribes in Outlook, Apple Calendar and
Thunderbird) and `https://` (Google Calendar's "From URL").
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from scheduler.db.accounts import User
from scheduler.errors import ServiceError
from scheduler.invites.identity import issue_feed_token
from scheduler.invites.invite_email import InviteWords, one_line
from scheduler.mail import queue_email
from scheduler.services.audit import record_audit
from scheduler.services.visits import load_visit

FeedUrl = Callable[[str], str]  # token -> the https address of that personal feed


@dataclass(frozen=True)
class FeedLinks:
    https: str
    webcal: str

    def text_lines(self) -> list[str]:
        return [
            "Your personal calendar of the visit (it updates itself as sessions are published):",
            f"Subscribe (Outlook, Apple Calendar, Thunderbird): {self.webcal}",
            f"Google Calendar, 'From URL': {self.https}",
        ]

    def html(self) -> str:
        return (
            "<p>Your personal calendar of the visit (it updates itself as sessions are published):"
            f' <a href="{html.escape(self.webcal)}">subscribe</a>'
            f" · Google Calendar, &#39;From URL&#39;: <code>{html.escape(self.https)}</code></p>"
        )


def links_of(token: str, feed_url: FeedUrl) -> FeedLinks:
    https = feed_url(token)
    return FeedLinks(https=https, webcal="webcal://" + https.split("://", 1)[-1])


def new_feed_links(
    db: Session, visit_id: int, who_kind: str, key: str, now: datetime, feed_url: FeedUrl
) -> FeedLinks:
    """A freshly issued personal feed link for this person or assessor."""
    return links_of(issue_feed_token(db, visit_id, who_kind, key, now), feed_url)


def feed_base_url(base_url: str) -> FeedUrl:
    """Feed addresses under the app's public address (the CLI's FIELDWORK_BASE_URL)."""
    base = base_url.rstrip("/")
    return lambda token: f"{base}/feeds/{token}.ics"


def run_sheet_link(links: FeedLinks) -> str:
    """An escort's run-sheet on the day, for a phone: beside their feed, under the same token."""
    return links.https.removesuffix(".ics") + "/today"


def feed_link_words(name: str, visit_name: str, links: FeedLinks, escort: bool = False) -> InviteWords:
    """The email that gives one person their calendar link (and an escort their run-sheet)."""
    subject = one_line(f"Your calendar for {visit_name}")
    run_sheet = run_sheet_link(links) if escort else None
    text = "\n".join(
        [
            f"Hello {one_line(name)},",
            "",
            *links.text_lines(),
            *([f"Your escort run-sheet on the day, for your phone: {run_sheet}"] if run_sheet else []),
            "",
            "Keep this link to yourself: it shows your sessions to whoever has it.",
            "",
        ]
    )
    body = (
        f"<html><body><p>Hello {html.escape(one_line(name))},</p>{links.html()}"
        + (
            f'<p><a href="{html.escape(run_sheet)}">Your escort run-sheet on the day</a></p>'
            if run_sheet
            else ""
        )
        + "<p>Keep this link to yourself: it shows your sessions to whoever has it.</p></body></html>"
    )
    return InviteWords(subject=subject, text=text, html=body)


@dataclass(frozen=True)
class FeedMailing:
    queued: tuple[str, ...]  # names of those sent their link
    without_address: tuple[str, ...]  # names of those with no email address

    def summary(self) -> str:
        text = f"{len(self.queued)} calendar link{'s' if len(self.queued) != 1 else ''} queued to send"
        if self.without_address:
            text += f"; no email address for {', '.join(self.without_address)}"
        return text


def send_feed_links(
    db: Session, actor: User | None, visit_id: int, now: datetime, feed_url: FeedUrl
) -> FeedMailing:
    """Queue every person and assessor of the visit an email with their own calendar link."""
    visit = load_visit(db, visit_id)
    owners = [("person", p.id, p.name, p.email.strip(), p.can_escort) for p in visit.people]
    owners += [("assessor", a.id, a.name, a.email.strip(), False) for a in visit.assessors]
    queued: list[str] = []
    missing: list[str] = []
    for who_kind, key, name, email, escort in owners:
        if not email:
            missing.append(name)
            continue
        links = new_feed_links(db, visit_id, who_kind, key, now, feed_url)
        words = feed_link_words(name, visit.name, links, escort=escort)
        try:
            queue_email(db, email, words.subject, words.text, words.html, now=now, visit_id=visit_id)
        except ServiceError:  # an address mail cannot go to: named, the others still go
            missing.append(name)
            continue
        queued.append(name)
    record_audit(db, visit_id, actor, "send_feed_links", f"{len(queued)} calendar links queued", now)
    db.flush()
    return FeedMailing(tuple(queued), tuple(missing))
