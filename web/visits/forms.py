"""The visit's edit forms; each knows how to fill itself from, and turn into, a domain object."""

from __future__ import annotations

import dataclasses
from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from scheduler import domain
from scheduler.invites.video_links import video_link_problem
from scheduler.services.visits import VisitSettings
from web.form_fields import (
    EMAIL_SHAPE,
    ClockField,
    DayListField,
    IntervalsField,
    PhraseListField,
    PickerField,
    optional_int,
    select_choices,
)
from web.templating import label

_ID = Regexp(r"^[A-Za-z0-9_.-]+$", message="Use letters, digits, '-', '_' or '.' only, no spaces.")


def _id_field(what: str) -> StringField:
    # Not drawn: a new entry's id is made from its name (scheduler.domain.ids). Still read when
    # posted, so that a script may choose the id the visit file and imports will use.
    return StringField("Id", validators=[Optional(), Length(max=40), _ID])


def _choices(codes: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(code, label(code)) for code in codes]


def _loaded_field() -> HiddenField:
    # The entry as the form was drawn (scheduler.services.edit_guard): a save over someone
    # else's change is refused instead of undoing it.
    return HiddenField()


def _replace_answer_field() -> BooleanField:
    return BooleanField(
        "Replace the availability they gave through their link",
        description="Only when they have answered: tick it to save the availability above instead.",
    )


def _optional_email() -> list[Any]:
    return [Optional(), Regexp(EMAIL_SHAPE, message="Enter a valid email address, or leave it blank.")]


class VisitSettingsForm(FlaskForm):
    loaded = _loaded_field()
    name = StringField("Visit name", validators=[DataRequired("Give the visit a name."), Length(max=200)])
    organisation = StringField("Organisation", validators=[DataRequired("Name the organisation visited.")])
    timezone = StringField(
        "Time zone",
        default="Europe/London",
        description="Where the visit takes place, as a region and city, like Europe/London.",
        validators=[DataRequired("Give the visit's time zone, like Europe/London.")],
    )
    days = DayListField("Days", description="One date per line, like 2026-03-10.")
    day_start = ClockField("Day starts", default="09:00")
    day_end = ClockField("Day ends", default="17:00")
    slot_minutes = IntegerField(
        "Slot minutes",
        default=15,
        validators=[InputRequired("Enter the slot length."), NumberRange(min=5, max=120)],
    )
    lunch_earliest = ClockField("Lunch window opens", default="12:00")
    lunch_latest = ClockField("Lunch window closes", default="14:00")
    lunch_minutes = IntegerField(
        "Lunch minutes",
        default=30,
        validators=[InputRequired("Enter the lunch length."), NumberRange(min=0, max=180)],
    )
    escort_minutes = IntegerField(
        "Escort minutes",
        default=15,
        validators=[InputRequired("Enter how long an escort needs."), NumberRange(min=0, max=120)],
        description="An escort is busy this long before each in-person session.",
    )
    staff_max_sessions_per_day = IntegerField(
        "Most sessions a day for staff",
        validators=[Optional(), NumberRange(min=1, max=20, message="Give between 1 and 20 sessions a day.")],
        description="For staff without a limit of their own on their person page. Blank: no limit.",
    )

    def validate_days(self, field: DayListField) -> None:
        if not field.data:
            raise ValidationError("List at least one visit day.")

    def validate_day_end(self, field: ClockField) -> None:
        if self.day_start.data and field.data and field.data <= self.day_start.data:
            raise ValidationError("The day must end after it starts.")

    def validate_lunch_latest(self, field: ClockField) -> None:
        if self.lunch_earliest.data and field.data and field.data <= self.lunch_earliest.data:
            raise ValidationError("The lunch window must close after it opens.")

    def fill(self, visit: domain.Visit) -> None:
        for name in ("name", "organisation", "timezone", "days", "day_start", "day_end", "slot_minutes"):
            getattr(self, name).data = getattr(visit, name)
        self.escort_minutes.data = visit.escort_minutes
        self.lunch_earliest.data = visit.lunch.earliest
        self.lunch_latest.data = visit.lunch.latest
        self.lunch_minutes.data = visit.lunch.minutes
        self.staff_max_sessions_per_day.data = visit.staff_max_sessions_per_day

    def settings(self) -> VisitSettings:
        return VisitSettings(
            name=self.name.data.strip(),
            organisation=self.organisation.data.strip(),
            timezone=self.timezone.data.strip(),
            days=tuple(self.days.data),
            day_start=self.day_start.clock(),
            day_end=self.day_end.clock(),
            slot_minutes=self.slot_minutes.data,
            lunch=domain.Lunch(
                self.lunch_earliest.clock(), self.lunch_latest.clock(), self.lunch_minutes.data
            ),
            escort_minutes=self.escort_minutes.data,
            staff_max_sessions_per_day=optional_int(self.staff_max_sessions_per_day),
        )

    def new_visit(self) -> domain.Visit:
        """An empty visit with these settings; its lists are added afterwards."""
        settings = self.settings()
        return domain.Visit(
            **{field.name: getattr(settings, field.name) for field in dataclasses.fields(settings)}
        )


