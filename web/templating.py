"""Small helpers every template uses: readable labels for the format's codes."""

from __future__ import annotations

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


def init_app(app: Flask) -> None:
    app.add_template_filter(label, "label")
    app.add_template_filter(day_label, "day_label")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
