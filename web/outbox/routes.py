"""A visit's outbox: every email the visit has queued, its state, and each message as written.

Only those who may publish (owners and coordinators) see it: the messages carry people's
names, addresses and personal links.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from scheduler.db.outbox import OUTBOX_STATES
from scheduler.db.visits import VisitRecord
from scheduler.errors import NotFound
from scheduler.mail.visit_outbox import STATE_WORDS, visit_delivery
from scheduler.services.outbox_names import named_message, named_outbox
from web.access import member_visit
from web.database import db

blueprint = Blueprint("outbox", __name__, template_folder="templates")


@blueprint.route("/visits/<int:visit_id>/outbox")
@member_visit(can="read_outbox")
def index(visit: VisitRecord) -> str:
    state = request.args.get("state") or None
    if state is not None and state not in OUTBOX_STATES:
        abort(404)
    return render_template(
        "outbox/index.html",
        visit=visit,
        lines=named_outbox(db(), visit.id, state),
        delivery=visit_delivery(db(), visit.id),
        state=state,
        states=STATE_WORDS,
    )


@blueprint.route("/visits/<int:visit_id>/outbox/<int:email_id>")
@member_visit(can="read_outbox")
def message(visit: VisitRecord, email_id: int) -> str:
    try:
        found = named_message(db(), visit.id, email_id)
    except NotFound:
        abort(404)
    return render_template("outbox/message.html", visit=visit, message=found.message, who=found.who)
