"""What every response carries for the browser's protection, and where the client is.

- Security headers and a content security policy on every response: no inline script or style,
  no framing, no sniffing, and no referrer to other sites (token links must not leak; the same
  origin keeps it, as Flask-WTF checks it on https).
- Session cookies are HttpOnly and SameSite=Lax, and Secure whenever the request came over
  https (directly or, with ``FIELDWORK_PROXIES`` set, through the reverse proxy) or when
  ``FIELDWORK_SECURE_COOKIES`` says so.
- Behind a reverse proxy, ``FIELDWORK_PROXIES=N`` trusts the N proxies' X-Forwarded-For/-Proto/
  -Host/-Port/-Prefix headers (werkzeug's ProxyFix), so the client's address (login throttling)
  and scheme (Secure cookies) are the real ones. Without it the headers are ignored, since a
  client could forge them.
"""

from __future__ import annotations

import logging
import re

from flask import Flask, Response, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
ONE_YEAR = 365 * 24 * 3600
# Personal links carry their secret in the path; a log line keeps the route, never the token.
_TOKEN_IN_PATH = re.compile(r"/(availability|feeds|rsvp)/[^/\s?#.\"']+")


class HttpsAwareSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, marked Secure on every request that came over https."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure


def init_app(app: Flask) -> None:
    configure_cookies(app)
    proxies = int(app.config.get("PROXIES") or 0)
    app.config["PROXIES"] = proxies
    if proxies > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies, x_prefix=proxies
        )
    app.after_request(add_security_headers)
    for logger in (logging.getLogger("werkzeug"), app.logger):
        if not any(isinstance(existing, TokenRedactingFilter) for existing in logger.filters):
            logger.addFilter(TokenRedactingFilter())


def configure_cookies(app: Flask) -> None:
    secure = app.config.get("SECURE_COOKIES")  # FIELDWORK_SECURE_COOKIES, see web/settings.py
    if secure is None:
        secure = app.config.get("SESSION_COOKIE_SECURE", False)
    app.config.update(
        SESSION_COOKIE_SECURE=bool(secure),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=bool(secure),
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
    )
    app.session_interface = HttpsAwareSessionInterface()


def add_security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", f"max-age={ONE_YEAR}")
    return response


def client_address() -> str:
    """The client's IP address (the real one behind a trusted proxy, see FIELDWORK_PROXIES)."""
    return request.remote_addr or "unknown"


def redact_tokens(text: str) -> str:
    """The text with every personal link's token replaced by <token>."""
    return _TOKEN_IN_PATH.sub(r"/\1/<token>", text)


class TokenRedactingFilter(logging.Filter):
    """Rewrites log records (e.g. the development server's access log) so no token reaches a log."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_tokens(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True
