"""Asking for availability, the session heatmap, and case tracking with reserves."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from scheduler.db.visits import VisitRecord
from scheduler.domain.heatmap import session_heatmap
from scheduler.errors import ServiceError
from scheduler.services import availability_requests as asking
from scheduler.services import case_tracking
from scheduler.services.unanswered import (
    load_visit_for_planning,
    set_unanswered_treatment,
    unanswered_label,
    unanswered_treatment,
)
from scheduler.services.visits import load_visit
from web.access import actor, member_visit
from web.availability_requests.forms import (
    CONSENT_CHOICES,
    SETTING_CHOICES,
    SUPPORT_CHOICES,
    ButtonForm,
    CaseTrackingEntryForm,
    CaseTrackingForm,
    DeadlineForm,
    UnansweredForm,
)
from web.clock import now
from web.database import all_or_nothing, db
from web.form_fields import select_choices
from web.mail_status import queued_words

blueprint = Blueprint("availability_requests", __name__, template_folder="templates")


def personal_link(token: str) -> str:
    """The absolute address of a personal availability form (web/availability)."""
    return url_for("availability.form", token=token, _external=True)


def assessor_request_link(token: str) -> str:
    """The absolute address of an assessor's page to ask for a session."""
    return url_for("assessor_requests.new", token=token, _external=True)


# ---- asking -----------------------------------------------------------------------------------


@blueprint.route("/visits/<int:visit_id>/availability")
@member_visit(can="see_details")
def show(visit: VisitRecord) -> str:
    status = asking.asking_status(db(), visit.id)
    deadline_form = DeadlineForm()
    if status.deadline is not None:
        local = asking.local_parts(status.timezone, status.deadline)
        deadline_form.day.data, deadline_form.time.data = local
    unanswered_form = UnansweredForm(treat_as=status.unanswered_as)
    return render_template(
        "availability_requests/show.html",
        visit=visit,
        status=status,
        deadline=asking.local_deadline(status.timezone, status.deadline),
        no_answer=unanswered_label(status.unanswered_as),
        deadline_form=deadline_form,
        unanswered_form=unanswered_form,
        button=ButtonForm(),
        sessions=load_visit(db(), visit.id).sessions,
    )


@blueprint.route("/visits/<int:visit_id>/availability/deadline", methods=["POST"])
@member_visit(can="set_up")
def deadline(visit: VisitRecord) -> Response:
    form = DeadlineForm()
    if not form.validate_on_submit() or (not form.clear.data and not form.day.data):
        flash("Enter the deadline as a day YYYY-MM-DD and a time HH:MM, or tick 'No deadline'.", "error")
        return redirect(url_for("availability_requests.show", visit_id=visit.id))
    try:
        with all_or_nothing():
            when = (
                None
                if form.clear.data
                else asking.deadline_from_local(visit.timezone, form.day.data, form.time.data or "17:00")
            )
            asking.set_deadline(db(), actor(), visit.id, when, now())
    except ServiceError as error:
        flash(error.message, "error")
    else:
        shown = asking.local_deadline(visit.timezone, when)
        flash(f"Deadline set: {shown}." if shown else "No deadline.", "success")
    return redirect(url_for("availability_requests.show", visit_id=visit.id))


@blueprint.route("/visits/<int:visit_id>/availability/unanswered", methods=["POST"])
@member_visit(can="set_up")
def unanswered(visit: VisitRecord) -> Response:
    form = UnansweredForm()
    if form.validate_on_submit():
        set_unanswered_treatment(db(), actor(), visit.id, form.treat_as.data, now())
        flash(f"Saved: {unanswered_label(form.treat_as.data)}.", "success")
    return redirect(url_for("availability_requests.show", visit_id=visit.id))


@blueprint.route("/visits/<int:visit_id>/availability/send", methods=["POST"])
@member_visit(can="set_up")
def send(visit: VisitRecord) -> Response:
    if ButtonForm().validate_on_submit():
        try:
            with all_or_nothing():
                sent = asking.send_requests(
                    db(), actor(), visit.id, personal_link, now(), assessor_request_link
                )
        except ServiceError as error:
            flash(error.message, "error")
            return redirect(url_for("availability_requests.show", visit_id=visit.id))
        message = queued_words(len(sent.emailed), "availability request")
        if sent.without_email:
            message += f" No email address for: {', '.join(sent.without_email)}."
        flash(message, "success")
    return redirect(url_for("availability_requests.show", visit_id=visit.id))


@blueprint.route("/visits/<int:visit_id>/availability/remind", methods=["POST"])
@member_visit(can="set_up")
def remind(visit: VisitRecord) -> Response:
    if ButtonForm().validate_on_submit():
        try:
            with all_or_nothing():
                sent = asking.send_reminders(
                    db(), actor(), visit.id, personal_link, now(), assessor_request_link
                )
        except ServiceError as error:
            flash(error.message, "error")
            return redirect(url_for("availability_requests.show", visit_id=visit.id))
        flash(queued_words(len(sent.emailed), "reminder"), "success")
    return redirect(url_for("availability_requests.show", visit_id=visit.id))


