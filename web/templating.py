"""Small helpers every template uses: readable labels for the format's codes."""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask

from scheduler.domain.clocktime import day_label

KIND_LABELS = {
    "interview": "Interview",
    "focus_group": "Focus group",
    "case_tracking": "Case tracking",
    "drop_in": "Drop-in",
    "briefing": "Briefing",
    "wash_up": "Wash-up",
    "other": "Other",
    "staff": "Staff",
    "partner": "Partner",
    "person_using_services": "Person using services",
    "carer": "Carer",
    "in_person": "In person",
    "virtual": "Virtual",
    "either": "In person or virtual",
    "must": "Must",
    "should": "Should",
    "reserve": "Reserve",
}


def label(code: object) -> str:
    """The coordinator's word for a code of the visit format."""
    text = "" if code is None else str(code)
    return KIND_LABELS.get(text, text.replace("_", " ").capitalize())


def long_date(value: object) -> str:
    """One date style on every page: 'Tue 5 Jan 2027', and 'Tue 5 Jan 2027, 14:05' with a time.

    Takes a visit day ('2027-01-05'), a date or a datetime (shown as given: callers say the zone)."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        return f"{day_label(value.date().isoformat())} {value.year}, {value:%H:%M}"
    if isinstance(value, date):
        return f"{day_label(value.isoformat())} {value.year}"
    text = str(value)
    try:
        parsed = date.fromisoformat(text)
    except ValueError:
        return text
    return f"{day_label(text)} {parsed.year}"


def plan_summary(status: str, unplaced: int) -> str:
    """What a saved plan means to a coordinator, instead of the planner's OPTIMAL / FEASIBLE codes."""
    if unplaced:
        return f"{unplaced} session{'' if unplaced == 1 else 's'} could not be placed"
    if status == "OPTIMAL":
        return "Every session placed; no better plan exists"
    return "Every session placed; the best plan found in the time given"


def init_app(app: Flask) -> None:
    app.jinja_env.globals["plan_summary"] = plan_summary
    app.add_template_filter(label, "label")
    app.add_template_filter(day_label, "day_label")
    app.add_template_filter(long_date, "long_date")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
