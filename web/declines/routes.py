"""Declined invites, resolved: the open declines, the ranked ways out of one, and one click to
apply a way out and tell only the people it changes."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from scheduler.db.visits import VisitRecord
from scheduler.errors import NotFound, ServiceError
from scheduler.invites.declines import find_decline, open_declines, resolve_decline, ways_out
from web.access import actor, member_visit
from web.clock import now
from web.database import all_or_nothing, db
from web.declines.forms import ResolveForm
from web.feed_links import feed_link
from web.mail import send_after_commit
from web.rsvp_links import rsvp_link

blueprint = Blueprint("declines", __name__, template_folder="templates")

DECLINE = "/visits/<int:visit_id>/declines/<session_id>/<person_key>"


@blueprint.route("/visits/<int:visit_id>/declines")
@member_visit(can="adjust")
def index(visit: VisitRecord) -> str:
    return render_template("declines/index.html", visit=visit, declines=open_declines(db(), visit.id))


@blueprint.route(DECLINE)
@member_visit(can="adjust")
def show(visit: VisitRecord, session_id: str, person_key: str) -> str:
    try:
        with all_or_nothing():
            decline = find_decline(db(), visit.id, session_id, person_key)
            ways = ways_out(db(), visit.id, session_id, person_key, now())
    except NotFound:
        abort(404)
    return render_template("declines/show.html", visit=visit, decline=decline, ways=ways, form=ResolveForm())


@blueprint.route(f"{DECLINE}/resolve", methods=["POST"])
@member_visit(can="publish")
def resolve(visit: VisitRecord, session_id: str, person_key: str) -> Response:
    form = ResolveForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        with all_or_nothing():
            number, sent = resolve_decline(
                db(), actor(), visit.id, session_id, person_key, form.way.data, now(), rsvp_link, feed_link
            )
    except NotFound:
        abort(404)
    except ServiceError as error:
        flash(error.message, "error")
        return redirect(
            url_for("declines.show", visit_id=visit.id, session_id=session_id, person_key=person_key)
        )
    send_after_commit()
    told = len({m.recipient.email for m in sent.publication.messages})
    flash(
        f"Version {number} published: {told} {'person' if told == 1 else 'people'} told of the change;"
        " nobody else was written to.",
        "success",
    )
    return redirect(url_for("declines.index", visit_id=visit.id))
