"""The coordinators' web app: a thin Flask shell over the scheduler's services.

`create_app` reads like the table of contents of the app: where its settings come from (the
environment, read once into `scheduler.settings.Settings`, unless the caller gives them), which
database and job runner it holds, and which features (blueprints) it serves.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from scheduler.settings import Settings
from web import (
    access,
    database,
    errors,
    extensions,
    jobs,
    mail,
    mail_status,
    navigation,
    security,
    settings,
    templating,
)
from web.adjust.routes import blueprint as adjust_blueprint
from web.assessor_requests.routes import blueprint as assessor_requests_blueprint
from web.auth.routes import blueprint as auth_blueprint
from web.availability.routes import blueprint as availability_blueprint
from web.availability_requests.routes import blueprint as availability_requests_blueprint
from web.change_requests.routes import blueprint as change_requests_blueprint
from web.coverage.routes import blueprint as coverage_blueprint
from web.declines.routes import blueprint as declines_blueprint
from web.feeds.routes import blueprint as feeds_blueprint
from web.imports.routes import blueprint as imports_blueprint
from web.members.routes import blueprint as members_blueprint
from web.milestones.routes import blueprint as milestones_blueprint
from web.on_the_day.routes import blueprint as on_the_day_blueprint
from web.outbox.routes import blueprint as outbox_blueprint
from web.publishing.routes import blueprint as publishing_blueprint
from web.readiness.routes import blueprint as readiness_blueprint
from web.solve.routes import blueprint as solve_blueprint
from web.staff_teams.routes import blueprint as staff_teams_blueprint
from web.timetable.routes import blueprint as timetable_blueprint
from web.visit_numbers.routes import blueprint as visit_numbers_blueprint
from web.visits.routes import blueprint as visits_blueprint


def create_app(config: dict[str, Any] | None = None, environment: Settings | None = None) -> Flask:
    environment = environment or Settings.from_environment()
    app = Flask(__name__, instance_path=settings.instance_dir(config, environment))
    settings.configure(app, config, environment)
    security.init_app(app)

    database.init_app(app)
    extensions.init_app(app)
    access.init_app(app)
    jobs.init_app(app)
    mail.init_app(app)
    mail_status.init_app(app)
    errors.init_app(app)
    templating.init_app(app)
    navigation.init_app(app)

    app.register_blueprint(auth_blueprint)
    app.register_blueprint(availability_blueprint)
    app.register_blueprint(visits_blueprint)
    app.register_blueprint(imports_blueprint)
    app.register_blueprint(readiness_blueprint)
    app.register_blueprint(solve_blueprint)
    app.register_blueprint(timetable_blueprint)
    app.register_blueprint(adjust_blueprint)
    app.register_blueprint(change_requests_blueprint)
    app.register_blueprint(availability_requests_blueprint)
    app.register_blueprint(assessor_requests_blueprint)
    app.register_blueprint(publishing_blueprint)
    app.register_blueprint(declines_blueprint)
    app.register_blueprint(feeds_blueprint)
    app.register_blueprint(members_blueprint)
    app.register_blueprint(milestones_blueprint)
    app.register_blueprint(on_the_day_blueprint)
    app.register_blueprint(visit_numbers_blueprint)
    app.register_blueprint(outbox_blueprint)
    app.register_blueprint(staff_teams_blueprint)
    app.register_blueprint(coverage_blueprint)
    return app
