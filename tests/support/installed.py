"""Real parts for the installed-package tests: the wheel built from this checkout, a fresh
virtual environment holding it (without the dev extra), its `fieldwork serve` on loopback, and
a small cookie-keeping HTTP client that reads pages, follows links and submits their forms."""

from __future__ import annotations

import http.cookiejar
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    """Run a command; on failure, fail with what it printed (pip's and the CLI's own words)."""
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)  # type: ignore[call-overload]
    if done.returncode != 0:
        raise AssertionError(
            f"{' '.join(command)} exited with {done.returncode}:\n{done.stdout}\n{done.stderr}"
        )
    return done  # type: ignore[no-any-return]


def build_wheel(into: Path) -> tuple[Path, str]:
    """The wheel of this checkout as a fresh clone would build it for `pip install .` (an isolated
    build of the files git knows, so no egg-info or build folder left by an editable install can
    add what the configuration forgets), and what the build printed, setuptools' warnings included."""
    source = into / "source"
    listed = run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT
    ).stdout.splitlines()
    for name in listed:
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    done = run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", "--wheel-dir", str(into), str(source)]
    )
    (wheel,) = into.glob("fieldwork-*.whl")
    return wheel, done.stdout + done.stderr


def install_fresh(wheel: Path, venv: Path) -> Path:
    """A new virtual environment with the wheel and its declared dependencies only; its bin folder."""
    run([sys.executable, "-m", "venv", str(venv)])
    run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)])
    return venv / "bin"


def clean_environment(**settings: str) -> dict[str, str]:
    """The environment of an installed process: nothing that could let it import this checkout."""
    drop = ("PYTHONPATH", "DATABASE_URL", "FIELDWORK_BROKER_URL", "FIELDWORK_SMTP_URL", "FIELDWORK_INSTANCE")
    return {**{k: v for k, v in os.environ.items() if k not in drop}, **settings}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class InstalledServer:
    """The installed `fieldwork serve` on a free loopback port, its output kept in a log file."""

    def __init__(self, bin_folder: Path, folder: Path, env: dict[str, str]) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = folder / "serve.log"
        self._log_file = self.log.open("wb")
        self._process = subprocess.Popen(
            [str(bin_folder / "fieldwork"), "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            cwd=folder,  # not the checkout, so nothing of it can be imported by accident
            env=env,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise AssertionError(
                    f"fieldwork serve exited with {self._process.returncode}:\n{self.output()}"
                )
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise AssertionError(f"fieldwork serve did not listen within 60 s:\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(20)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._log_file.close()


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)  # names of the file inputs


class _PageParser(HTMLParser):
    """The links (a, link, script, img) and the forms of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._select: str | None = None
        self._first_option: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        if tag == "option":
            self._option(a)
        elif tag == "a" and "href" in a:
            self.links.append(a["href"])
        elif tag in ("link", "script", "img") and (a.get("href") or a.get("src")):
            self.links.append(a.get("href") or a["src"])
        elif tag == "form":
            self.forms.append(Form(a.get("action", ""), a.get("method", "get").lower()))
        elif not self.forms or "name" not in a:
            return
        elif tag == "input":
            kind = a.get("type", "text").lower()
            if kind == "file":
                self.forms[-1].files.append(a["name"])
            elif kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.forms[-1].fields[a["name"]] = a.get("value", "on")
            elif kind not in ("submit", "button", "reset", "image"):
                self.forms[-1].fields[a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select, self._first_option = a["name"], None
        elif tag == "textarea":
            self._textarea = a["name"]
            self.forms[-1].fields[a["name"]] = ""

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self._textarea is not None and self.forms:
            self.forms[-1].fields[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self._select is not None:
            if self._select not in self.forms[-1].fields and self._first_option is not None:
                self.forms[-1].fields[self._select] = self._first_option
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def _option(self, attrs: dict[str, str]) -> None:
        if self._select is None or not self.forms:
            return
        value = attrs.get("value", "")
        if self._first_option is None:
            self._first_option = value
        if "selected" in attrs:
            self.forms[-1].fields[self._select] = value


@dataclass
class Page:
    path: str  # where the request ended, after redirects, with its query
    status: int
    content_type: str
    body: bytes
    headers: dict[str, str]

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def parsed(self) -> _PageParser:
        parser = _PageParser()
        if self.content_type.startswith("text/html"):
            parser.feed(self.text)
        return parser

    def form_with(self, field_name: str) -> Form:
        for form in self.parsed().forms:
            if field_name in form.fields or field_name in form.files:
                return form
        raise AssertionError(f"{self.path} has no form with a {field_name!r} field")


class Browser:
    """One coordinator's HTTP client against the installed server: cookies kept, redirects followed."""

    def __init__(self, base: str) -> None:
        self.base = base
        jar = http.cookiejar.CookieJar()
        self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def get(self, path: str) -> Page:
        return self._open(urllib.request.Request(self.base + path))

    def submit(
        self, page: Page, form: Form, files: dict[str, tuple[str, bytes]] | None = None, **values: str
    ) -> Page:
        """Post `form` as a browser would: its own fields, changed by `values`, with `files` attached."""
        fields = {**form.fields, **values}
        action = urllib.parse.urljoin(page.path, form.action or page.path)
        if files:
            boundary = uuid.uuid4().hex
            body, content_type = (
                _multipart(fields, files, boundary),
                f"multipart/form-data; boundary={boundary}",
            )
        else:
            body, content_type = urllib.parse.urlencode(fields).encode(), "application/x-www-form-urlencoded"
        request = urllib.request.Request(
            self.base + action, data=body, headers={"Content-Type": content_type}
        )
        return self._open(request)

    def get_json(self, path: str) -> dict[str, object]:
        page = self.get(path)
        assert page.status == 200, f"{path} answered {page.status}: {page.text[:500]}"
        return json.loads(page.body)  # type: ignore[no-any-return]

    def _open(self, request: urllib.request.Request) -> Page:
        try:
            with self._opener.open(request, timeout=120) as response:
                return _page(response.geturl(), response.status, response)
        except urllib.error.HTTPError as error:
            return _page(error.geturl(), error.code, error)

    def path_of(self, url: str) -> str:
        parts = urllib.parse.urlsplit(url)
        return parts.path + (f"?{parts.query}" if parts.query else "")


def _page(url: str, status: int, response: object) -> Page:
    parts = urllib.parse.urlsplit(url)
    headers = dict(response.headers.items())  # type: ignore[attr-defined]
    return Page(
        path=parts.path + (f"?{parts.query}" if parts.query else ""),
        status=status,
        content_type=headers.get("Content-Type", ""),
        body=response.read(),  # type: ignore[attr-defined]
        headers=headers,
    )


def _multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]], boundary: str) -> bytes:
    parts: list[bytes] = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (filename, content) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts)
