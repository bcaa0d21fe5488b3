"""The forms of the availability pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from scheduler.db.case_tracking import SUPPORT
from scheduler.services.case_tracking import ADDRESS_LIMIT, LONGEST_TRAVEL
from scheduler.services.unanswered import ASSUME_AVAILABLE, ASSUME_NOT_AVAILABLE
from web.form_fields import select_choices

DAY = r"^\d{4}-\d{2}-\d{2}$"
CLOCK = r"^([01]\d|2[0-3]):[0-5]\d$"
SUPPORT_LABELS = {"advocate": "Advocate", "interpreter": "Interpreter", "carer_present": "Carer present"}
SUPPORT_CHOICES = [(s, SUPPORT_LABELS[s]) for s in SUPPORT]
SETTING_CHOICES = [("on_site", "On site"), ("at_home", "At home"), ("virtual", "Virtual")]
CONSENT_CHOICES = [("", "Not asked yet"), ("yes", "Yes"), ("no", "No")]


class ButtonForm(FlaskForm):
    """Only the CSRF token: the send, remind, start and withdraw buttons."""


class DeadlineForm(FlaskForm):
    day = StringField("Day", validators=[Optional(), Regexp(DAY, message="Enter the day as YYYY-MM-DD.")])
    time = StringField(
        "Time", default="17:00", validators=[Optional(), Regexp(CLOCK, message="Enter the time as HH:MM.")]
    )
    clear = BooleanField("No deadline")


class UnansweredForm(FlaskForm):
    treat_as = RadioField(
        "People who have not answered are treated as",
        choices=select_choices([(ASSUME_AVAILABLE, "available"), (ASSUME_NOT_AVAILABLE, "not available")]),
        default=ASSUME_AVAILABLE,
    )


class CaseTrackingEntryForm(FlaskForm):
    """What is recorded about a person in the list, and can be changed later."""

    consent = SelectField("Consent", choices=select_choices(CONSENT_CHOICES), default="")
    consent_date = StringField(
        "Consent recorded on", validators=[Optional(), Regexp(DAY, message="Enter the day as YYYY-MM-DD.")]
    )
    support = SelectMultipleField("Support needed", choices=select_choices(SUPPORT_CHOICES))
    setting = SelectField("Setting", choices=select_choices(SETTING_CHOICES), default="on_site")
    home_address = StringField("Home address (at home)", validators=[Optional(), Length(max=ADDRESS_LIMIT)])
    home_travel_minutes = IntegerField(
        "Travel to the home, minutes each way (at home)",
        validators=[
            Optional(),
            NumberRange(min=0, max=LONGEST_TRAVEL, message=f"Give 0 to {LONGEST_TRAVEL} minutes."),
        ],
    )


class CaseTrackingForm(CaseTrackingEntryForm):
    person = SelectField("Person", validators=[DataRequired("Pick the person.")])
    reserve = BooleanField("In reserve")
