"""Account services: plain functions, no ``request``, no commit (the caller commits)."""
from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from app.errors import AppError, NotFound, ValidationError
from app.extensions import db
from app.models import ApiToken, SystemRole, User
from app.models.api_token import hash_token
from app.models.base import utcnow
from app.text import clean_line

LOGIN_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=5)


class AccountLocked(AppError):
    status_code = 429


def authenticate(login: str, password: str) -> User | None:
    """The user for these credentials, or None. After MAX_FAILED_LOGINS wrong passwords in a row
    the account is locked for LOCKOUT (raises AccountLocked); the caller commits the counters."""
    user = db.session.scalar(sa.select(User).where(User.login == (login or "").strip().lower()))
    if user is None or not user.is_active:
        return None
    now = utcnow()
    if user.locked_until is not None and user.locked_until > now:
        minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
        raise AccountLocked(_("Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau %(n)s phút.",
                              n=minutes))
    if not user.check_password(password or ""):
        user.failed_logins = (user.failed_logins or 0) + 1
        if user.failed_logins >= MAX_FAILED_LOGINS:
            user.locked_until = now + LOCKOUT
            user.failed_logins = 0
        db.session.flush()
        return None
    user.failed_logins = 0
    user.locked_until = None
    db.session.flush()
    return user


def create_user(login: str, full_name: str, password: str, system_role: SystemRole | str = SystemRole.member,
                position: str = "", unit: str = "", email: str | None = None) -> User:
    login = clean_line(login).lower()
    if not LOGIN_RE.fullmatch(login):
        raise ValidationError(_("Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch ngang (2–64 ký tự)."))
    full_name, position, unit = clean_line(full_name), clean_line(position), clean_line(unit)
    if not full_name:
        raise ValidationError(_("Vui lòng nhập họ và tên."))
    if len(password or "") < 8:
        raise ValidationError(_("Mật khẩu phải có ít nhất 8 ký tự."))
    try:
        role = SystemRole(system_role) if not isinstance(system_role, SystemRole) else system_role
    except ValueError:
        raise ValidationError(_("Vai trò không hợp lệ: %(role)s", role=system_role)) from None
    if db.session.scalar(sa.select(User.id).where(User.login == login)) is not None:
        raise ValidationError(_("Tên đăng nhập %(login)s đã tồn tại.", login=login))
    user = User(login=login, full_name=full_name, position=position, unit=unit,
                email=clean_line(email) or None, system_role=role)
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


def revoke_tokens(user: User, prefix: str | None = None) -> int:
    query = sa.select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    if prefix:
        query = query.where(ApiToken.prefix == prefix[:12])
    tokens = db.session.scalars(query).all()
    for token in tokens:
        token.revoked_at = utcnow()
    db.session.flush()
    return len(tokens)


def user_from_bearer(raw: str) -> User | None:
    if not raw or not raw.startswith("php_"):
        return None
    token = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == hash_token(raw)))
    if token is None or token.is_revoked or not token.user.is_active:
        return None
    return token.user
