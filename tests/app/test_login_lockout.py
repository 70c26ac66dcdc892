"""Logging in (docs/security.md, "Login"): one answer for every refusal, a short account lock that
the account's own device is not subject to, an atomic failure counter, and a limit of failed logins
per client address (Flask-Limiter; Redis when the deployment has one)."""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.auth.services import LOCKOUT, MAX_FAILED_LOGINS, authenticate
from app.config import BaseConfig
from app.extensions import db
from app.models import User
from app.models.base import utcnow
from tests.support.factories import PASSWORD, create_user

REFUSED = "Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đang tạm khóa vài phút vì nhập sai nhiều lần."
TOO_MANY = "Có quá nhiều lần đăng nhập không thành công từ địa chỉ này. Vui lòng thử lại sau ít phút."


def _post(client, login, password, address="127.0.0.1"):
    return client.post("/login", data={"login": login, "password": password}, environ_base={"REMOTE_ADDR": address})


def _flashes(response) -> list[str]:
    return re.findall(r'<div class="flash flash-danger" role="status">(.*?)</div>', response.get_data(as_text=True))


def _fail(client, login, times=MAX_FAILED_LOGINS):
    for _ in range(times):
        assert _post(client, login, "sai-mat-khau").status_code == 401


def _state(user) -> tuple[int, object]:
    db.session.expire(user)
    return user.failed_logins, user.locked_until


def test_one_answer_whether_the_login_exists_is_disabled_locked_or_the_password_wrong(app, client):
    create_user("co.that")
    create_user("da.tat").is_active_account = False
    create_user("bi.khoa")
    db.session.flush()
    _fail(app.test_client(), "bi.khoa")  # someone else locks it
    answers = {
        "unknown login": _post(client, "khong.co.ai", PASSWORD),
        "wrong password": _post(client, "co.that", "sai-mat-khau"),
        "disabled account, right password": _post(client, "da.tat", PASSWORD),
        "locked account, right password": _post(client, "bi.khoa", PASSWORD),
    }
    for why, response in answers.items():
        assert response.status_code == 401, why
        assert _flashes(response) == [REFUSED], why
    # the pages differ only by the login typed back into the form (and the fresh CSRF token)
    pages = {
        re.sub(r'(name="login"[^>]*value|name="csrf-token" content)="[^"]*"', "", r.get_data(as_text=True))
        for r in answers.values()
    }
    assert len(pages) == 1
    assert client.get("/meetings/mine").status_code == 302  # nobody got in


def test_the_lock_is_short_and_lifts_by_itself(app, client):
    user = create_user("khoa.ngan")
    _fail(client, "khoa.ngan", MAX_FAILED_LOGINS - 1)
    assert _state(user)[0] == MAX_FAILED_LOGINS - 1 and _state(user)[1] is None
    before = utcnow()
    _fail(client, "khoa.ngan", 1)
    failed, locked_until = _state(user)
    assert failed == 0 and before + LOCKOUT <= locked_until <= utcnow() + LOCKOUT <= before + timedelta(minutes=3)
    assert _post(client, "khoa.ngan", PASSWORD).status_code == 401  # even the right password, for now
    _fail(client, "khoa.ngan", 3)  # more failures while locked neither count nor make it longer
    assert _state(user) == (0, locked_until)

    user.locked_until = utcnow() - timedelta(seconds=1)  # the few minutes have passed
    db.session.flush()
    assert _post(client, "khoa.ngan", PASSWORD).status_code == 302
    assert _state(user) == (0, None)


def test_a_right_password_resets_the_count(client):
    user = create_user("dem.lai")
    _fail(client, "dem.lai", MAX_FAILED_LOGINS - 1)
    assert _post(client, "dem.lai", PASSWORD).status_code == 302
    assert _state(user) == (0, None)


