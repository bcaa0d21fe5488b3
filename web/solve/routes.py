"""Planning a timetable: start a solve job, watch its progress live, stop it, open the result."""

from __future__ import annotations

import uuid
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.wrappers import Response

from scheduler.db.visits import VisitRecord
from scheduler.errors import NotFound, ServiceError
from scheduler.invites.publishing import send_publication
from scheduler.invites.replan_outcome import replan_outcome
from scheduler.jobs.execution import SolveAlreadyRunning
from scheduler.jobs.status import JobView, job_status
from scheduler.services import replanning
from scheduler.services.coverage import unheard_frontline_of_version
from scheduler.services.timetables import get_version
from web import clock
from web.access import actor, member_visit
from web.database import all_or_nothing, db
from web.feed_links import feed_link
from web.form_fields import select_choices
from web.jobs import lost_after, max_solve_seconds, runner, solves_at_once
from web.mail import send_after_commit
from web.rsvp_links import rsvp_link
from web.solve.forms import (
    LateForm,
    NoticeForm,
    RetrySolveForm,
    SendUpdatesForm,
    StartSolveForm,
    StopSolveForm,
)

blueprint = Blueprint("solve", __name__, template_folder="templates")

FINISHED = ("succeeded", "failed", "stopped")


@blueprint.route("/visits/<int:visit_id>/plan", methods=["GET", "POST"])
@member_visit(can="plan")
def start(visit: VisitRecord) -> str | Response:
    form = StartSolveForm()
    frozen = replanning.frozen_from_now(db(), visit.id, clock.now())
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                if form.from_now.data and not frozen.has_plan:
                    raise ServiceError("There is no plan yet to re-plan from now: plan the visit once first.")
                job_id = runner().submit_solve(
                    visit.id,
                    actor().id,
                    float(form.time_limit.data),
                    request_key=form.request_key.data or None,
                    frozen_before=frozen.stored if form.from_now.data else None,
                )
        except SolveAlreadyRunning as running:
            flash(running.message, "info")
            return redirect(url_for("solve.progress", visit_id=visit.id, job_id=running.job_id))
        except ServiceError as error:
            flash(error.message, "error")
        else:
            return redirect(url_for("solve.progress", visit_id=visit.id, job_id=job_id))
    elif not form.is_submitted():
        form.time_limit.data = min(int(current_app.config["DEFAULT_SOLVE_SECONDS"]), max_solve_seconds())
        form.from_now.data = frozen.has_plan and frozen.during_visit  # on site, the past stays by default
    if not form.request_key.data or form.is_submitted():
        form.request_key.data = uuid.uuid4().hex  # a new attempt after an error is a new request
    notice_form = NoticeForm(notice_minutes=frozen.notice_minutes)
    return render_template(
        "solve/start.html",
        visit=visit,
        form=form,
        max_seconds=max_solve_seconds(),
        frozen=frozen,
        notice_form=notice_form,
    )


@blueprint.route("/visits/<int:visit_id>/plan/notice", methods=["POST"])
@member_visit(can="plan")
def notice(visit: VisitRecord) -> Response:
    form = NoticeForm()
    if not form.validate_on_submit():
        flash("Enter the notice period as a whole number of minutes.", "error")
        return redirect(url_for("solve.start", visit_id=visit.id))
    try:
        with all_or_nothing():
            replanning.set_notice_minutes(db(), actor(), visit.id, form.notice_minutes.data, clock.now())
    except ServiceError as error:
        flash(error.message, "error")
    else:
        flash(f"Notice period set to {form.notice_minutes.data} minutes.", "success")
    return redirect(url_for("solve.start", visit_id=visit.id))


