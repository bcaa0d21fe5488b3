"""Publishing a version: review who will get what, send, then the ledger; and the RSVP links."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from scheduler.db.visits import VisitRecord
from scheduler.domain.privacy import SHARED
from scheduler.errors import ServiceError
from scheduler.invites.ledger import (
    RSVP_CHOICES,
    answer_rsvp,
    declines_by_session,
    ledger_csv,
    ledger_lines,
    rsvp_link_works,
)
from scheduler.invites.publishing import plan_publication, send_publication
from scheduler.invites.replies import counter_proposals
from scheduler.services.timetables import get_version
from scheduler.services.visits import load_visit
from web.access import actor, member_visit
from web.clock import now
from web.database import all_or_nothing, db
from web.errors import personal_link_gone
from web.feed_links import feed_link
from web.mail import send_after_commit
from web.mail_status import queued_words
from web.publishing.forms import RsvpForm, SendForm
from web.rsvp_links import rsvp_link

blueprint = Blueprint("publishing", __name__, template_folder="templates")


@blueprint.app_context_processor
def _declines() -> dict[str, object]:
    """`invite_declines(visit_id)` for the timetable's pages: (title, names) of declined sessions."""

    def invite_declines(visit_id: int) -> list[tuple[str, list[str]]]:
        titles = {s.id: s.title for s in load_visit(db(), visit_id).sessions}
        return [(titles.get(s, s), names) for s, names in declines_by_session(db(), visit_id).items()]

    return {"invite_declines": invite_declines}


@blueprint.route("/visits/<int:visit_id>/publish")
@member_visit(can="publish")
def review(visit: VisitRecord) -> str:
    number = request.args.get("version", type=int)
    try:
        with all_or_nothing():
            publication = plan_publication(db(), visit.id, number, now())
    except ServiceError as error:
        if number is None:
            # Reached from the menu before anything is planned: say so, rather than "not found".
            return render_template("publishing/nothing_to_publish.html", visit=visit, reason=error.message)
        abort(404, error.message)
    version = get_version(db(), visit.id, publication.number)
    return render_template(
        "publishing/review.html",
        visit=visit,
        version=version,
        publication=publication,
        counts=publication.counts(),
        people=publication.per_person(),
        form=SendForm(version=publication.number),
    )


@blueprint.route("/visits/<int:visit_id>/publish", methods=["POST"])
@member_visit(can="publish")
def send(visit: VisitRecord) -> BaseResponse:
    form = SendForm()
    if not form.validate_on_submit():
        flash("Open the review again and send from there.", "error")
        return redirect(url_for("publishing.review", visit_id=visit.id))
    try:
        with all_or_nothing():
            sent = send_publication(
                db(),
                actor(),
                visit.id,
                form.version.data,
                now(),
                rsvp_link,
                digest=form.digest.data,
                feed_url=feed_link,
            )
    except ServiceError as error:
        flash(error.message, "error")
        return redirect(url_for("publishing.review", visit_id=visit.id, version=form.version.data))
    send_after_commit()
    counts = sent.publication.counts()
    flash(
        f"Version {sent.publication.number} published ({counts['new']} invitations,"
        f" {counts['update']} updates, {counts['cancel']} cancellations). "
        + queued_words(len(sent.outbox_ids), "email"),
        "success",
    )
    return redirect(url_for("publishing.ledger", visit_id=visit.id))


@blueprint.route("/visits/<int:visit_id>/invites")
@member_visit(can="see_details")
def ledger(visit: VisitRecord) -> str:
    return render_template(
        "publishing/ledger.html",
        visit=visit,
        lines=list(reversed(ledger_lines(db(), visit.id))),
        declines=declines_by_session(db(), visit.id),
        counters=counter_proposals(db(), visit.id),
        titles={s.id: s.title for s in load_visit(db(), visit.id).sessions},
    )


@blueprint.route("/visits/<int:visit_id>/invites.csv")
@member_visit(can="see_details")
def ledger_download(visit: VisitRecord) -> Response:
    body = ledger_csv(ledger_lines(db(), visit.id, audience=SHARED))
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="visit-{visit.id}-invites.csv"'},
    )


@blueprint.route("/rsvp/<token>/<answer>", methods=["GET", "POST"])
def rsvp(token: str, answer: str) -> str | tuple[str, int]:
    if answer not in RSVP_CHOICES:
        abort(404)
    if not rsvp_link_works(db(), token):
        personal_link_gone(token)
    form = RsvpForm(answer=answer)
    if not form.validate_on_submit():
        return render_template("publishing/rsvp.html", form=form, answer=answer, done=None)
    done = answer_rsvp(db(), token, answer, now())
    if done is None:
        personal_link_gone(token)
    return render_template("publishing/rsvp.html", form=form, answer=answer, done=done)


@blueprint.after_request
def _keep_the_token_private(response: Response) -> Response:
    if request.endpoint == "publishing.rsvp":
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Robots-Tag"] = "noindex"
    return response
