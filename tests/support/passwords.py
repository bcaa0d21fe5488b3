"""The suite's one shortcut: the password every helper-made account has is hashed once per process.

The helpers (`tests.support.web.add_user`, `tests.support.store.add_user`) give every account the
same password, and scrypt at the product's cost takes about a tenth of a second of CPU for each
hash and for each login's check: half of what a typical page test costs. For that one password
only, `hash_password` hands out the first hash it made in this process (same parameters, same
format), and a check of that password against that hash answers without hashing again. Every
other password, the ones tests type into forms and the salting test's, is hashed and checked for
real every time; servers started in child processes hash everything for real.
"""

from __future__ import annotations

import threading

from scheduler.services import accounts

HELPERS_PASSWORD = "correct horse battery"

_lock = threading.Lock()
_hashed: list[str] = []  # the one hash of HELPERS_PASSWORD, once made


def hash_once_per_process() -> None:
    """Wrap the account service's hashing (called once, from tests/conftest.py)."""
    real_hash, real_matches = accounts.hash_password, accounts.password_matches

    def hash_password(password: str) -> str:
        if password != HELPERS_PASSWORD:
            return real_hash(password)
        with _lock:
            if not _hashed:
                _hashed.append(real_hash(password))
            return _hashed[0]

    def password_matches(stored: str, password: str) -> bool:
        if password == HELPERS_PASSWORD and _hashed and stored == _hashed[0]:
            return True  # real_matches said so when the hash was made, and would say so again
        return real_matches(stored, password)

    accounts.hash_password = hash_password
    accounts.password_matches = password_matches