@blueprint.route("/visits/<int:visit_id>/late", methods=["GET", "POST"])
@member_visit(can="plan")
def late(visit: VisitRecord) -> str | Response | tuple[str, int]:
    """'Day 2 runs 20 minutes late from 11:00': re-plan the rest of that day with the fewest changes."""
    choices = replanning.late_choices(db(), visit.id, clock.now())
    form = LateForm()
    form.day.choices = select_choices(choices.days)
    form.start.choices = select_choices((start, start) for start in choices.starts)
    problem = ""
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                late_day = replanning.late_day(
                    db(), visit.id, form.day.data, form.start.data, form.minutes.data
                )
                job_id = runner().submit_solve(
                    visit.id,
                    actor().id,
                    float(form.time_limit.data),
                    request_key=form.request_key.data or None,
                    frozen_before=late_day.stored,
                    late_minutes=late_day.minutes,
                )
        except SolveAlreadyRunning as running:
            flash(running.message, "info")
            return redirect(url_for("solve.progress", visit_id=visit.id, job_id=running.job_id))
        except ServiceError as error:
            problem = error.message
        else:
            flash(f"{late_day.text()}: re-planning the rest of the day.", "info")
            return redirect(url_for("solve.progress", visit_id=visit.id, job_id=job_id))
    elif not form.is_submitted():
        form.day.data = choices.today or 1
        form.time_limit.data = min(int(form.time_limit.default), max_solve_seconds())
    if not form.request_key.data or form.is_submitted():
        form.request_key.data = uuid.uuid4().hex
    return render_template(
        "solve/late.html", visit=visit, form=form, problem=problem
    ), 400 if problem else 200


@blueprint.route("/visits/<int:visit_id>/replan/<int:number>")
@member_visit(can="publish")
def replanned(visit: VisitRecord, number: int) -> str:
    """What a re-plan changed against the published version, and who would be told."""
    try:
        with all_or_nothing():
            outcome = replan_outcome(db(), visit.id, number, clock.now())
    except NotFound:
        abort(404)
    return render_template(
        "solve/replanned.html",
        visit=visit,
        outcome=outcome,
        people=outcome.publication.per_person(),
        note=_version_note(visit.id, number),
        form=SendUpdatesForm(),
    )


@blueprint.route("/visits/<int:visit_id>/replan/<int:number>/send", methods=["POST"])
@member_visit(can="publish")
def send_updates(visit: VisitRecord, number: int) -> Response:
    """Publish the re-planned version: only the people whose events changed get an email."""
    if not SendUpdatesForm().validate_on_submit():
        abort(400)
    try:
        with all_or_nothing():
            sent = send_publication(
                db(), actor(), visit.id, number, clock.now(), rsvp_link, feed_url=feed_link
            )
    except NotFound:
        abort(404)
    except ServiceError as error:
        flash(error.message, "error")
        return redirect(url_for("solve.replanned", visit_id=visit.id, number=number))
    send_after_commit()
    counts = sent.publication.counts()
    told = len({m.recipient.email for m in sent.publication.messages})
    flash(
        f"Version {number} published: {counts['update']} updates, {counts['new']} invitations and "
        f"{counts['cancel']} cancellations queued to {told} people; nobody else was written to.",
        "success",
    )
    return redirect(url_for("publishing.ledger", visit_id=visit.id))


def _version_note(visit_id: int, number: int) -> str:
    try:
        return get_version(db(), visit_id, number).note
    except NotFound:
        abort(404)


@blueprint.route("/visits/<int:visit_id>/plan/<job_id>")
@member_visit(can="plan")
def progress(visit: VisitRecord, job_id: str) -> str:
    job = _job_or_404(visit, job_id)
    return render_template(
        "solve/progress.html",
        visit=visit,
        job=job,
        job_id=job_id,
        status=_status(visit, job),
        stop_form=StopSolveForm(),
        retry_form=RetrySolveForm(),
    )


@blueprint.route("/visits/<int:visit_id>/plan/<job_id>/status.json")
@member_visit(can="plan")
def status(visit: VisitRecord, job_id: str) -> Response:
    return jsonify(_status(visit, _job_or_404(visit, job_id)))


@blueprint.route("/visits/<int:visit_id>/plan/<job_id>/stop", methods=["POST"])
@member_visit(can="plan")
def stop(visit: VisitRecord, job_id: str) -> Response:
    job = _job_or_404(visit, job_id)
    if not StopSolveForm().validate_on_submit():
        abort(400)
    if job.state not in FINISHED:
        runner().stop(job_id)
    if request.accept_mimetypes.best == "application/json":
        return jsonify({"stopping": True})
    return redirect(url_for("solve.progress", visit_id=visit.id, job_id=job_id))


