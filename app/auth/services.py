"""Account services: plain functions, no ``request``, no commit (the caller commits)."""

from __future__ import annotations

import functools
import re
from datetime import timedelta

import sqlalchemy as sa
from blinker import Namespace
from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash

from app.errors import NotFound, ValidationError
from app.extensions import db
from app.models import ApiToken, SystemRole, User
from app.models.api_token import hash_token
from app.models.base import UTCDateTime, utcnow
from app.text import clean_line

MAX_NAME = 200  # users.full_name, position, unit
LOGIN_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


# The account lock (docs/security.md, "Login"): after MAX_FAILED_LOGINS wrong passwords in a row the
# account refuses logins for LOCKOUT, except from a device it has logged in from before (a signed
# cookie, app/auth/devices.py). Per client address, Flask-Limiter caps failed logins (app/auth/views.py).
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=2)


@functools.lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return generate_password_hash("phonghop: no such account")


def _check_nothing(password: str) -> None:
    """A login that does not exist costs a password check too, so the time taken does not tell."""
    check_password_hash(_dummy_hash(), password)


def authenticate(login: str, password: str, *, trusted_user_id: int | None = None) -> User | None:
    """The user for these credentials, or None — one answer whether the login does not exist, is
    disabled, is locked or the password is wrong (the caller must not tell them apart either).

    A wrong password counts against the account in one atomic UPDATE; the MAX_FAILED_LOGINS-th in
    a row locks it for LOCKOUT. While locked even the right password is refused, unless the
    request comes from a device the account has logged in from (``trusted_user_id``): whoever
    types wrong passwords for the chair cannot keep the chair's own tablet out. The caller commits."""
    from app import audit

    typed = clean_line(login or "").lower()[:64]
    user = db.session.scalar(sa.select(User).where(User.login == typed))
    password = password or ""
    if user is None or not user.is_active:
        _check_nothing(password)
        audit.record("login.failed", actor_login=typed, target=typed, why="unknown" if user is None else "inactive")
        return None
    now = utcnow()
    locked = user.locked_until is not None and user.locked_until > now and user.id != trusted_user_id
    if not user.check_password(password):
        _count_failure(user, now)
        just_locked = not locked and user.locked_until is not None and user.locked_until > now
        audit.record("login.lockout" if just_locked else "login.failed", actor_login=typed, target=typed)
        return None
    if locked:
        audit.record("login.refused_locked", actor_login=typed, target=typed)
        return None
    if user.failed_logins or user.locked_until is not None:
        db.session.execute(
            sa.update(User)
            .where(User.id == user.id)
            .values(failed_logins=0, locked_until=None)
            .execution_options(synchronize_session=False)
        )
        db.session.expire(user, ["failed_logins", "locked_until"])
    user.last_login_at = now
    db.session.flush()
    audit.record("login.success", actor=user, target=user.login)
    return user


def _count_failure(user: User, now) -> None:
    """``failed_logins + 1`` computed by the database (two tablets failing at once both count); the
    failure that reaches MAX_FAILED_LOGINS locks the account and starts the count again. Failures
    while the lock lasts are not counted: they cannot make it longer."""
    reaches = User.failed_logins + 1 >= MAX_FAILED_LOGINS
    unlocked = sa.or_(User.locked_until.is_(None), User.locked_until <= sa.literal(now, UTCDateTime()))
    db.session.execute(
        sa.update(User)
        .where(User.id == user.id, unlocked)
        .values(
            failed_logins=sa.case((reaches, 0), else_=User.failed_logins + 1),
            locked_until=sa.case((reaches, sa.literal(now + LOCKOUT, UTCDateTime())), else_=User.locked_until),
        )
        .execution_options(synchronize_session=False)
    )
    db.session.expire(user, ["failed_logins", "locked_until"])


def create_user(
    login: str,
    full_name: str,
    password: str,
    system_role: SystemRole | str = SystemRole.member,
    position: str = "",
    unit: str = "",
    email: str | None = None,
) -> User:
    login = clean_line(login).lower()
    if not LOGIN_RE.fullmatch(login):
        raise ValidationError(_("Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch ngang (2–64 ký tự)."))
    full_name, position, unit = clean_line(full_name), clean_line(position), clean_line(unit)
    if not full_name:
        raise ValidationError(_("Vui lòng nhập họ và tên."))
    if max(len(full_name), len(position), len(unit)) > MAX_NAME:
        raise ValidationError(_("Nội dung quá dài (tối đa 200 ký tự)."))
    if len(password or "") < 8:
        raise ValidationError(_("Mật khẩu phải có ít nhất 8 ký tự."))
    try:
        role = SystemRole(system_role) if not isinstance(system_role, SystemRole) else system_role
    except ValueError:
        raise ValidationError(_("Vai trò không hợp lệ: %(role)s", role=system_role)) from None
    if db.session.scalar(sa.select(User.id).where(User.login == login)) is not None:
        raise ValidationError(_("Tên đăng nhập %(login)s đã tồn tại.", login=login))
    user = User(
        login=login,
        full_name=full_name,
        position=position,
        unit=unit,
        email=clean_line(email) or None,
        system_role=role,
    )
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def get_user_by_login(login: str) -> User:
    user = db.session.scalar(sa.select(User).where(User.login == (login or "").strip().lower()))
    if user is None:
        raise NotFound(_("Không có người dùng %(login)s.", login=login))
    return user