class SiteForm(FlaskForm):
    loaded = _loaded_field()
    id = _id_field("site")
    name = StringField("Name", validators=[DataRequired("Give the site a name.")])
    address = StringField("Address")

    def fill(self, site: domain.Site) -> None:
        self.id.data, self.name.data, self.address.data = site.id, site.name, site.address

    def item(self) -> domain.Site:
        return domain.Site(
            id=(self.id.data or "").strip(), name=self.name.data.strip(), address=self.address.data.strip()
        )


class RoomForm(FlaskForm):
    loaded = _loaded_field()
    id = _id_field("room")
    name = StringField("Name", validators=[DataRequired("Give the room a name.")])
    site = SelectField("Site", validate_choice=True)
    capacity = IntegerField(
        "Capacity", validators=[InputRequired("Enter how many people fit."), NumberRange(min=1, max=1000)]
    )
    features = PickerField("Features", noun="features", other=True)
    available = IntervalsField(
        "Available", description="One '2026-03-10 09:00-12:30' per line; blank = the whole visit; 'never'."
    )

    def fill(self, room: domain.Room) -> None:
        self.id.data, self.name.data, self.site.data = room.id, room.name, room.site
        self.capacity.data, self.features.data, self.available.data = (
            room.capacity,
            room.features,
            room.available,
        )

    def item(self) -> domain.Room:
        return domain.Room(
            id=(self.id.data or "").strip(),
            name=self.name.data.strip(),
            site=self.site.data,
            capacity=self.capacity.data,
            features=tuple(self.features.data),
            available=self.available.data,
        )


class AssessorForm(FlaskForm):
    loaded = _loaded_field()
    replace_answer = _replace_answer_field()
    id = _id_field("assessor")
    name = StringField("Name", validators=[DataRequired("Give the assessor's name.")])
    email = StringField("Email", validators=_optional_email())
    role = StringField("Role", description="e.g. lead_inspector, inspector, executive_reviewer")
    profile = TextAreaField("Pen profile", description="Shared with attendees before the visit.")
    available = IntervalsField(
        "Available", description="One '2026-03-10 09:00-12:30' per line; blank = whole visit."
    )
    max_sessions_per_day = IntegerField(
        "Most sessions a day",
        validators=[Optional(), NumberRange(min=1, max=20)],
        description="Blank: no limit.",
    )

    def fill(self, assessor: domain.Assessor) -> None:
        for name in ("id", "name", "email", "role", "profile", "available", "max_sessions_per_day"):
            getattr(self, name).data = getattr(assessor, name)

    def item(self) -> domain.Assessor:
        return domain.Assessor(
            id=(self.id.data or "").strip(),
            name=self.name.data.strip(),
            email=(self.email.data or "").strip(),
            role=(self.role.data or "").strip(),
            profile=(self.profile.data or "").strip(),
            available=self.available.data,
            max_sessions_per_day=optional_int(self.max_sessions_per_day),
        )


