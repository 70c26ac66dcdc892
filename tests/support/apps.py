"""A second application beside the session's: same database (the test's rolled-back connection,
since ``db.session`` is bound to it), same object store, other settings or extra blueprints."""

from __future__ import annotations

from tests.conftest import RequestScopedClient

_SHARED = (
    "DATABASE_URL",
    "INSTANCE_DIR",
    "S3_ENDPOINT",
    "S3_ACCESS_KEY",
    "S3_SECRET_KEY",
    "S3_BUCKET",
    "S3_SECURE",
    "SERVER_NAME",
)


SESSION: dict = {}  # the session's application (tests/conftest.py: app), for tests that build another


def second_app(app, blueprints=(), **overrides):
    """A new ``create_app("testing")`` sharing ``app``'s database and bucket, with ``overrides``
    and ``blueprints`` registered before its first request."""
    from app import create_app

    other = create_app("testing", {**{k: app.config[k] for k in _SHARED if app.config.get(k) is not None}, **overrides})
    for blueprint in blueprints:
        other.register_blueprint(blueprint)
    other.test_client_class = RequestScopedClient
    return other
