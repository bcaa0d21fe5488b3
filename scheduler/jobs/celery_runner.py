"""Solves queued on Celery workers through a Redis broker (``FIELDWORK_BROKER_URL``)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from scheduler.errors import ServiceError
from scheduler.jobs.celery_app import DELIVER_MAIL_TASK, SOLVE_TASK, make_celery
from scheduler.jobs.execution import create_job, fail_job, request_stop
from scheduler.jobs.status import LOST_AFTER
from scheduler.settings import Settings

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


class BrokerUnavailable(ServiceError):
    pass


class CeleryRunner:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        clock: Clock,
        broker_url: str,
        *,
        lost_after: timedelta = LOST_AFTER,
    ) -> None:
        self._session_factory = session_factory
        self._clock = clock
        self._lost_after = lost_after
        # This app only sends tasks; the workers run them with their own settings.
        self._celery = make_celery(broker_url, Settings(broker_url=broker_url))

    def submit_solve(
        self,
        visit_id: int,
        user_id: int | None,
        time_limit: float,
        *,
        request_key: str | None = None,
        retry_of: str | None = None,
        frozen_before: str | None = None,
        late_minutes: int = 0,
    ) -> str:
        job_id, created = create_job(
            self._session_factory,
            visit_id,
            user_id,
            time_limit,
            self._clock(),
            request_key=request_key,
            retry_of=retry_of,
            lost_after=self._lost_after,
            frozen_before=frozen_before,
            late_minutes=late_minutes,
        )
        if created:
            try:
                # The job id is the task id: one job, one task, whoever sends it.
                self._celery.send_task(SOLVE_TASK, args=[job_id], task_id=job_id)
            except Exception as error:  # kombu raises its own errors for a broker that is away
                log.warning("could not queue solve job %s: %s", job_id, error)
                message = "the planner's job queue could not be reached; please try again in a minute"
                fail_job(self._session_factory, job_id, message, self._clock())
                raise BrokerUnavailable(message) from error
        return job_id

    def stop(self, job_id: str) -> None:
        request_stop(self._session_factory, job_id, self._clock())

    def wake_mail(self) -> None:
        """Ask a worker to deliver the outbox now rather than at its next round."""
        try:
            self._celery.send_task(DELIVER_MAIL_TASK)
        except Exception as error:  # the next scheduled round sends it anyway
            log.warning("could not ask a worker to send mail now: %s", error)

    def close(self) -> None:
        self._celery.close()