class PersonForm(FlaskForm):
    loaded = _loaded_field()
    replace_answer = _replace_answer_field()
    id = _id_field("person")
    name = StringField("Name", validators=[DataRequired("Give the person's name.")])
    email = StringField("Email", validators=_optional_email())
    organisation = StringField("Organisation")
    team = StringField("Team")
    role = StringField("Role")
    kind = SelectField("Kind", choices=select_choices(_choices(domain.PERSON_KINDS)))
    needs = PickerField("Needs", noun="features", other=True, description="What a room must have for them.")
    can_escort = BooleanField("Can escort assessors between rooms")
    available = IntervalsField(
        "Available",
        levels=True,
        description="One '2026-03-10 09:00-12:30' per line ('if_needed' if reluctant); blank: whole visit.",
    )
    manager = SelectField("Line manager", choices=select_choices([("", "None")]), default="")
    supporters = PickerField(
        "Supporters",
        noun="people",
        description="One of them comes whenever they attend (interpreter, advocate).",
    )
    max_sessions_per_day = IntegerField(
        "Most sessions a day",
        validators=[Optional(), NumberRange(min=1, max=20)],
        description="Blank: no limit.",
    )

    def fill(self, person: domain.Person) -> None:
        for name in (
            "id",
            "name",
            "email",
            "organisation",
            "team",
            "role",
            "kind",
            "needs",
            "can_escort",
            "available",
            "supporters",
            "max_sessions_per_day",
        ):
            getattr(self, name).data = getattr(person, name)
        self.manager.data = person.manager or ""

    def item(self) -> domain.Person:
        return domain.Person(
            id=(self.id.data or "").strip(),
            name=self.name.data.strip(),
            email=(self.email.data or "").strip(),
            organisation=(self.organisation.data or "").strip(),
            team=(self.team.data or "").strip(),
            role=(self.role.data or "").strip(),
            kind=self.kind.data,
            needs=tuple(self.needs.data),
            can_escort=bool(self.can_escort.data),
            available=self.available.data,
            manager=(self.manager.data or "").strip() or None,
            supporters=tuple(self.supporters.data),
            max_sessions_per_day=optional_int(self.max_sessions_per_day),
        )


