"""Where this server's mail goes, in the words every page that sends uses.

Without FIELDWORK_SMTP_URL nothing leaves: emails wait in the outbox, and every page says so
rather than "sent". With a server, a page says what it queued and leaves "sent" to the outbox's
own state (`scheduler.mail.visit_outbox.visit_delivery`).
"""

from __future__ import annotations

from flask import Flask, current_app

from scheduler.mail.visit_outbox import Delivery, visit_delivery
from web.database import db


def mail_is_sent() -> bool:
    """True when a mail server is configured, so queued emails leave."""
    return bool(current_app.config.get("SMTP_URL"))


def init_app(app: Flask) -> None:
    """`mail_is_sent()` for the banner in every page, `mail_delivery(visit_id)` for the pages that
    report how far a visit's mail has got (templates/_mail_delivery.html)."""
    app.jinja_env.globals["mail_is_sent"] = mail_is_sent
    app.jinja_env.globals["mail_delivery"] = _delivery


def _delivery(visit_id: int) -> Delivery:
    return visit_delivery(db(), visit_id)


def queued_words(count: int, noun: str) -> str:
    """A sentence for a page that has just queued `count` emails, each a `noun` ("reminder")."""
    what = noun if count == 1 else f"{noun}s"
    if count == 0:
        return f"No {what} to send."
    if mail_is_sent():
        return f"{count} {what} queued; they go to the mail server within a minute (see the outbox)."
    return (
        f"{count} {what} queued but not sent: no mail server is set up, so they wait in the outbox"
        " (set FIELDWORK_SMTP_URL to send them)."
    )