@blueprint.route("/visits/<int:visit_id>/plan/<job_id>/retry", methods=["POST"])
@member_visit(can="plan")
def retry(visit: VisitRecord, job_id: str) -> Response:
    """Start the failed solve again with the same settings; pressing twice starts it once."""
    job = _job_or_404(visit, job_id)
    if not RetrySolveForm().validate_on_submit():
        abort(400)
    if not job.retryable:
        return redirect(url_for("solve.progress", visit_id=visit.id, job_id=job_id))
    # The runner records the new job in a session of its own: commit the failure _job_or_404 may
    # just have written, or on SQLite this request's open write would lock the runner out.
    db().commit()
    try:
        with all_or_nothing():
            new_id = runner().submit_solve(
                visit.id,
                actor().id,
                min(job.time_limit, max_solve_seconds()),  # the cap may have been lowered since
                request_key=f"retry-of-{job_id}",
                retry_of=job_id,
            )
    except SolveAlreadyRunning as running:
        flash(running.message, "info")
        return redirect(url_for("solve.progress", visit_id=visit.id, job_id=running.job_id))
    except ServiceError as error:
        flash(error.message, "error")
        return redirect(url_for("solve.progress", visit_id=visit.id, job_id=job_id))
    return redirect(url_for("solve.progress", visit_id=visit.id, job_id=new_id))


def _job_or_404(visit: VisitRecord, job_id: str) -> JobView:
    try:
        job = job_status(db(), job_id, now=clock.now(), lost_after=lost_after())
    except NotFound:
        abort(404)
    if job is None or job.visit_id != visit.id:
        abort(404)
    return job


def _status(visit: VisitRecord, job: JobView) -> dict[str, Any]:
    """What the progress page shows, as the JSON it polls every second."""
    result_url = None
    outcome = job.outcome
    if job.version is not None and job.frozen_before:  # a re-plan during the visit: who it affects
        result_url = url_for("solve.replanned", visit_id=visit.id, number=job.version)
    elif job.version is not None:
        result_url = url_for("timetable.grid", visit_id=visit.id, version=job.version)
    if job.version is not None:
        unheard = unheard_frontline_of_version(db(), visit.id, job.version) if outcome else ()
        if unheard:
            teams = "Frontline team" if len(unheard) == 1 else "Frontline teams"
            outcome += f" {teams} not heard in any focus group: {', '.join(unheard)}."
    return {
        "state": job.state,
        "finished": job.state in FINISHED,
        "elapsed": round(job.elapsed or 0.0, 1),
        "score": job.score,
        "bound": job.bound,
        "placed": job.placed,
        "total": job.total,
        "musts_placed": job.musts_placed,
        "musts": job.musts,
        "outcome": outcome,
        "version": job.version,
        "error": job.error or "",
        "result_url": result_url,
        "retryable": job.retryable,
        "note": _note(job),
        "headline": _headline(job),
    }


def _headline(job: JobView) -> str:
    """The one line a coordinator reads first: where the planning stands, without the planner's codes."""
    if job.state == "queued":
        return "Waiting to start."
    if job.state == "running":
        if job.musts and job.musts_placed >= job.musts:
            return "Planning: every must session is placed; looking for a better plan until the time is up."
        return "Planning: looking for a timetable that places every must session."
    if job.state == "failed":
        return "Planning did not finish."
    if job.state == "stopped":
        return "Stopped: the best plan found so far is kept."
    return "Finished."


def _note(job: JobView) -> str:
    """A line under the figures: why a solve waits, or that its plan predates edits."""
    if job.state == "queued":
        most = solves_at_once()
        if most is None:
            return "Waiting for a free planner worker: this one starts as soon as a worker takes it."
        return (
            f"Waiting for a free planner: at most {most} solve{'s run' if most != 1 else ' runs'} at once "
            "(MAX_CONCURRENT_SOLVES); this one starts as soon as one of them finishes."
        )
    if job.planned_from_earlier:
        return (
            f"Version {job.version} is planned from earlier data: the visit was edited while it was "
            "being planned (the Versions page lists the edits). Plan again to include them."
        )
    return ""
