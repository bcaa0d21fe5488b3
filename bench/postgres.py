"""A throw-away PostgreSQL cluster on a loopback port, for the burst bench and the test suite.

Uses the Debian binaries (``/usr/lib/postgresql/N/bin``) or whatever is on the PATH, runs them
as the postgres user when we are root (initdb refuses root), trusts loopback connections and
keeps nothing after stop(). A development tool, outside the packages.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PostgresServer:
    """A throw-away PostgreSQL cluster on a loopback port; `url` is its database ("fieldwork",
    owned by the superuser "fieldwork"). None of it outlives stop()."""

    def __init__(self, max_connections: int = 100, under: Path | None = None) -> None:
        """`under`: the folder to make the cluster in (the system's temporary folder if None)."""
        self.folder = Path(tempfile.mkdtemp(prefix="fieldwork-pg-", dir=under))
        self.port = free_port()
        self._as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self._as:
            os.chmod(self.folder, 0o755)
            shutil.chown(self.folder, "postgres", "postgres")
        data = self.folder / "data"
        self._data = data
        try:
            self._run("initdb", "-D", str(data), "-A", "trust", "-U", "fieldwork", "--no-sync", "-E", "UTF8")
            # Durability is worthless for a cluster deleted after the run; speed is not.
            options = (
                f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
                f" -c synchronous_commit=off -c full_page_writes=off -c max_connections={max_connections}"
            )
            log = str(self.folder / "log")
            self._run("pg_ctl", "-D", str(data), "-o", options, "-l", log, "-w", "start")
            self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "fieldwork", "fieldwork")
        except BaseException:
            self.stop()
            raise
        self.url = f"postgresql+psycopg://fieldwork@127.0.0.1:{self.port}/fieldwork"

    @staticmethod
    def tool(name: str) -> str | None:
        """A PostgreSQL program on the PATH, or where Debian's postgresql package puts it."""
        found = shutil.which(name)
        if found:
            return found
        installed = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
        return str(installed[-1]) if installed else None

    @staticmethod
    def available() -> bool:
        try:
            import psycopg  # noqa: F401
        except ImportError:
            return False
        return all(PostgresServer.tool(name) for name in ("initdb", "pg_ctl", "createdb"))

    def _run(self, program: str, *arguments: str) -> None:
        command = [*self._as, self.tool(program) or program, *arguments]
        try:
            subprocess.run(command, check=True, capture_output=True, cwd=self.folder)
        except subprocess.CalledProcessError as error:
            output = (error.stderr or error.stdout or b"").decode(errors="replace").strip()
            raise RuntimeError(f"PostgreSQL's {program} failed: {output}") from error

    def stop(self) -> None:
        try:
            if (self._data / "postmaster.pid").exists():
                self._run("pg_ctl", "-D", str(self._data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
