"""Mediatap: the server of the field tool for social mediators."""

from flask import Flask, jsonify, request
from werkzeug.middleware.proxy_fix import ProxyFix

from . import config as config_module
from . import database  # noqa: F401 - registers the SQLite connection settings
from .extensions import api, babel, csrf, db, limiter, login_manager, migrate


def select_locale() -> str:
    from flask import session

    chosen = request.args.get("lang") or session.get("lang")
    if chosen in ("fr", "en"):
        return chosen
    # French first: the users are French, English only when asked for.
    return "fr"


def create_app(config: dict | None = None) -> Flask:
    """Build the application; tests pass their configuration straight in."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.update(config_module.DEFAULTS)
    if config is None or "SQLALCHEMY_DATABASE_URI" not in config:
        app.config.update(config_module.from_environment())
    if config:
        app.config.update(config)
    app.permanent_session_lifetime = app.config["SESSION_ABSOLUTE_TIMEOUT"]
    if app.config.get("BEHIND_TLS_PROXY"):
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)

    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    api.init_app(app)

    from .services.auth import load_session_user

    login_manager.user_loader(load_session_user)

    @login_manager.unauthorized_handler
    def unauthorized():
        from flask_babel import gettext as _

        from .errors import ApiError

        raise ApiError(401, "unauthenticated", _("Please sign in."))

    from .routes import catalogue, client, reports, session, shifts, sync

    for blueprint in (session.blp, catalogue.blp, sync.blp, shifts.blp, reports.blp):
        api.register_blueprint(blueprint)
    app.register_blueprint(client.bp)

    from .errors import register_error_handlers
    from .security import register_security_headers

    register_error_handlers(app)
    register_security_headers(app)

    from .cli import register_cli

    register_cli(app)

    @app.get("/healthz")
    def healthz():
        return jsonify(status="ok")

    return app
