"""Issue 12 item 3, checked: CSRF on every cookie-authenticated state change (walking
``app.url_map``), the bearer exemption only for a request really authenticated by a token, the
security headers and cookie flags, and production refusing the development secret."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from werkzeug.routing.converters import AnyConverter, NumberConverter

from app.auth.services import issue_token
from app.config import ConfigError
from app.extensions import db
from tests.conftest import login
from tests.support.counts import report
from tests.support.factories import create_meeting, create_user

STATE_CHANGING = ("POST", "PUT", "PATCH", "DELETE")
CSRF_MESSAGE = "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ"


def _fingerprint() -> dict[str, int]:
    """Row counts of every table: a refused request must leave all of them as they were."""
    return {
        table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def _url(rule, meeting_id: int) -> str:
    values = {}
    for arg in rule.arguments:
        converter = rule._converters[arg]
        if isinstance(converter, AnyConverter):
            values[arg] = sorted(converter.items)[0]
        else:
            values[arg] = meeting_id if isinstance(converter, NumberConverter) else "x"
    return rule.build(values, append_unknown=False)[1]


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


def _state_changing_rules(app):
    return [
        (rule, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in sorted(rule.methods & set(STATE_CHANGING))
    ]


def test_every_cookie_authenticated_state_change_needs_the_csrf_token(app, client, csrf_on):
    admin = create_user(role="admin")
    meeting = create_meeting({admin: "chair"}, state="in_session")
    app.config["WTF_CSRF_ENABLED"] = False
    login(client, admin)  # signed in with a session cookie
    app.config["WTF_CSRF_ENABLED"] = True
    before = _fingerprint()
    rules = _state_changing_rules(app)
    wrong = []
    for rule, method in rules:
        url = _url(rule, meeting.id)
        for headers in ({}, {"Authorization": "Bearer x"}, {"Authorization": "Bearer php_forged"}):
            response = client.open(url, method=method, data={"title": "x"}, headers=headers)
            body = response.get_data(as_text=True)
            if response.status_code != 400 or CSRF_MESSAGE not in body:
                wrong.append(f"{method} {rule.rule} {headers}: {response.status_code}")
    report(f"\nhostile csrf: {len(rules) * 3} cases ({len(rules)} state-changing routes × 3 headers)")
    assert not wrong, "\n".join(wrong)
    assert _fingerprint() == before
    assert client.get("/").status_code in (200, 302)  # still signed in: nothing logged out


def test_a_real_token_skips_csrf_and_acts_as_the_token_user(app, client, csrf_on):
    secretary = create_user(role="secretariat")
    meeting = create_meeting({secretary: "secretary"}, state="draft")
    _, raw = issue_token(secretary)
    response = client.patch(
        f"/api/v1/meetings/{meeting.id}", json={"title": "Họp qua API"}, headers={"Authorization": f"Bearer {raw}"}
    )
    assert response.status_code != 400 or CSRF_MESSAGE not in response.get_data(as_text=True)
    assert response.status_code < 500


def test_a_token_with_another_users_session_cookie_still_needs_csrf(app, client, csrf_on):
    """A valid token sent next to a session cookie: the session's user would act, so the
    request is a cookie request and must carry the CSRF token."""
    admin = create_user(role="admin")
    other = create_user()
    _, raw = issue_token(other)
    app.config["WTF_CSRF_ENABLED"] = False
    login(client, admin)
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post("/logout", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 400 and CSRF_MESSAGE in response.get_data(as_text=True)


def test_security_headers(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors" in csp and "object-src 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]


def test_session_cookie_flags(app, client):
    user = create_user()
    response = login(client, user)
    cookies = response.headers.getlist("Set-Cookie")
    session_cookie = next(c for c in cookies if c.startswith(app.config.get("SESSION_COOKIE_NAME", "session") + "="))
    assert "HttpOnly" in session_cookie and "SameSite=Lax" in session_cookie


def _production(secret: str):
    from app import create_app

    return create_app(
        "production",
        {
            "SECRET_KEY": secret,
            "S3_ENDPOINT": "127.0.0.1:1",
            "S3_ACCESS_KEY": "a",
            "S3_SECRET_KEY": "b",
            "DATABASE_URL": "sqlite://",
        },
    )


@pytest.mark.parametrize(
    "secret", ["phonghop-dev-only-secret-key-not-for-production", "phonghop-testing-secret", "short"]
)
def test_production_refuses_the_development_secret(secret):
    with pytest.raises(ConfigError):
        _production(secret)


def test_production_cookies_are_secure():
    app = _production("a-real-production-secret-of-enough-length-0123456789")
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    assert app.config["SESSION_COOKIE_HTTPONLY"] and app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