def issue_token(user: User, name: str = "") -> tuple[ApiToken, str]:
    """Create a token; the raw value is returned once and never stored."""
    raw = ApiToken.generate()
    token = ApiToken(user_id=user.id, name=name[:100], token_hash=hash_token(raw), prefix=raw[:12])
    db.session.add(token)
    db.session.flush()
    return token, raw


def issue_token_from_cli(user: User, name: str) -> tuple[ApiToken, str]:
    from app import audit

    token, raw = issue_token(user, name)
    audit.record("token.issue", target=user.login, token=token.prefix, name=token.name, channel="cli")
    return token, raw


def revoke_tokens(user: User, prefix: str | None = None) -> int:
    query = sa.select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    if prefix:
        query = query.where(ApiToken.prefix == prefix[:12])
    tokens = db.session.scalars(query).all()
    for token in tokens:
        token.revoked_at = utcnow()
    db.session.flush()
    if tokens:
        from app import audit

        access_lost.send(user_id=user.id, token_ids=[t.id for t in tokens], reason="token_revoked")
        audit.record("token.revoke", target=user.login, tokens=[t.prefix for t in tokens], channel="cli")
    return len(tokens)


def bearer_token(raw: str) -> ApiToken | None:
    """The valid (not revoked, active account) token whose value is ``raw``."""
    if not raw or not raw.startswith("php_"):
        return None
    return _usable(db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == hash_token(raw))))


def user_from_bearer(raw: str) -> User | None:
    token = bearer_token(raw)
    if token is None:
        return None
    if note_token_use(token):
        db.session.info["phonghop.token_used"] = token.id
    return token.user


def token_is_valid(token_id: int) -> bool:
    """Is the token a connection authenticated with still good (not revoked, account active)?"""
    return _usable(db.session.get(ApiToken, token_id)) is not None


@functools.cache
def _token_state() -> sa.Select:
    return (
        sa.select(ApiToken.revoked_at, ApiToken.expires_at, User.is_active_account)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.id == sa.bindparam("token_id"))
    )


def token_still_valid(token_id: int) -> bool:
    """:func:`token_is_valid` as one plain query, no ORM objects: what every socket command checks
    (two ORM loads per command were ~11 % of a rejoin storm's CPU, docs/performance.md)."""
    row = db.session.connection().execute(_token_state(), {"token_id": token_id}).first()
    if row is None or row.revoked_at is not None or not row.is_active_account:
        return False
    return row.expires_at is None or row.expires_at > utcnow()


def _usable(token: ApiToken | None) -> ApiToken | None:
    if token is None or token.is_revoked or token.is_expired or not token.user.is_active:
        return None
    return token


LAST_USE_PRECISION = timedelta(minutes=1)


def note_token_use(token: ApiToken) -> bool:
    """Is the token's last use due to be written (at most once a minute, so reading the API does
    not write on every request)? The request's end writes it, in a short transaction of its own
    (app/auth/__init__.py): set here, the first query would flush it and hold SQLite's write lock
    for the whole request — across the store's I/O, where under gevent every other writer then
    waits on a lock the blocked event loop cannot release ("database is locked")."""
    return token.last_used_at is None or utcnow() - token.last_used_at >= LAST_USE_PRECISION


# -- lost access ----------------------------------------------------------------------------------
# Announced inside the transaction that takes access away (a revoked token, a disabled account, a
# removal from a meeting: kwargs user_id, and token_ids or meeting_id, and reason); realtime/ cuts
# the person's open sockets off once that transaction commits, and forgets it on a rollback.
access_lost = Namespace().signal("access-lost")


@sa.event.listens_for(User.is_active_account, "set", active_history=True)
def _announce_disabled_account(user, value, old, _initiator):
    """Whatever path disables an account (a service, the shell), its open sockets are cut off."""
    if value is False and old is True and user.id is not None:
        access_lost.send(user_id=user.id, reason="account_disabled")
