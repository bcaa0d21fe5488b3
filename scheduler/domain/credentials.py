"""What is stored in place of a secret: passwords hashed with the standard library's scrypt in
werkzeug's "scrypt:n:r:p$salt$hash" form, and link, feed and reply tokens as SHA-256."""

from __future__ import annotations

import hashlib
import hmac
import secrets

# werkzeug's defaults; maxmem must exceed 128 * n * r bytes.
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
_MAXMEM = 64 * 1024 * 1024
_UNKNOWN_ACCOUNT_SALT = secrets.token_hex(16)


def _scrypt(password: str, salt: str, n: int, r: int, p: int) -> str:
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt.encode("utf-8"), n=n, r=r, p=p, maxmem=_MAXMEM
    )
    return digest.hex()


def hash_password(password: str) -> str:
    salt = secrets.token_hex(16)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt:{SCRYPT_N}:{SCRYPT_R}:{SCRYPT_P}${salt}${digest}"


def unknown_account_hash() -> str:
    """A stored-hash look-alike with today's parameters that no password matches: checking a
    password against it costs exactly what checking a real account's does."""
    return f"scrypt:{SCRYPT_N}:{SCRYPT_R}:{SCRYPT_P}${_UNKNOWN_ACCOUNT_SALT}${'0' * 128}"


def password_matches(stored: str, password: str) -> bool:
    try:
        method, salt, expected = stored.split("$", 2)
        name, n, r, p = method.split(":")
    except ValueError:
        return False
    if name != "scrypt":
        return False
    return hmac.compare_digest(_scrypt(password, salt, int(n), int(r), int(p)), expected)


# Link, feed, reply and password-link tokens are ``secrets.token_urlsafe(TOKEN_BYTES)``: 256 bits,
# 43 characters. Anything longer than LONGEST_TOKEN is not one of ours and is not even hashed.
TOKEN_BYTES = 32
LONGEST_TOKEN = 100


def new_token() -> str:
    """A fresh random token for a link, a feed or a reply (only its hash is stored)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    """A link, feed or reply token as stored: random tokens need no salt, so SHA-256 is enough."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