# ---- the heatmap ------------------------------------------------------------------------------


@blueprint.route("/visits/<int:visit_id>/sessions/<session_id>/heatmap")
@member_visit(can="see_details")
def heatmap(visit: VisitRecord, session_id: str) -> str:
    try:
        grid = session_heatmap(load_visit_for_planning(db(), visit.id), session_id)
    except KeyError:
        abort(404)
    return render_template(
        "availability_requests/heatmap.html",
        visit=visit,
        heatmap=grid,
        no_answer=unanswered_label(unanswered_treatment(db(), visit.id)),
    )


# ---- case tracking ----------------------------------------------------------------------------


def _case_tracking_form(visit_id: int) -> CaseTrackingForm:
    form = CaseTrackingForm()
    tracked = {row.person for row in case_tracking.case_tracking_list(db(), visit_id)}
    form.person.choices = select_choices(
        [
            (p.id, f"{p.name} ({p.id})")
            for p in load_visit(db(), visit_id).people
            if p.kind in case_tracking.TRACKED_KINDS and p.id not in tracked
        ]
    )
    return form


@blueprint.route("/visits/<int:visit_id>/case-tracking", methods=["GET", "POST"])
@member_visit(can="set_up", read="see_details")
def case_tracking_list(visit: VisitRecord) -> str | Response:
    form = _case_tracking_form(visit.id)
    problems: list[str] = []
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                case_tracking.add_case_tracking_person(
                    db(),
                    actor(),
                    visit.id,
                    form.person.data,
                    reserve=form.reserve.data,
                    consent=form.consent.data,
                    consent_date=form.consent_date.data or None,
                    support=tuple(form.support.data or ()),
                    setting=form.setting.data,
                    now=now(),
                    home_address=form.home_address.data or "",
                    home_travel_minutes=form.home_travel_minutes.data,
                )
        except ServiceError as error:
            problems = error.problems
        else:
            flash("Added to the case tracking list.", "success")
            return redirect(url_for("availability_requests.case_tracking_list", visit_id=visit.id))
    return render_template(
        "availability_requests/case_tracking.html",
        visit=visit,
        rows=case_tracking.case_tracking_list(db(), visit.id),
        form=form,
        problems=problems,
        button=ButtonForm(),
        consent_choices=CONSENT_CHOICES,
        support_choices=SUPPORT_CHOICES,
        setting_choices=SETTING_CHOICES,
    )


@blueprint.route("/visits/<int:visit_id>/case-tracking/start", methods=["POST"])
@member_visit(can="set_up")
def case_tracking_start(visit: VisitRecord) -> Response:
    if ButtonForm().validate_on_submit():
        try:
            with all_or_nothing():
                added = case_tracking.start_from_sessions(db(), actor(), visit.id, now())
        except ServiceError as error:
            flash(error.message, "error")
        else:
            flash(f"{added} people added from the visit's case tracking sessions.", "success")
    return redirect(url_for("availability_requests.case_tracking_list", visit_id=visit.id))


@blueprint.route("/visits/<int:visit_id>/case-tracking/<person>/edit", methods=["POST"])
@member_visit(can="set_up")
def case_tracking_edit(visit: VisitRecord, person: str) -> Response:
    form = CaseTrackingEntryForm()
    if not form.validate_on_submit():
        flash(" ".join(m for messages in form.errors.values() for m in messages) or "Nothing saved.", "error")
        return redirect(url_for("availability_requests.case_tracking_list", visit_id=visit.id))
    try:
        with all_or_nothing():
            case_tracking.update_case_tracking_person(
                db(),
                actor(),
                visit.id,
                person,
                consent=form.consent.data,
                consent_date=form.consent_date.data or None,
                support=tuple(form.support.data or ()),
                setting=form.setting.data,
                now=now(),
                home_address=form.home_address.data or "",
                home_travel_minutes=form.home_travel_minutes.data,
            )
    except ServiceError as error:
        flash("; ".join(error.problems), "error")
    else:
        flash("Saved.", "success")
    return redirect(url_for("availability_requests.case_tracking_list", visit_id=visit.id))


@blueprint.route("/visits/<int:visit_id>/case-tracking/<person>/withdraw", methods=["POST"])
@member_visit(can="set_up")
def withdraw(visit: VisitRecord, person: str) -> Response:
    if not ButtonForm().validate_on_submit():
        return redirect(url_for("availability_requests.case_tracking_list", visit_id=visit.id))
    try:
        with all_or_nothing():
            result = case_tracking.withdraw(db(), actor(), visit.id, person, now())
    except ServiceError as error:
        flash(error.message, "error")
        return redirect(url_for("availability_requests.case_tracking_list", visit_id=visit.id))
    names = {p.id: p.name for p in load_visit(db(), visit.id).people}
    message = f"{names.get(person, person)} has withdrawn."
    if result.promoted:
        message += f" {names.get(result.promoted, result.promoted)} is promoted from the reserves."
    flash(message + " Re-plan the timetable now.", "success")
    return redirect(result.replan_link)
