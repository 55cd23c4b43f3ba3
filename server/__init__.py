"""Mediatap: the server of the field tool for social mediators."""

from flask import Flask, jsonify, redirect, request, session, url_for
from werkzeug.middleware.proxy_fix import ProxyFix

from . import config as config_module
from . import (
    database,
    rate_limits,  # noqa: F401 - registers the mediatap-db:// limiter storage
)
from .errors import register_error_handlers, unauthenticated
from .extensions import api, babel, csrf, db, limiter, login_manager, migrate
from .navigation import desk_navigation
from .routes import register_routes
from .security import register_security_headers


def current_language() -> str:
    """French first: the users are French; English only when a person asks for it."""
    chosen = request.args.get("lang") or session.get("lang")
    return chosen if chosen in ("fr", "en") else "fr"


def create_app(config: dict | None = None) -> Flask:
    """Build the application; tests pass their configuration straight in."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.update(config_module.DEFAULTS)
    if config is None or "SQLALCHEMY_DATABASE_URI" not in config:
        app.config.update(config_module.from_environment())
    if config:
        app.config.update(config)
    # The cookie lives as long as the longest session may; services/auth.py ends each one by role.
    app.permanent_session_lifetime = max(
        app.config["SESSION_ABSOLUTE_TIMEOUT"], app.config["MEDIATOR_SESSION_ABSOLUTE_TIMEOUT"]
    )
    if app.config.get("BEHIND_TLS_PROXY"):
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)

    db.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=current_language)
    api.init_app(app)
    _register_login(app)
    register_routes(app, api)
    register_error_handlers(app)
    register_security_headers(app)

    from .cli import register_cli

    register_cli(app)

    @app.context_processor
    def template_helpers():
        return {"desk_navigation": desk_navigation, "current_language": current_language}

    @app.get("/healthz")
    def healthz():
        return jsonify(status="ok")

    return app


def _register_login(app: Flask) -> None:
    from .services.auth import load_session_user

    login_manager.user_loader(load_session_user)

    @login_manager.unauthorized_handler
    def unauthorized():
        if not request.path.startswith("/api"):
            return redirect(url_for("web_session.login", next=request.full_path.rstrip("?")))
        raise unauthenticated()
