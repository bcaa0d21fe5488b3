"""Delivering the outbox: send what is due, record each success or failure, retry later.

Each row is claimed (queued -> sending) and committed before it is handed to the SMTP server,
and marked sent right after, so two deliverers running at once (the web app's thread and
``fieldwork send-mail``) never send one row twice. A row whose sending was interrupted after the
claim stays "sending" and is not retried: a possibly missing email is shown to the coordinator,
a duplicate could not be taken back.

A server that cannot be reached (or refuses our login) is nobody's message's fault: the run ends
before it claims anything and no row spends an attempt, so an outage of any length loses nothing.
A failure while sending one message spends that message's attempt and ends the run; the rows
after it stay queued untouched, and the one it failed on is retried after a back-off.
"""

from __future__ import annotations

import base64
import contextlib
import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime, timedelta
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from scheduler.db.outbox import OutboxEmail
from scheduler.mail.smtp_url import SmtpSettings, parse_smtp_url

BATCH_SIZE = 100
SMTP_TIMEOUT_SECONDS = 15
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=1)
# Python folds a header longer than 78 characters by moving all of it to a continuation line,
# which readers then see with a leading space; RFC 5322 allows lines up to 998 characters.
_POLICY = policy.SMTP.clone(max_line_length=998)


@dataclass(frozen=True)
class DeliveryReport:
    sent: int = 0
    retrying: int = 0  # failed this time, queued again for later
    failed: int = 0  # given up: out of attempts, or refused for good by the server
    unreachable: str = ""  # why the server could not be reached; nothing was tried then


class _PermanentFailure(Exception):
    pass


def deliver_outbox(
    session_factory: sessionmaker[Session], smtp_url: str, now: datetime, max_attempts: int = 8
) -> DeliveryReport:
    """Send every queued email that is due at `now`; returns how many were sent, retrying, failed."""
    settings = parse_smtp_url(smtp_url)
    with session_factory() as db:
        due = list(
            db.scalars(
                select(OutboxEmail.id)
                .where(OutboxEmail.state == "queued", OutboxEmail.next_attempt_at <= now)
                .order_by(OutboxEmail.id)
                .limit(BATCH_SIZE)
            )
        )
    if not due:
        return DeliveryReport()
    sent = retrying = failed = 0
    try:
        connection: smtplib.SMTP | None = _connect(settings)
    except (smtplib.SMTPException, OSError) as error:
        return DeliveryReport(unreachable=_describe(error))
    try:
        for row_id in due:
            message = _claim(session_factory, row_id, now, settings)
            if message is None:
                continue  # another deliverer took it
            if connection is None:
                try:
                    connection = _connect(settings)
                except (smtplib.SMTPException, OSError):
                    _release(session_factory, row_id)  # not this message's fault: no attempt spent
                    break
            try:
                _send(connection, settings, message)
            except _PermanentFailure as error:
                _record_failure(session_factory, row_id, now, str(error), give_up=True)
                failed += 1
                continue
            except (smtplib.SMTPException, OSError) as error:
                gave_up = _record_failure(
                    session_factory, row_id, now, _describe(error), max_attempts=max_attempts
                )
                failed += gave_up
                retrying += not gave_up
                _close(connection)
                connection = None
                if isinstance(error, (OSError, smtplib.SMTPServerDisconnected)):
                    break  # the server is down: the rest wait for the next run, their attempts unspent
                continue
            _mark_sent(session_factory, row_id, now)
            sent += 1
    finally:
        _close(connection)
    return DeliveryReport(sent=sent, retrying=retrying, failed=failed)


