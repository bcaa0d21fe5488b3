"""Form fields shared by the features' forms: the visit format's small text syntaxes (clock
times, id lists, intervals), pickers that choose entries by name, and the shape of an email address.

Each field turns the text a coordinator types into the domain's values, and says exactly which
part it could not read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from wtforms import Field, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError
from wtforms.widgets import TextArea

from scheduler import domain

# A plain shape check; the accounts service decides whether the address is known.
EMAIL_SHAPE = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"

_CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_INTERVAL = re.compile(
    r"^(\d{4}-\d{2}-\d{2})\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})(?:\s+(yes|if_needed))?$"
)
NEVER = "never"


def is_clock(text: str) -> bool:
    return bool(_CLOCK.match(text))


def is_iso_day(text: str) -> bool:
    try:
        return date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


class ClockField(StringField):
    """An "HH:MM" 24-hour clock time; blank gives None when optional."""

    def __init__(self, label: str, optional: bool = False, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.optional = optional

    def process_formdata(self, valuelist: list[Any]) -> None:
        text = (valuelist[0] if valuelist else "").strip()
        if len(text) == 4 and text[1] == ":":
            text = "0" + text  # 9:30 means 09:30
        self.data = text or None

    def pre_validate(self, form: Any) -> None:
        if self.data is None:
            if not self.optional:
                raise ValidationError("Enter a time like 09:30.")
            return
        if not is_clock(self.data):
            raise ValidationError(f"'{self.data}' is not a time like 09:30 (24-hour clock).")

    def clock(self) -> str:
        """The time of a validated field that is not optional (validation refused a blank one)."""
        if self.data is None:
            raise ValueError(f"{self.name} has no time: validate the form before reading it")
        return str(self.data)


class WordListField(StringField):
    """A list of ids, dates or features separated by commas or spaces."""

    def __init__(self, label: str, days: bool = False, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.days = days

    def _value(self) -> str:
        return ", ".join(self.data or ())

    def process_formdata(self, valuelist: list[Any]) -> None:
        text = valuelist[0] if valuelist else ""
        self.data = tuple(word for word in re.split(r"[\s,;]+", text) if word)

    def pre_validate(self, form: Any) -> None:
        if self.days:
            for word in self.data or ():
                if not is_iso_day(word):
                    raise ValidationError(f"'{word}' is not a date like 2026-03-10.")
        repeated = sorted({word for word in self.data or () if list(self.data).count(word) > 1})
        if repeated:
            raise ValidationError(f"{', '.join(repeated)} is listed more than once.")


class PhraseListField(StringField):
    """A list of phrases that may hold spaces ("Working with people"), separated by commas or
    semicolons; each kept once, ignoring case."""

    def _value(self) -> str:
        return ", ".join(self.data or ())

    def process_formdata(self, valuelist: list[Any]) -> None:
        text = valuelist[0] if valuelist else ""
        phrases: dict[str, str] = {}
        for part in re.split(r"[,;\n]+", text):
            phrase = " ".join(part.split())
            if phrase:
                phrases.setdefault(phrase.casefold(), phrase)
        self.data = tuple(phrases.values())

    def pre_validate(self, form: Any) -> None:
        long = [phrase for phrase in self.data or () if len(phrase) > 100]
        if long:
            raise ValidationError(f"'{long[0][:30]}...' is longer than 100 characters.")


class DayListField(WordListField):
    widget = TextArea()

    def __init__(self, label: str, **kwargs: Any) -> None:
        super().__init__(label, days=True, **kwargs)


class IntervalsField(TextAreaField):
    """Availability: one "YYYY-MM-DD HH:MM-HH:MM [if_needed]" per line.

    Blank means the whole visit and "never" means not at all, as an omitted and an empty list
    do in the visit file.
    """

    data: tuple[domain.Interval, ...] | None

    def __init__(self, label: str, levels: bool = False, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.levels = levels
        self._problem: str | None = None

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])  # show what was typed, also when it could not be read
        return format_intervals(self.data)

    def process_formdata(self, valuelist: list[Any]) -> None:
        self._problem = None
        text = (valuelist[0] if valuelist else "").strip()
        if not text:
            self.data = None
            return
        if text.lower() == NEVER:
            self.data = ()
            return
        intervals = []
        for number, line in enumerate(text.splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            match = _INTERVAL.match(line)
            if match is None:
                self._problem = f"line {number}: '{line}' is not like '2026-03-10 09:00-12:30'."
                break
            day, start, end, level = match.groups()
            start, end = start.zfill(5), end.zfill(5)
            if not is_iso_day(day) or not is_clock(start) or not is_clock(end):
                self._problem = f"line {number}: '{line}' has an impossible date or time."
                break
            if start >= end:
                self._problem = f"line {number}: the start {start} is not before the end {end}."
                break
            if level and not self.levels:
                self._problem = f"line {number}: only people's availability can say '{level}'."
                break
            intervals.append(domain.Interval(day=day, start=start, end=end, level=level or "yes"))
        self.data = tuple(intervals)

    def pre_validate(self, form: Any) -> None:
        if self._problem:
            raise ValidationError(self._problem)


def format_intervals(intervals: Sequence[domain.Interval] | None) -> str:
    if intervals is None:
        return ""
    if not intervals:
        return NEVER
    lines = []
    for interval in intervals:
        level = "" if interval.level == "yes" else f" {interval.level}"
        lines.append(f"{interval.day} {interval.start}-{interval.end}{level}")
    return "\n".join(lines)


def optional_int(field: Field) -> int | None:
    return None if field.data in (None, "") else int(field.data)


def select_choices(pairs: Iterable[tuple[Any, str]]) -> list[SelectChoice]:
    """(value, label) pairs as the SelectChoice objects select fields want (wtforms 3.3 deprecates tuples)."""
    return [SelectChoice(value, label) for value, label in pairs]


@dataclass(frozen=True)
class PickerChoice:
    """One entry a picker offers: its id (posted), its name (shown) and what else finds it."""

    value: str
    label: str
    hint: str = ""  # e.g. "Adult social care · Team manager"

    @property
    def search(self) -> str:
        return f"{self.label} {self.hint}".lower()


class PickerField(Field):
    """Choose entries by name from a list (people, assessors, sessions, features, days).

    Drawn as a list of tick-boxes with the names (macros.html `picker`), which a small script
    turns into a searchable list. The ids are posted, one value per tick; a value may also hold
    several ids separated by commas or spaces, as the typed lists this replaces did, so that
    scripts and imports that post ids keep working. `other` adds a text box for a value the
    list does not offer yet (a new room feature).
    """

    data: tuple[str, ...]

    def __init__(self, label: str, noun: str = "entries", other: bool = False, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.noun = noun
        self.other = other
        self.choices: list[PickerChoice] | None = None

    def process_data(self, value: Any) -> None:
        self.data = tuple(value or ())

    def process_formdata(self, valuelist: list[Any]) -> None:
        words: list[str] = []
        for value in valuelist:
            for word in re.split(r"[\s,;]+", str(value)):
                if word and word not in words:
                    words.append(word)
        self.data = tuple(words)

    def pre_validate(self, form: Any) -> None:
        if self.choices is None or self.other:
            return
        known = {choice.value for choice in self.choices}
        unknown = [word for word in self.data if word not in known]
        if unknown:
            raise ValidationError(f"{', '.join(repr(w) for w in unknown)}: not among the {self.noun} listed.")

    @property
    def search_hint(self) -> str:
        """What the search box finds by, as its placeholder says."""
        return {"people": "name, team or role", "sessions": "title or kind", "assessors": "name or role"}.get(
            self.noun, "name"
        )

    def options(self) -> list[tuple[PickerChoice, bool]]:
        """Every choice with whether it is ticked; ticked values the list lacks come last, by id."""
        chosen = set(self.data or ())
        listed = list(self.choices or ())
        known = {choice.value for choice in listed}
        missing = [PickerChoice(value, value) for value in self.data or () if value not in known]
        return [(choice, choice.value in chosen) for choice in (*listed, *missing)]
