"""The app's mail deliverer: a background thread that empties the outbox every few seconds.

It runs only when an SMTP server is configured (``SMTP_URL`` in the app's config, from
``FIELDWORK_SMTP_URL``) and no broker is: with ``FIELDWORK_BROKER_URL`` the Celery workers deliver mail,
and waking the sender asks a worker to start a round now. Requests only queue rows; this thread
sends them after their commit. Several processes may each run one: the outbox's claim step
keeps every email to one delivery.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Protocol, cast

from flask import Flask, current_app, g

from scheduler.errors import ServiceError
from scheduler.mail import deliver_outbox
from scheduler.services.import_uploads import delete_abandoned_uploads
from scheduler.services.milestones import remind_due_milestones
from web.database import session_factory

_SENDER_KEY = "fieldwork.mail_sender"
# Milestones come due by the day: a look every few minutes is plenty, not every mail tick.
MILESTONE_ROUND_SECONDS = 300.0


class Waker(Protocol):
    def wake(self) -> None: ...


class WorkerMail:
    """Mail goes out from the Celery workers; this only asks one to start a round now."""

    def __init__(self, ask_for_a_round: Callable[[], None]) -> None:
        self._ask_for_a_round = ask_for_a_round

    def wake(self) -> None:
        self._ask_for_a_round()


class MailSender:
    def __init__(self, app: Flask, smtp_url: str, interval: float, max_attempts: int) -> None:
        self._factory = session_factory(app)
        self._clock = app.config["CLOCK"]
        self._base_url = app.config["BASE_URL"]
        self._next_milestone_round = 0.0
        self._milestone_every = float(app.config.get("MILESTONE_ROUND_SECONDS", MILESTONE_ROUND_SECONDS))
        self._logger = app.logger
        self.smtp_url = smtp_url
        self.interval = interval
        self.max_attempts = max_attempts
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._server_away = False
        self._thread = threading.Thread(target=self._run, name="fieldwork-mail", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        """Deliver now rather than at the next tick (e.g. right after a form was saved)."""
        self._wake.set()

    def shutdown(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._remind_milestones()
            try:
                report = deliver_outbox(
                    self._factory, self.smtp_url, self._clock(), max_attempts=self.max_attempts
                )
                if report.unreachable and not self._server_away:  # once per outage, not every tick
                    self._logger.warning("mail server unreachable (%s); the outbox waits", report.unreachable)
                elif self._server_away and not report.unreachable:
                    self._logger.info("mail server reachable again")
                self._server_away = bool(report.unreachable)
            except ServiceError as error:  # a bad FIELDWORK_SMTP_URL: say so once, stop trying
                self._logger.error("mail sender stopped: %s", error)
                return
            except Exception:  # the database was busy or gone for a moment: try again next tick
                self._logger.exception("mail delivery failed; retrying in %s s", self.interval)
            self._forget_abandoned_uploads()
            self._wake.wait(self.interval)
            self._wake.clear()

    def _remind_milestones(self) -> None:
        # Queued before this round's delivery, so a reminder leaves in the same round.
        if time.monotonic() < self._next_milestone_round:
            return
        self._next_milestone_round = time.monotonic() + self._milestone_every
        try:
            with self._factory() as db, db.begin():
                remind_due_milestones(db, self._clock(), self._base_url)
        except Exception:  # the database was busy: the next look tries again
            self._next_milestone_round = 0.0
            self._logger.exception("milestone reminders failed; retrying next round")

    def _forget_abandoned_uploads(self) -> None:
        # Riding on the mail round keeps one background thread per process; the round only reads
        # unless an upload is over a day old.
        try:
            with self._factory() as db, db.begin():
                delete_abandoned_uploads(db, self._clock())
        except Exception:  # the database was busy: the next round tries again
            self._logger.exception("deleting abandoned uploads failed; retrying next round")


def send_after_commit() -> None:
    """Ask the sender for a round once this request has committed the emails it queued."""
    g.mail_queued = True


def _wake_sender_after_commit(_error: BaseException | None) -> None:
    # Teardown runs after the response's commit, so the round finds the emails just queued.
    sender = mail_sender()
    if g.pop("mail_queued", False) and sender is not None:
        sender.wake()


def init_app(app: Flask) -> None:
    app.teardown_request(_wake_sender_after_commit)
    smtp_url = app.config["SMTP_URL"]
    if app.config.get("BROKER_URL"):
        # The workers' schedule delivers the outbox in any case; a runner that can reach them
        # also asks for a round at once after mail is queued.
        ask_for_a_round = getattr(app.extensions["fieldwork.jobs"], "wake_mail", None)
        if ask_for_a_round is not None:
            app.extensions[_SENDER_KEY] = WorkerMail(ask_for_a_round)
        return
    if not smtp_url or not app.config.get("MAIL_SENDER_THREAD", True):
        return
    sender = MailSender(
        app,
        smtp_url,
        interval=float(app.config["MAIL_SEND_SECONDS"]),
        max_attempts=int(app.config["MAIL_MAX_ATTEMPTS"]),
    )
    app.extensions[_SENDER_KEY] = sender
    sender.start()


def mail_sender(app: Flask | None = None) -> Waker | None:
    return cast(Waker | None, (app or current_app).extensions.get(_SENDER_KEY))
