"""Ids made from names: the visit file and the imports refer to entries by id, but nobody types one.

An id is the name in lower case ASCII with hyphens ("Ryan Davies" -> "ryan-davies"); a name
already taken gets the next free number ("ryan-davies-2"). The same slug names files a person
downloads ("ryan-davies.ics"), so that a name never becomes a path or a header injection.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

ID_LIMIT = 40  # the forms' and the visit file's longest id
# Letters that Unicode does not decompose into an ASCII letter and a mark.
_SPELLED = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae", "ß": "ss", "đ": "d", "Đ": "D"}
)


def slugify(text: str, fallback: str = "entry", limit: int = ID_LIMIT) -> str:
    """`text` as lower-case ASCII words joined by hyphens, at most `limit` characters."""
    spelled = unicodedata.normalize("NFKD", text.translate(_SPELLED))
    ascii_text = spelled.encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    slug = slug[:limit].rstrip("-")
    return slug or fallback


def new_id(name: str, taken: Iterable[str], fallback: str = "entry") -> str:
    """An id for a new entry called `name`, different from every id in `taken`."""
    used = set(taken)
    base = slugify(name, fallback)
    if base not in used:
        return base
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = base[: ID_LIMIT - len(suffix)].rstrip("-") + suffix
        if candidate not in used:
            return candidate
        number += 1