class SessionForm(FlaskForm):
    loaded = _loaded_field()
    id = _id_field("session")
    title = StringField("Title", validators=[DataRequired("Give the session a title."), Length(max=200)])
    kind = SelectField("Kind", choices=select_choices(_choices(domain.SESSION_KINDS)))
    minutes = IntegerField(
        "Minutes", default=60, validators=[InputRequired("Enter the length."), NumberRange(min=5, max=600)]
    )
    mode = SelectField("Mode", choices=select_choices(_choices(domain.SESSION_MODES)))
    priority = SelectField("Priority", choices=select_choices(_choices(domain.PRIORITIES)))
    required_people = PickerField("Required people", noun="people", description="They must all attend.")
    invited_people = PickerField(
        "Invited pool", noun="people", description="The planner may choose from them."
    )
    min_attendees = IntegerField(
        "Fewest attendees",
        validators=[Optional(), NumberRange(min=0)],
        description="Blank: the required people.",
    )
    max_attendees = IntegerField(
        "Most attendees", validators=[Optional(), NumberRange(min=0)], description="Blank: required + pool."
    )
    assessor_count = StringField(
        "Assessors needed",
        default="1",
        validators=[Regexp(r"^(\d+|all)$", message="Enter a number, or 'all'.")],
    )
    assessors_from = PickerField("Assessors from", noun="assessors", description="None ticked: any assessor.")
    room_features = PickerField("Room features", noun="features", description="What the room must have.")
    days = PickerField("Days", noun="visit days", description="None ticked: any visit day.")
    not_before = ClockField("Not before", optional=True)
    not_after = ClockField("Not after", optional=True)
    after = PickerField(
        "After sessions", noun="sessions", description="They must end before this one starts."
    )
    needs_escort = BooleanField("Needs an escort", default=True)
    fixed_day = SelectField(
        "Pinned day", choices=select_choices([("", "—")]), default="", description="—: the planner chooses."
    )
    fixed_start = ClockField("Pinned start", optional=True)
    fixed_room = SelectField("Pinned room", choices=select_choices([("", "Any room")]), default="")
    fixed_mode = SelectField(
        "Pinned mode", choices=select_choices([("", "—"), ("in_person", "In person"), ("virtual", "Virtual")])
    )
    video_link = StringField(
        "Video link", validators=[Optional(), Length(max=2000)], description="For virtual sessions."
    )
    tags = PhraseListField(
        "Tags",
        description="Themes this session covers, separated by commas, e.g. Working with people, "
        "Leadership. The coverage page counts them; the planner does not.",
    )

    def validate_max_attendees(self, field: IntegerField) -> None:
        if (
            field.data is not None
            and self.min_attendees.data is not None
            and field.data < self.min_attendees.data
        ):
            raise ValidationError("The most attendees cannot be fewer than the fewest.")

    def validate_video_link(self, field: StringField) -> None:
        problem = video_link_problem(field.data or "") if (field.data or "").strip() else None
        if problem:
            name = (self.title.data or "").strip() or "this session"
            raise ValidationError(f"The video link of session '{name}' {problem}.")

    def validate_fixed_start(self, field: ClockField) -> None:
        if bool(field.data) != bool((self.fixed_day.data or "").strip()):
            raise ValidationError("A pin needs both a day and a start time.")

    def fill(self, session: domain.Session) -> None:
        for name in (
            "id",
            "title",
            "kind",
            "minutes",
            "mode",
            "priority",
            "required_people",
            "invited_people",
            "min_attendees",
            "max_attendees",
            "room_features",
            "days",
            "not_before",
            "not_after",
            "after",
            "needs_escort",
        ):
            getattr(self, name).data = getattr(session, name)
        self.assessor_count.data = str(session.assessors.count)
        self.assessors_from.data = session.assessors.from_ids or ()
        pin = session.fixed
        self.fixed_day.data = pin.day if pin else ""
        self.fixed_start.data = pin.start if pin else None
        self.fixed_room.data = (pin.room or "") if pin else ""
        self.fixed_mode.data = (pin.mode or "") if pin else ""
        self.video_link.data = session.video_link or ""
        self.tags.data = session.tags

    def item(self) -> domain.Session:
        required, invited = tuple(self.required_people.data), tuple(self.invited_people.data)
        count_text = self.assessor_count.data.strip()
        fixed = None
        if self.fixed_start.data:
            fixed = domain.Pin(
                day=self.fixed_day.data.strip(),
                start=self.fixed_start.data,
                room=(self.fixed_room.data or "").strip() or None,
                mode=self.fixed_mode.data or None,
            )
        minimum = optional_int(self.min_attendees)
        maximum = optional_int(self.max_attendees)
        return domain.Session(
            id=(self.id.data or "").strip(),
            title=self.title.data.strip(),
            kind=self.kind.data,
            minutes=self.minutes.data,
            mode=self.mode.data,
            priority=self.priority.data,
            required_people=required,
            invited_people=invited,
            min_attendees=len(required) if minimum is None else minimum,
            max_attendees=len(required) + len(invited) if maximum is None else maximum,
            assessors=domain.AssessorNeed(
                count="all" if count_text == "all" else int(count_text),
                from_ids=tuple(self.assessors_from.data) or None,
            ),
            room_features=tuple(self.room_features.data),
            days=tuple(self.days.data),
            not_before=self.not_before.data,
            not_after=self.not_after.data,
            after=tuple(self.after.data),
            needs_escort=bool(self.needs_escort.data),
            fixed=fixed,
            video_link=(self.video_link.data or "").strip() or None,
            tags=tuple(self.tags.data or ()),
        )


class ConfirmForm(FlaskForm):
    """A form with nothing but its CSRF token, for buttons that change things."""


class RemoveForm(ConfirmForm):
    """A Remove button; `confirmed` is set by the second button of a removal that needs a look first."""

    confirmed = BooleanField()
