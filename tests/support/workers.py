"""Real parts for the Celery tests: a throw-away Redis on loopback and `fieldwork worker` processes."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import pytest

FIELDWORK = Path(sys.executable).with_name("fieldwork")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class RedisServer:
    """redis-server on a free loopback port, keeping nothing on disk."""

    def __init__(self) -> None:
        program = shutil.which("redis-server")
        if program is None:
            pytest.skip("redis-server is not installed (apt-get install redis-server)")
        self.folder = Path(tempfile.mkdtemp(prefix="fieldwork-redis-"))
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._process = subprocess.Popen(
            [program, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=self.folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as connection:
                    connection.sendall(b"PING\r\n")
                    if connection.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        self._process.terminate()
        try:
            self._process.wait(10)
        except subprocess.TimeoutExpired:
            self._process.kill()
        shutil.rmtree(self.folder, ignore_errors=True)


_live_workers: list[Worker] = []


def stop_all_workers() -> None:
    """Whatever a test left running ends with the session."""
    while _live_workers:
        _live_workers.pop().stop()


class Worker:
    """`fieldwork worker` in its own process group, so that killing it kills its pool too."""

    def __init__(
        self,
        database_url: str,
        broker_url: str,
        folder: Path,
        program: Path = FIELDWORK,
        base_env: dict[str, str] | None = None,
        **env: str,
    ) -> None:
        """`program`: another installation's `fieldwork`; `base_env`: instead of this process's."""
        folder.mkdir(parents=True, exist_ok=True)
        self.log = folder / f"worker-{time.monotonic_ns()}.log"
        environment = {
            **(os.environ if base_env is None else base_env),
            "DATABASE_URL": database_url,
            "FIELDWORK_BROKER_URL": broker_url,
            "FIELDWORK_INSTANCE": str(folder),
            "FIELDWORK_JOB_HEARTBEAT_SECONDS": "0.5",
            **env,
        }
        self._log_file = self.log.open("wb")
        _live_workers.append(self)
        self.process = subprocess.Popen(
            [str(program), "worker", "--loglevel", "info", "--mail-every", "1"],
            env=environment,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            cwd=folder,  # never the checkout, so an installed `program` imports only its own code
            start_new_session=True,
        )

    def kill(self) -> None:
        """As the operating system would: no chance to tidy up."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self in _live_workers:
            _live_workers.remove(self)
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()
        self._log_file.close()

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def wait_until(condition, timeout: float, every: float = 0.2, what: str = "the condition"):  # type: ignore[no-untyped-def]
    """Poll `condition` until it returns something true; fail the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    pytest.fail(f"timed out after {timeout} s waiting for {what}")


class WorkerBackedRunner:
    """The Celery runner as the web tests use it: it starts a real worker for the app's database
    on the first solve, and can wait for a job, as the in-process runner can."""

    def __init__(self, session_factory, clock, broker_url: str, folder: Path) -> None:  # type: ignore[no-untyped-def]
        from scheduler.jobs.celery_runner import CeleryRunner

        self._factory = session_factory
        self._celery = CeleryRunner(session_factory, clock, broker_url)
        self._broker_url = broker_url
        self._folder = folder
        self._worker: Worker | None = None
        self._jobs: list[str] = []
        # Pages may start solves from several threads at once: still one worker per app.
        self._starting = threading.Lock()

    def submit_solve(self, visit_id: int, user_id: int | None, time_limit: float, **keys: Any) -> str:
        with self._starting:
            if self._worker is None:
                url = self._factory.kw["bind"].url.render_as_string(hide_password=False)
                self._worker = Worker(url, self._broker_url, self._folder)
        job_id = self._celery.submit_solve(visit_id, user_id, time_limit, **keys)
        self._jobs.append(job_id)
        return job_id

    def stop(self, job_id: str) -> None:
        self._celery.stop(job_id)

    def wake_mail(self) -> None:
        self._celery.wake_mail()

    def wait(self, job_id: str, timeout: float | None = None) -> bool:
        from scheduler.jobs.status import job_status

        deadline = time.monotonic() + (timeout if timeout is not None else 3600)
        while time.monotonic() < deadline:
            with self._factory() as db:
                if job_status(db, job_id).finished:
                    return True
            time.sleep(0.2)
        return False

    def shutdown(self, timeout: float = 30.0) -> None:
        for job_id in self._jobs:
            self.stop(job_id)
        for job_id in self._jobs:
            self.wait(job_id, timeout)
        if self._worker is not None:
            self._worker.stop()
            self._worker = None
        self._celery.close()

    def close(self) -> None:
        self.shutdown()


_shared_redis: RedisServer | None = None


def shared_redis() -> RedisServer:
    """One Redis for the whole test session, started on first use and stopped at its end."""
    global _shared_redis
    if _shared_redis is None:
        _shared_redis = RedisServer()
    return _shared_redis


def stop_shared_redis() -> None:
    global _shared_redis
    if _shared_redis is not None:
        _shared_redis.stop()
        _shared_redis = None


def jobs_on_workers() -> bool:
    """FIELDWORK_TEST_JOBS=celery: the web tests' solves run on real Celery workers."""
    chosen = os.environ.get("FIELDWORK_TEST_JOBS", "").strip().lower() or "in-process"
    if chosen not in ("in-process", "celery"):
        raise pytest.UsageError(f"FIELDWORK_TEST_JOBS={chosen!r}: choose in-process or celery")
    return chosen == "celery"
