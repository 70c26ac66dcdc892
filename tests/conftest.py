"""Shared fixtures: a real S3 server (weed mini) per session, a migrated database per session,
a rolled-back transaction per test, and factories (tests/support/factories.py)."""

from __future__ import annotations

import secrets

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from documents.embedded_s3 import EmbeddedS3Server, load_or_create_settings
from tests.support.databases import fresh_database


@pytest.fixture(scope="session")
def s3_settings(tmp_path_factory):
    return load_or_create_settings(tmp_path_factory.mktemp("s3"))


@pytest.fixture(scope="session")
def s3_server(s3_settings):
    server = EmbeddedS3Server(s3_settings).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    with fresh_database(tmp_path_factory.mktemp("db"), "unit") as url:
        yield url


@pytest.fixture(scope="session")
def app(s3_server, s3_settings, database_url, tmp_path_factory):
    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db

    overrides = dict(
        s3_settings.as_config(),
        DATABASE_URL=database_url,
        INSTANCE_DIR=str(tmp_path_factory.mktemp("instance")),
        S3_BUCKET=f"phonghop-test-{secrets.token_hex(3)}",
        SERVER_NAME="localhost",
    )
    app = create_app("testing", overrides)
    app.test_client_class = RequestScopedClient
    from tests.support.apps import SESSION

    SESSION["app"] = app
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            _sqlite_savepoints(db.engine)
        upgrade()  # the schema comes from the migrations, never from create_all
        from documents.storage import get_store

        get_store().ensure_bucket()
    yield app
    with app.app_context():
        db.engine.dispose()


class RequestScopedClient(FlaskClient):
    """Each request gets its own app context (fresh ``g``, its own session), as in production,
    even though the test itself runs inside one."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


def _sqlite_savepoints(engine) -> None:
    """pysqlite's own transaction handling breaks SAVEPOINT; let SQLAlchemy emit BEGIN itself."""

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None

    @sa.event.listens_for(engine, "begin")
    def _begin(conn):
        conn.exec_driver_sql("BEGIN")


@pytest.fixture(autouse=True)
def db_session(request):
    """Every test runs inside a transaction that is rolled back afterwards; commits in views
    only release a savepoint."""
    if "app" not in request.fixturenames:
        yield None
        return
    from tests.support.rollback import rolled_back

    with rolled_back(request.getfixturevalue("app")) as session:
        yield session


@pytest.fixture(autouse=True)
def login_limits(request):
    """The per-address login limit counts the failures of 127.0.0.1: every test starts afresh."""
    if "app" in request.fixturenames:
        from app.extensions import limiter

        with request.getfixturevalue("app").app_context():
            limiter.reset()
    yield


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def store(app):
    from documents.storage import get_store

    with app.app_context():
        yield get_store()


def login(client, user, password=None):
    from tests.support.factories import PASSWORD

    response = client.post("/login", data={"login": user.login, "password": password or PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def pytest_terminal_summary(terminalreporter, config):
    """What the hostile-input tests and the drills counted (tests/support/counts.py)."""
    from tests.support.counts import LINES

    if LINES:
        terminalreporter.section("counts")
        for line in LINES:
            terminalreporter.write_line(line)