def test_the_accounts_own_device_is_not_locked_out(app, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "100 per minute")  # one address plays every part here
    chair, other = create_user("chu.tich"), create_user("pho.chu.tich")
    tablet, attacker = app.test_client(), app.test_client()
    assert _post(tablet, "chu.tich", PASSWORD).status_code == 302  # the chair's tablet, some day before
    cookie = tablet.get_cookie("phonghop_device", path="/login")
    assert cookie is not None and cookie.http_only
    tablet.post("/logout")

    _fail(attacker, "chu.tich")  # before the session, a stranger types wrong passwords for the chair
    assert _post(attacker, "chu.tich", PASSWORD).status_code == 401  # knowing it does not help, from there
    assert _post(tablet, "chu.tich", PASSWORD).status_code == 302  # the chair signs in on the tablet
    assert _state(chair) == (0, None)  # and, having shown who they are, lifts the lock
    tablet.post("/logout")

    # the cookie vouches for its own account only, and only when signed by this server
    _fail(attacker, "pho.chu.tich")
    assert _post(tablet, "pho.chu.tich", PASSWORD).status_code == 401
    assert _state(other)[1] is not None
    _fail(attacker, "chu.tich")
    attacker.set_cookie("phonghop_device", cookie.value[:-2] + "xx", path="/login")
    assert _post(attacker, "chu.tich", PASSWORD).status_code == 401
    assert _state(chair)[1] is not None


def test_failures_are_counted_by_the_database_not_read_and_written_back(app):
    """Two requests failing at once must both count: the count is ``failed_logins + 1`` in the
    UPDATE itself, not a value read earlier (here: a count another process made meanwhile)."""
    user = create_user("dem.dong.thoi")
    db.session.execute(
        sa.update(User)
        .where(User.id == user.id)
        .values(failed_logins=MAX_FAILED_LOGINS - 2)
        .execution_options(synchronize_session=False)
    )
    assert user.failed_logins == 0  # this session still holds the count it read before
    assert authenticate("dem.dong.thoi", "sai-mat-khau") is None
    assert _state(user) == (MAX_FAILED_LOGINS - 1, None)
    assert authenticate("dem.dong.thoi", "sai-mat-khau") is None
    assert _state(user)[1] is not None  # the fifth locks


def test_failed_logins_are_limited_per_client_address(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "3 per minute")
    user = create_user("gioi.han")
    for login in ("khong.co.ai", "gioi.han", "ai.khac"):  # spraying accounts from one address
        assert _post(client, login, "sai-mat-khau", "10.0.0.1").status_code == 401
    blocked = _post(client, "gioi.han", PASSWORD, "10.0.0.1")  # the right password, over the limit
    assert blocked.status_code == 429 and _flashes(blocked) == [TOO_MANY]
    assert 1 <= int(blocked.headers["Retry-After"]) <= 61  # about the minute of the limit
    assert client.get("/meetings/mine").status_code == 302
    assert _state(user) == (1, None)  # refused before the password was looked at
    # another address is not affected; successful logins do not count
    for _ in range(4):
        assert _post(client, "gioi.han", PASSWORD, "10.0.0.2").status_code == 302
        client.post("/logout")
    assert _post(client, "gioi.han", "sai-mat-khau", "10.0.0.2").status_code == 401


def test_the_limiter_counts_in_redis_when_the_deployment_has_one(app):
    import redis

    from tests.support.apps import second_app

    settings = {"MAX_UPLOAD_MB": 1, "INSTANCE_DIR": "/tmp", "PROXY_COUNT": 0, "REDIS_URL": "redis://127.0.0.1:6379/5"}
    BaseConfig.finalize(settings)
    assert settings["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/5"
    settings = {"MAX_UPLOAD_MB": 1, "INSTANCE_DIR": "/tmp", "PROXY_COUNT": 0}
    BaseConfig.finalize(settings)
    assert settings["RATELIMIT_STORAGE_URI"] == "memory://"

    url = "redis://127.0.0.1:6379/5"
    server = redis.Redis.from_url(url, socket_connect_timeout=1)
    try:
        server.ping()
    except redis.exceptions.RedisError:
        pytest.skip(f"Redis does not answer at {url}")
    address = f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250)}"
    other = second_app(app, RATELIMIT_STORAGE_URI=url, LOGIN_RATE_LIMIT="2 per minute")
    try:
        client = other.test_client()
        create_user("qua.redis")
        assert [_post(client, "qua.redis", "sai", address).status_code for _ in range(3)] == [401, 401, 429]
        keys = [k for k in server.scan_iter(match=f"*{address}*")]
        assert keys, "the counter is not in Redis"
    finally:
        for key in server.scan_iter(match=f"*{address}*"):
            server.delete(key)
        from app import bind_process_wide_extensions

        bind_process_wide_extensions(app)  # the session's application counts in memory again
