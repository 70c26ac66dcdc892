"""Application factory. ``create_app(config_name)`` binds the extensions and registers the
blueprints of every domain package; nothing runs at import time."""

from __future__ import annotations

import logging
import os

from flask import Flask, has_request_context, request, session
from flask_login import current_user

from app import sqlite_pragmas  # noqa: F401 - SQLite connections use the write-ahead log
from app.config import CONFIGS, ConfigError, config_name_from_env
from app.extensions import babel, csrf, db, limiter, login_manager, migrate, socketio

_STRING_KEYS = (
    "SECRET_KEY",
    "S3_ACCESS_KEY",
    "S3_SECRET_KEY",
    "S3_ENDPOINT",
    "S3_BUCKET",
    "DATABASE_URL",
    "REDIS_URL",
    "JOBS_QUEUE",
    "DEMO_PASSWORD",
    "TSA_URL",
    "LOGIN_RATE_LIMIT",
    "SIGNING_TRUST_ROOTS",
    "SOCKETIO_CHANNEL",
    "SMTP_HOST",
    "SMTP_USERNAME",
    "SMTP_PASSWORD",
    "SMTP_FROM",
)


def create_app(config_name: str | None = None, overrides: dict | None = None) -> Flask:
    config_name = config_name or config_name_from_env()
    if config_name not in CONFIGS:
        raise ConfigError(f"Unknown configuration {config_name!r}; use one of {', '.join(CONFIGS)}.")
    config_class = CONFIGS[config_name]

    project_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    app = Flask(__name__, static_folder=os.path.join(project_root, "static"), static_url_path="/static")
    from app.converters import DatabaseIntegerConverter

    app.url_map.converters["int"] = DatabaseIntegerConverter  # before any route is added
    app.config.from_object(config_class)
    app.config.from_prefixed_env("PHONGHOP")
    if overrides:
        app.config.update(overrides)
    for key in _STRING_KEYS:  # from_prefixed_env parses JSON: a numeric secret must stay a string
        if app.config.get(key) is not None and not isinstance(app.config[key], str):
            app.config[key] = str(app.config[key])
    config_class.finalize(app.config)
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False  # checked in _csrf_unless_bearer below
    os.makedirs(app.config["INSTANCE_DIR"], exist_ok=True)
    app.json.ensure_ascii = False  # Vietnamese stays readable in JSON

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("fontTools").setLevel(logging.WARNING)  # its font subsetting logs ~600 INFO lines per PDF

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(project_root, "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    # Socket handlers must be declared before the first socketio.init_app: Flask-SocketIO keeps
    # only handlers declared while unbound, and re-registers those on every init_app.
    import realtime.meeting_namespace  # noqa: F401

    babel.init_app(app, locale_selector=_select_locale, timezone_selector=lambda: app.config["BABEL_DEFAULT_TIMEZONE"])
    bind_process_wide_extensions(app)
    if app.config["PROXY_COUNT"]:
        # the client's address (access log, login limits) and scheme from the proxies' headers;
        # wrapped last, so Socket.IO requests see them too
        from werkzeug.middleware.proxy_fix import ProxyFix

        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)

    _register_models()
    from app.auth import register_auth

    register_auth(app)
    _register_blueprints(app)

    from app.errors import register_error_handlers

    register_error_handlers(app)

    from app.cli import register_cli

    register_cli(app)
    _register_template_globals(app)

    @app.before_request
    def _remember_language():
        """``?lang=en`` on any URL, even one that only redirects, sticks for the session."""
        wanted = request.args.get("lang")
        if wanted in app.config["LANGUAGES"] and not _token_request():
            session["lang"] = wanted

    @app.before_request
    def _csrf_unless_bearer():
        if request.method in ("GET", "HEAD", "OPTIONS") or not app.config.get("WTF_CSRF_ENABLED", True):
            return None
        if _authenticated_by_token():
            return None  # token clients send no cookies, so there is nothing to forge
        csrf.protect()
        return None

    @app.after_request
    def _security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
            "connect-src 'self' ws: wss:; worker-src 'self' blob:; object-src 'none'; frame-ancestors 'self'",
        )
        return response

    return app


