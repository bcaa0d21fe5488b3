"""The availability form: a grid of cells, the access needs, escorting, and a note."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, Field, StringField, SubmitField, TextAreaField
from wtforms.utils import unset_value
from wtforms.validators import Length

from scheduler.domain.availability_grid import Cell
from scheduler.services.availability_answers import NOTE_LIMIT

CELL_PREFIX = "cell-"


def cell_name(day: str, start: str) -> str:
    """The form field name of one cell, e.g. 'cell-2026-03-10T09:00'."""
    return f"{CELL_PREFIX}{day}T{start}"


class GridField(Field):
    """Every posted ``cell-<day>T<HH:MM>`` value, as {(day, start): level}.

    It keeps cells that are not on the visit's grid too, so that the service can refuse them
    by name instead of them being silently dropped.
    """

    data: dict[Cell, str]

    def process(self, formdata: Any, data: Any = unset_value, extra_filters: Any = None) -> None:
        self.process_errors: list[str] = []
        self.data = {} if data is unset_value or data is None else dict(data)
        if formdata is None:
            return
        posted: dict[Cell, str] = {}
        for name in formdata:
            if name.startswith(CELL_PREFIX):
                day, _, start = name[len(CELL_PREFIX) :].partition("T")
                posted[(day, start)] = str(formdata.get(name))
        self.data = posted


class AnswerForm(FlaskForm):
    cells = GridField()
    step_free = BooleanField("I need step-free access")
    hearing_loop = BooleanField("I need a hearing loop")
    interpreter = BooleanField("I need an interpreter")
    can_escort = BooleanField("I can act as an escort (walk visitors between rooms)")
    note = TextAreaField(
        "A note to the coordinator",
        validators=[Length(max=NOTE_LIMIT, message=f"The note can be at most {NOTE_LIMIT} characters long.")],
    )
    # A shortcut button posts "day|span|level"; without JavaScript it fills the grid server-side.
    shortcut = StringField()
    save = SubmitField("Save my availability")

    def chosen_needs(self) -> list[str]:
        return [name for name in ("step_free", "hearing_loop", "interpreter") if self[name].data]

    def shortcut_parts(self) -> tuple[str, str, str] | None:
        parts = (self.shortcut.data or "").split("|")
        return (parts[0], parts[1], parts[2]) if len(parts) == 3 else None
