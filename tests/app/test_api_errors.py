"""Every ``/api/v1`` error is JSON — an unexpected one (500) too, even when the database session
was left in a failed flush — and its traceback is logged; pages answer 500 with the error page.

The routes that fail live in blueprints registered here only, on a second application sharing the
session's database and store (tests/support/apps.py); the product has no such routes."""

from __future__ import annotations

import logging

import pytest
from flask import Blueprint
from flask_login import current_user

from app.auth.services import issue_token
from app.extensions import db
from app.models import User
from tests.support.apps import second_app
from tests.support.factories import create_user

failing_api = Blueprint("failing_api", __name__, url_prefix="/api/v1/test-only")
failing_pages = Blueprint("failing_pages", __name__)


@failing_api.get("/raise")
def api_raise():
    raise RuntimeError("a bug in an API view")


@failing_api.post("/failed-flush")
def api_failed_flush():
    # a second account with the caller's login: the unique index refuses it on flush, and the
    # session is left needing a rollback (as after PostgreSQL refusing a NUL byte)
    db.session.add(User(login=current_user.login, full_name="Trùng", password_hash="x"))
    db.session.flush()
    return "unreachable"


@failing_pages.get("/test-only/raise")
def page_raise():
    raise RuntimeError("a bug in a page")


@pytest.fixture(scope="module")
def failing_app(app):
    # as in production: an unexpected error is answered, not re-raised into the server
    return second_app(app, blueprints=(failing_api, failing_pages), PROPAGATE_EXCEPTIONS=False)


@pytest.fixture
def bearer():
    _, raw = issue_token(create_user(full_name="Nguyễn Văn Lỗi"))
    return {"Authorization": f"Bearer {raw}"}


MESSAGE = "Đã xảy ra lỗi hệ thống. Quản trị viên đã được ghi nhận sự cố."


def _logged_tracebacks(caplog, text: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.exc_info and text in str(r.exc_info[1])]


def test_an_api_bug_is_answered_in_json_and_its_traceback_logged(failing_app, bearer, caplog):
    with caplog.at_level(logging.ERROR, logger="app.errors"):
        response = failing_app.test_client().get("/api/v1/test-only/raise", headers=bearer)
    assert response.status_code == 500 and response.mimetype == "application/json"
    assert response.get_json() == {"error": MESSAGE, "status": 500}
    (record,) = _logged_tracebacks(caplog, "a bug in an API view")
    assert "GET /api/v1/test-only/raise" in record.getMessage() and record.exc_info[0] is RuntimeError


def test_an_api_error_after_a_failed_flush_is_still_json(failing_app, bearer, caplog):
    """The handler rolls the session back before it answers (reading the user's language needs the
    database again); without that it raised once more and Flask answered with its HTML page."""
    with caplog.at_level(logging.ERROR, logger="app.errors"):
        response = failing_app.test_client().post("/api/v1/test-only/failed-flush", headers=bearer)
    assert response.status_code == 500 and response.mimetype == "application/json"
    assert response.get_json()["error"] == MESSAGE
    assert _logged_tracebacks(caplog, "users")  # the IntegrityError on the users table, with its traceback
    # nothing half-written: the duplicate was not kept, and the session works for the next request
    assert failing_app.test_client().get("/api/v1/me", headers=bearer).get_json()["full_name"] == "Nguyễn Văn Lỗi"


def test_a_page_bug_is_answered_with_the_error_page(failing_app, caplog):
    with caplog.at_level(logging.ERROR, logger="app.errors"):
        response = failing_app.test_client().get("/test-only/raise", headers={"Accept": "text/html"})
    body = response.get_data(as_text=True)
    assert response.status_code == 500 and response.mimetype == "text/html"
    assert MESSAGE in body and "Traceback" not in body and "a bug in a page" not in body
    assert _logged_tracebacks(caplog, "a bug in a page")


def test_unknown_api_paths_and_methods_answer_json(client, bearer):
    missing = client.get("/api/v1/no-such-thing", headers=bearer)
    assert missing.status_code == 404 and missing.get_json()["status"] == 404
    wrong = client.delete("/api/v1/me", headers=bearer)
    assert wrong.status_code == 405 and wrong.mimetype == "application/json"