def _token_request() -> bool:
    """A bearer-token client has no session: writing one would make Flask-Login's strong session
    protection drop the token's user (the request would answer 401)."""
    return request.headers.get("Authorization", "").startswith("Bearer ")


def _authenticated_by_token() -> bool:
    """Is this request's user the one of a valid bearer token? Not when the header is bogus, and
    not when a session or remember cookie is sent too (Flask-Login then loads the cookie's user,
    so the request acts with the cookie and must carry the CSRF token)."""
    from flask import current_app

    from app.auth.services import bearer_token

    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer ") or session.get("_user_id") is not None:
        return False
    if request.cookies.get(current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")):
        return False
    return bearer_token(header[len("Bearer ") :].strip()) is not None


def _select_locale():
    from flask import current_app

    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI, background work: the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    wanted = request.args.get("lang")
    if wanted in languages:
        if not _token_request():
            session["lang"] = wanted
        return wanted
    if session.get("lang") in languages:
        return session["lang"]
    if getattr(current_user, "is_authenticated", False) and getattr(current_user, "locale", None) in languages:
        return current_user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _register_models() -> None:
    # Import every model so metadata (and Alembic autogenerate) knows all tables.
    import app.models  # noqa: F401
    import documents.models  # noqa: F401
    import meetings.models  # noqa: F401


def _register_blueprints(app: Flask) -> None:
    from app.api import api_bp
    from app.views import core_bp
    from meetings.api import meetings_api_bp
    from meetings.archive.audit_views import audit_bp
    from meetings.routes.documents import documents_bp
    from meetings.routes.documents_api import documents_api_bp
    from meetings.task_views import tasks_bp
    from meetings.views import meetings_bp
    from meetings.views_minutes import minutes_bp
    from realtime.views import live_bp

    app.register_blueprint(core_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(meetings_bp)
    app.register_blueprint(meetings_api_bp)
    app.register_blueprint(documents_bp)
    app.register_blueprint(minutes_bp)
    app.register_blueprint(live_bp)
    app.register_blueprint(tasks_bp)
    from meetings.archive.views import archive_api_bp, archive_bp

    app.register_blueprint(archive_bp)
    app.register_blueprint(archive_api_bp)
    app.register_blueprint(documents_api_bp)
    app.register_blueprint(audit_bp)
    from meetings.api_ballots import ballots_api_bp  # written opinion ballots
    from meetings.ballot_views import opinion_ballots_bp

    app.register_blueprint(opinion_ballots_bp)
    app.register_blueprint(ballots_api_bp)


def _register_template_globals(app: Flask) -> None:
    from app.permissions import template_helpers
    from app.timefmt import register_filters
    from app.useragent import describe

    app.context_processor(template_helpers)
    register_filters(app)
    app.add_template_filter(describe, "device")  # "Safari trên iPad" for a User-Agent header

    @app.context_processor
    def _lang():
        from flask_babel import get_locale

        return {"current_locale": str(get_locale() or "vi")}


def bind_process_wide_extensions(app) -> None:
    """Bind the two extensions that keep one state per process, not per application — the Socket.IO
    server (and its Redis manager) and the login limiter's storage — to ``app``. ``create_app`` calls
    it; a test that builds a second application calls it again for the first one afterwards."""
    from realtime import websocket_compression
    from realtime.access import client_manager

    websocket_compression.install()  # small live messages uncompressed, no zlib state per connection
    socketio.init_app(
        app,
        async_mode="gevent",
        # Redis (PHONGHOP_REDIS_URL) or in-process; either way it also cuts off those who lost access.
        client_manager=client_manager(app.config),
        # None: only the request's own origin (engine.io's check); [] would turn the check off.
        cors_allowed_origins=app.config.get("SOCKETIO_ORIGINS") or None,
        json=None,
    )
    limiter.init_app(app)
