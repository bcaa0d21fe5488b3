"""Reading typed fields out of parsed JSON, or out of a spreadsheet's text cells, while
collecting every problem in one pass.

A file with ten mistakes should be fixed in one round, so nothing here raises: each getter
records what is wrong (naming the entry, or the row and column) and returns a neutral value the
caller can carry on with. The visit and timetable readers use the JSON getters; the CSV and
workbook import (scheduler/files/tabular.py) uses the cell getters, which read what people type
into a spreadsheet ("yes", "9.30", "all") into the same values a visit file holds.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from scheduler.domain.clocktime import is_clock

_WHOLE_NUMBER = re.compile(r"[+-]?\d+")
_COUNT = re.compile(r"\d+")
_CELL_CLOCK = re.compile(r"(\d{1,2})[:.](\d{2})")  # 9:30, 09.30: what people type for 09:30
_YES = frozenset(("yes", "y", "true", "1", "x"))
_NO = frozenset(("no", "n", "false", "0"))
_LIST_SEPARATORS = re.compile(r"[;,\n]")


class Missing:
    """Marks a field that has no default, so leaving it out is a problem."""


REQUIRED = Missing()


def describe(value: object) -> str:
    """How a JSON value reads in a message: `the string "60"`, `null`, `a list`."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"the string {json.dumps(value, ensure_ascii=False)}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


