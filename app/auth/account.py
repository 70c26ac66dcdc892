"""Self-service ("Tài khoản của tôi"): one's own password and language, one's API tokens.
Plain functions: validate, change, flush, audit — never commit."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from app import audit
from app.auth.services import access_lost, issue_token
from app.errors import NotFound, PermissionDenied, ValidationError
from app.extensions import db
from app.models import ApiToken, User
from app.models.base import utcnow
from app.permissions import Perm, has_perm
from app.text import clean_line

MIN_PASSWORD = 10
TOKEN_DAYS = (30, 90, 365)  # the choices offered; 0 (or None): until revoked


def check_strength(user: User, password: str) -> None:
    """The strength rule: at least 10 characters, letters and digits (or other signs), not the
    login nor the name, not a run of one character."""
    password = password or ""
    if len(password) < MIN_PASSWORD:
        raise ValidationError(_("Mật khẩu mới phải có ít nhất %(n)s ký tự.", n=MIN_PASSWORD))
    if len(password) > 200:
        raise ValidationError(_("Mật khẩu mới quá dài (tối đa 200 ký tự)."))
    has_letter = any(c.isalpha() for c in password)
    has_other = any(not c.isalpha() for c in password)
    if not (has_letter and has_other):
        raise ValidationError(_("Mật khẩu mới phải có cả chữ cái và chữ số (hoặc ký hiệu)."))
    lowered = password.lower()
    name_parts = [p for p in user.full_name.lower().split() if len(p) > 2]
    if user.login.lower() in lowered or len(set(password)) < 4 or any(lowered == p for p in name_parts):
        raise ValidationError(_("Mật khẩu mới quá dễ đoán (trùng tên đăng nhập, họ tên hoặc lặp ký tự)."))


def change_own_password(user: User, current: str, new: str, confirm: str) -> None:
    """Current password required; every other session and open socket of the account ends (the
    caller signs this session in again with the new session version)."""
    if not user.check_password(current or ""):
        raise ValidationError(_("Mật khẩu hiện tại không đúng."))
    if new != confirm:
        raise ValidationError(_("Hai lần nhập mật khẩu mới không khớp."))
    if user.check_password(new or ""):
        raise ValidationError(_("Mật khẩu mới phải khác mật khẩu hiện tại."))
    check_strength(user, new)
    user.set_password(new)
    user.must_change_password = False
    user.session_version = (user.session_version or 0) + 1
    db.session.flush()
    access_lost.send(user_id=user.id, reason="password_changed")
    audit.record("password.change", actor=user, target=user.login)


def set_own_language(user: User, locale: str) -> None:
    locale = clean_line(locale or "")
    if locale not in ("vi", "en"):
        raise ValidationError(_("Ngôn ngữ không hợp lệ: %(value)s.", value=locale))
    user.locale = locale
    db.session.flush()


# -- API tokens -------------------------------------------------------------------------------------
def _may_manage_tokens_of(actor, owner: User) -> bool:
    return actor.id == owner.id or has_perm(actor, Perm.USER_MANAGE)


def list_tokens(actor, owner: User) -> list[ApiToken]:
    if not _may_manage_tokens_of(actor, owner):
        raise PermissionDenied()
    query = sa.select(ApiToken).where(ApiToken.user_id == owner.id)
    return list(db.session.scalars(query.order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc())))


def issue_api_token(actor, owner: User, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """A named token (the raw value is returned once), valid ``days`` days or until revoked."""
    if not _may_manage_tokens_of(actor, owner):
        raise PermissionDenied()
    name = clean_line(name or "")
    if not name:
        raise ValidationError(_("Vui lòng đặt tên cho mã (thiết bị hoặc ứng dụng dùng mã)."))
    if len(name) > 100:
        raise ValidationError(_("Tên mã quá dài (tối đa 100 ký tự)."))
    if days and days not in TOKEN_DAYS:
        raise ValidationError(_("Thời hạn không hợp lệ."))
    token, raw = issue_token(owner, name=name)
    if days:
        token.expires_at = utcnow() + timedelta(days=days)
    db.session.flush()
    audit.record("token.issue", actor=actor, target=owner.login, token=token.prefix, name=name, days=days or None)
    return token, raw


def revoke_api_token(actor, token_id) -> ApiToken:
    """Revoke one token (one's own; an administrator any); its open sockets are cut off."""
    if not isinstance(token_id, int):
        raise ValidationError(_("Vui lòng chọn mã truy cập cần thu hồi."))
    token = db.session.get(ApiToken, token_id)
    if token is None or not _may_manage_tokens_of(actor, token.user):
        raise NotFound(_("Không tìm thấy mã truy cập này."))
    if token.is_revoked:
        raise ValidationError(_("Mã này đã bị thu hồi."))
    token.revoked_at = utcnow()
    db.session.flush()
    access_lost.send(user_id=token.user_id, token_ids=[token.id], reason="token_revoked")
    audit.record("token.revoke", actor=actor, target=token.user.login, token=token.prefix)
    return token
