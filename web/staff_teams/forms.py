from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField
from wtforms.validators import ValidationError

from scheduler.domain.team_limits import LIMIT_HELP, TeamLimit, parse_team_limit


class TeamForm(FlaskForm):
    max_away = StringField(
        "Most of the team in sessions at once",
        description=f"Give {LIMIT_HELP}. A share is worked out when planning, from the team as it is "
        "then: rounded down, and never below 1. Blank: no limit.",
    )
    frontline = BooleanField("Frontline team: heard in at least one focus group")

    def validate_max_away(self, field: StringField) -> None:
        try:
            parse_team_limit(field.data or "")
        except ValueError as error:
            raise ValidationError(str(error)) from None

    def limit(self) -> TeamLimit:
        return parse_team_limit(self.max_away.data or "")
