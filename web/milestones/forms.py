"""The milestones form: one date per milestone; blank goes back to the default date."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length, Optional

from scheduler.domain.milestones import KINDS


class MilestonesForm(FlaskForm):
    """A field per milestone, named after its key (filled in below from KINDS)."""

    def dates(self) -> dict[str, str | None]:
        return {kind.key: (self[kind.key].data or "").strip() or None for kind in KINDS}


for _kind in KINDS:
    # A text field of type date: browsers offer a date picker, and a bad date reaches the service,
    # which names the milestone it is for.
    setattr(
        MilestonesForm,
        _kind.key,
        StringField(_kind.label, validators=[Optional(), Length(max=10)], render_kw={"type": "date"}),
    )


def filled(form: MilestonesForm, milestones: Any) -> MilestonesForm:
    for milestone in milestones:
        if milestone.set_by_coordinator:
            form[milestone.key].data = milestone.due
    return form
