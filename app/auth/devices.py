"""Devices a person has logged in from: after a successful login the browser keeps a signed cookie
naming the account (sent to ``/login`` only). The account lock does not apply to such a device
(app/auth/services.py, ``authenticate``): a stranger typing wrong passwords for the chair locks the
chair's login everywhere else for a while, but not on the chair's own tablet."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, request, url_for
from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "phonghop_device"
MAX_AGE = timedelta(days=180)
_SALT = "phonghop.auth.trusted-device"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=_SALT)


def trusted_user_id() -> int | None:
    """The account this browser has logged in to before (the cookie is signed and not too old)."""
    raw = request.cookies.get(COOKIE)
    if not raw:
        return None
    try:
        value = _serializer().loads(raw, max_age=int(MAX_AGE.total_seconds()))
    except BadSignature:  # also SignatureExpired
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def remember_device(response, user) -> None:
    response.set_cookie(
        COOKIE,
        _serializer().dumps(user.id),
        max_age=int(MAX_AGE.total_seconds()),
        path=url_for("auth.login"),
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
        httponly=True,
        samesite="Lax",
    )