def _claim(
    session_factory: sessionmaker[Session], row_id: int, now: datetime, settings: SmtpSettings
) -> EmailMessage | None:
    with session_factory() as db:
        claimed = db.execute(
            update(OutboxEmail)
            .where(OutboxEmail.id == row_id, OutboxEmail.state == "queued")
            .values(state="sending", claimed_at=now)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            db.rollback()
            return None
        row = db.get(OutboxEmail, row_id)
        assert row is not None
        message = _message(row, settings)
        db.commit()
        return message


def _message(row: OutboxEmail, settings: SmtpSettings) -> EmailMessage:
    message = EmailMessage(policy=_POLICY)
    message["From"] = settings.sender
    message["To"] = row.to_address
    message["Subject"] = row.subject
    message["Date"] = format_datetime(row.queued_at)
    # One Message-ID per outbox row: a server or client that sees it twice can tell.
    domain = settings.sender.rpartition("@")[2] or "fieldwork"
    message["Message-ID"] = f"<outbox-{row.id}.{int(row.queued_at.timestamp())}@{domain}>"
    message.set_content(row.text_body)
    if row.html_body:
        message.add_alternative(row.html_body, subtype="html")
    # iMIP (RFC 6047): the invite itself is the body's calendar alternative with its method.
    calendar_params = {"method": row.calendar_method, "charset": "UTF-8"} if row.calendar_method else {}
    if calendar_params:
        for item in row.attachments:
            if item["content_type"] == "text/calendar":
                message.add_alternative(
                    base64.b64decode(item["data_base64"]),
                    maintype="text",
                    subtype="calendar",
                    params=calendar_params,
                )
    for item in row.attachments:
        maintype, _, subtype = str(item["content_type"]).partition("/")
        is_calendar = item["content_type"] == "text/calendar"
        message.add_attachment(
            base64.b64decode(item["data_base64"]),
            maintype=maintype or "application",
            subtype=subtype or "octet-stream",
            filename=item["filename"],
            params=calendar_params if is_calendar else {},
        )
    return message


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    if settings.security == "tls":
        connection: smtplib.SMTP = smtplib.SMTP_SSL(
            settings.host, settings.port, timeout=SMTP_TIMEOUT_SECONDS, context=ssl.create_default_context()
        )
    else:
        connection = smtplib.SMTP(settings.host, settings.port, timeout=SMTP_TIMEOUT_SECONDS)
        if settings.security == "starttls":
            connection.starttls(context=ssl.create_default_context())
    if settings.username:
        connection.login(settings.username, settings.password or "")
    return connection


def _send(connection: smtplib.SMTP, settings: SmtpSettings, message: EmailMessage) -> None:
    try:
        refused = connection.send_message(message, from_addr=settings.sender, to_addrs=[message["To"]])
    except smtplib.SMTPRecipientsRefused as error:
        codes = [code for code, _text in error.recipients.values()]
        if codes and all(code >= 500 for code in codes):
            raise _PermanentFailure(f"the server refused the address: {error.recipients}") from error
        raise
    except smtplib.SMTPResponseException as error:
        if error.smtp_code >= 500:
            raise _PermanentFailure(
                f"the server refused the message: {error.smtp_code} {error.smtp_error!r}"
            ) from error
        raise
    if refused:
        raise _PermanentFailure(f"the server refused the address: {refused}")


def _release(session_factory: sessionmaker[Session], row_id: int) -> None:
    """Put a claimed row back as it was, for the next run."""
    with session_factory() as db:
        db.execute(
            update(OutboxEmail)
            .where(OutboxEmail.id == row_id, OutboxEmail.state == "sending")
            .values(state="queued", claimed_at=None)
        )
        db.commit()


def _mark_sent(session_factory: sessionmaker[Session], row_id: int, now: datetime) -> None:
    with session_factory() as db:
        db.execute(update(OutboxEmail).where(OutboxEmail.id == row_id).values(state="sent", sent_at=now))
        db.commit()


def _record_failure(
    session_factory: sessionmaker[Session],
    row_id: int,
    now: datetime,
    error: str,
    *,
    max_attempts: int = 1,
    give_up: bool = False,
) -> bool:
    """Put the row back in the queue for later, or give up on it; True when given up."""
    with session_factory() as db:
        row = db.get(OutboxEmail, row_id)
        assert row is not None
        row.attempts += 1
        row.last_error = error[:2000]
        row.claimed_at = None
        give_up = give_up or row.attempts >= max_attempts
        row.state = "failed" if give_up else "queued"
        row.next_attempt_at = now + min(FIRST_RETRY * 2 ** (row.attempts - 1), LONGEST_RETRY)
        db.commit()
        return give_up


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


def _close(connection: smtplib.SMTP | None) -> None:
    if connection is None:
        return
    # Every message was already accepted or recorded as failed; a rude goodbye changes nothing.
    with contextlib.suppress(smtplib.SMTPException, OSError):
        connection.quit()