class FieldReader:
    """Collects problems as `<where>: <message>` lines while a document is read."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def entry(
        self, value: object, where: str, known_keys: Collection[str], required_keys: Sequence[str] = ()
    ) -> dict[str, Any] | None:
        """`value` as a JSON object; reports unknown keys (usually typos) and missing required ones."""
        if not isinstance(value, dict):
            self.fail(where, f"must be an object, not {describe(value)}")
            return None
        for key in value:
            if key not in known_keys:
                self.fail(where, f"unknown field {key!r}")
        for key in required_keys:
            if key not in value:
                self.fail(where, f"missing {key!r}")
        return value

    def _present(self, obj: dict[str, Any], key: str, where: str, default: object, nullable: bool) -> bool:
        """Whether obj[key] is there to be checked; reports it missing when it has no default."""
        if key not in obj or (nullable and obj[key] is None):
            if default is REQUIRED and key not in obj:
                self.fail(where, f"missing {key!r}")
            return False
        return True

    def string(self, obj: dict[str, Any], key: str, where: str, default: Any = REQUIRED) -> Any:
        if not self._present(obj, key, where, default, nullable=False):
            return None if default is REQUIRED else default
        value = obj[key]
        if not isinstance(value, str):
            self.fail(where, f"{key} must be a string, not {describe(value)}")
            return None if default is REQUIRED else default
        return value

    def optional_string(self, obj: dict[str, Any], key: str, where: str) -> str | None:
        """A string that may be null or absent (both mean "none")."""
        if not self._present(obj, key, where, None, nullable=True):
            return None
        value = obj[key]
        if not isinstance(value, str):
            self.fail(where, f"{key} must be a string or null, not {describe(value)}")
            return None
        return value

    def identifier(self, obj: dict[str, Any], key: str, where: str) -> str | None:
        value = self.string(obj, key, where)
        if value == "":
            self.fail(where, f"{key} must not be empty")
            return None
        return value

    def integer(
        self, obj: dict[str, Any], key: str, where: str, default: Any = REQUIRED, minimum: int | None = None
    ) -> Any:
        """A whole number (JSON true/false and 60.0 are not accepted) at least `minimum`."""
        if not self._present(obj, key, where, default, nullable=False):
            return None if default is REQUIRED else default
        value = obj[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(where, f"{key} must be a whole number, not {describe(value)}")
            return None if default is REQUIRED else default
        if minimum is not None and value < minimum:
            bound = "positive" if minimum == 1 else f"at least {minimum}"
            self.fail(where, f"{key} {value} must be {bound}")
            return None if default is REQUIRED else default
        return value

    def optional_integer(self, obj: dict[str, Any], key: str, where: str, minimum: int) -> int | None:
        if not self._present(obj, key, where, None, nullable=True):
            return None
        value: int | None = self.integer(obj, key, where, None, minimum)
        return value

    def number(self, obj: dict[str, Any], key: str, where: str, default: float) -> float:
        """Any JSON number (not true/false) that is not negative."""
        if key not in obj:
            return default
        value = obj[key]
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(where, f"{key} must be a number, not {describe(value)}")
            return default
        if value < 0:
            self.fail(where, f"{key} {value} must not be negative")
            return default
        return float(value)

    def boolean(self, obj: dict[str, Any], key: str, where: str, default: bool) -> bool:
        if key not in obj:
            return default
        value = obj[key]
        if not isinstance(value, bool):
            self.fail(where, f"{key} must be true or false, not {describe(value)}")
            return default
        return value

    def choice(
        self, obj: dict[str, Any], key: str, where: str, choices: Sequence[str], default: Any = REQUIRED
    ) -> Any:
        value = self.string(obj, key, where, default)
        if value is not None and value not in choices:
            self.fail(where, f"{key} {value!r} is not one of {', '.join(choices)}")
            return None if default is REQUIRED else default
        return value

    def clock(self, obj: dict[str, Any], key: str, where: str, default: Any = REQUIRED) -> Any:
        """A wall-clock time "HH:MM", kept as the string it is in the file."""
        value = self.string(obj, key, where, default)
        if value is not None and not is_clock(value):
            self.fail(where, f"{key} {value!r} is not a time 'HH:MM'")
            return None if default is REQUIRED else default
        return value

    def optional_clock(self, obj: dict[str, Any], key: str, where: str) -> str | None:
        value = self.optional_string(obj, key, where)
        if value is not None and not is_clock(value):
            self.fail(where, f"{key} {value!r} is not a time 'HH:MM'")
            return None
        return value

    def array(self, obj: dict[str, Any], key: str, where: str, default: Any = REQUIRED) -> list[Any] | None:
        """A JSON list; None when absent (and allowed) or wrong."""
        if not self._present(obj, key, where, default, nullable=False):
            return None
        value = obj[key]
        if not isinstance(value, list):
            self.fail(where, f"{key} must be a list, not {describe(value)}")
            return None
        return value

    def strings(self, obj: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
        """A list of distinct strings, empty when absent."""
        values = self.array(obj, key, where, default=())
        if values is None:
            return ()
        out: list[str] = []
        for i, value in enumerate(values):
            if not isinstance(value, str):
                self.fail(where, f"{key}[{i}] must be a string, not {describe(value)}")
            elif value in out:
                self.fail(where, f"{key} lists {value!r} twice")
            else:
                out.append(value)
        return tuple(out)

    def references(
        self, obj: dict[str, Any], key: str, where: str, known: Collection[str], what: str
    ) -> tuple[str, ...]:
        """A list of distinct ids that must each name an existing `what`."""
        ids = self.strings(obj, key, where)
        for ident in ids:
            if ident not in known:
                self.fail(where, f"{key} names unknown {what} {ident!r}")
        return ids

    # ---- a spreadsheet's text cells: blank is None (the field keeps its default), never a problem ----

    def whole_number_cell(self, text: str, where: str) -> int | None:
        if text == "":
            return None
        if _WHOLE_NUMBER.fullmatch(text):
            return int(text)
        self.fail(where, f"'{text}' is not a whole number")
        return None

    def count_cell(self, text: str, where: str) -> int | str | None:
        """A whole number, or "all" (as in a session's assessor count)."""
        if text == "":
            return None
        if text.casefold() == "all":
            return "all"
        if _COUNT.fullmatch(text):
            return int(text)
        self.fail(where, f"'{text}' is neither a whole number nor 'all'")
        return None

    def yes_no_cell(self, text: str, where: str) -> bool | None:
        if text == "":
            return None
        if text.casefold() in _YES:
            return True
        if text.casefold() in _NO:
            return False
        self.fail(where, f"'{text}' is neither yes nor no")
        return None

    def clock_cell(self, text: str, where: str) -> str | None:
        """A time as the files keep it ("HH:MM"); 9:30 and 09.30 read as 09:30."""
        if text == "":
            return None
        match = _CELL_CLOCK.fullmatch(text)
        clock = f"{int(match[1]):02d}:{match[2]}" if match else text
        if is_clock(clock):
            return clock
        self.fail(where, f"'{text}' is not a time like 09:30")
        return None

    def choice_cell(self, text: str, where: str, choices: Sequence[str]) -> str | None:
        """One of `choices`, however it is capitalised or spaced ("Person using services")."""
        if text == "":
            return None
        value = "_".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())
        if value in choices:
            return value
        self.fail(where, f"'{text}' is not one of {', '.join(choices)}")
        return None

    @staticmethod
    def list_cell(text: str) -> tuple[str, ...] | None:
        """The items of a cell separated by commas, semicolons or line breaks."""
        if text == "":
            return None
        return tuple(part.strip() for part in _LIST_SEPARATORS.split(text) if part.strip())


def labelled_entries(
    reader: FieldReader, items: Iterable[object], list_name: str
) -> list[tuple[str, dict[str, Any], str]]:
    """(label, entry, id) for each entry of a list of objects with unique ids, e.g. "rooms[2] 'r3'".

    Entries without a usable id or repeating an earlier one are reported and left out, so later
    checks never see two things under one id.
    """
    out: list[tuple[str, dict[str, Any], str]] = []
    first_label: dict[str, str] = {}
    for i, item in enumerate(items):
        label = f"{list_name}[{i}]"
        if not isinstance(item, dict):
            reader.fail(label, f"must be an object, not {describe(item)}")
            continue
        ident = item.get("id")
        if not isinstance(ident, str) or not ident:
            reader.fail(label, "needs an id (a non-empty string)")
            continue
        label = f"{label} {ident!r}"
        if ident in first_label:
            reader.fail(label, f"duplicate id (also {first_label[ident]})")
            continue
        first_label[ident] = label
        out.append((label, item, ident))
    return out
