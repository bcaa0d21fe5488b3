"""Reading ``FIELDWORK_SMTP_URL``: ``smtp://host:port``, ``smtp+starttls://user:pass@host:port``,
``smtps://...`` (TLS from the start), with an optional ``?from=address`` for the sender."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from scheduler.errors import ServiceError

DEFAULT_SENDER = "fieldwork@localhost"
_SCHEMES = {"smtp": (25, "plain"), "smtp+starttls": (587, "starttls"), "smtps": (465, "tls")}


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str  # plain | starttls | tls
    username: str | None
    password: str | None
    sender: str

    def describe(self) -> str:
        """The server without its password, for logs and messages."""
        who = f"{self.username}@" if self.username else ""
        return f"{self.security} {who}{self.host}:{self.port}"


def parse_smtp_url(url: str) -> SmtpSettings:
    """The server settings of an SMTP URL, or ServiceError saying what is wrong with it."""
    parts = urlsplit(url.strip())
    if parts.scheme not in _SCHEMES:
        scheme = url.split(":")[0]
        raise ServiceError(
            f"FIELDWORK_SMTP_URL must start with smtp://, smtp+starttls:// or smtps://, not {scheme!r}"
        )
    default_port, security = _SCHEMES[parts.scheme]
    if not parts.hostname:
        raise ServiceError("FIELDWORK_SMTP_URL names no host, e.g. smtp://mail.example.org:25")
    try:
        port = parts.port or default_port
    except ValueError as error:
        raise ServiceError(f"FIELDWORK_SMTP_URL has a bad port: {error}") from error
    sender = parse_qs(parts.query).get("from", [DEFAULT_SENDER])[0]
    return SmtpSettings(
        host=parts.hostname,
        port=port,
        security=security,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        sender=sender,
    )
