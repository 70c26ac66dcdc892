"""User administration (Perm.USER_MANAGE): list, create, edit, deactivate, reactivate, reset a
password. Plain functions: permission first, validate, change, flush, audit — never commit."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from app import audit
from app.auth.services import access_lost, create_user
from app.errors import NotFound, ValidationError
from app.extensions import db
from app.models import ApiToken, Body, BodyMember, SystemRole, User
from app.models.base import utcnow
from app.permissions import Perm, require_perm
from app.text import clean_line

LANGUAGES = ("vi", "en")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
EDITABLE = ("full_name", "email", "unit", "position", "system_role", "locale")
# Letters a person can read aloud and type on a tablet without confusion (no 0/O, 1/l/I).
_TEMP_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def temporary_password() -> str:
    """12 characters from 56 (about 70 bits), grouped for reading aloud: "abcd-efgh-jkmn"."""
    raw = "".join(secrets.choice(_TEMP_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


@dataclass
class UserPage:
    items: list[User]
    total: int


def list_users(actor, q: str = "", role: str = "", status: str = "") -> UserPage:
    require_perm(actor, Perm.USER_MANAGE)
    query = sa.select(User)
    q = clean_line(q)
    if q:
        like = f"%{q.lower()}%"
        query = query.where(
            sa.or_(
                sa.func.lower(User.login).like(like),
                sa.func.lower(User.full_name).like(like),
                sa.func.lower(sa.func.coalesce(User.email, "")).like(like),
                sa.func.lower(User.unit).like(like),
            )
        )
    if role:
        query = query.where(User.system_role == parse_role(role))
    if status == "active":
        query = query.where(User.is_active_account.is_(True))
    elif status == "inactive":
        query = query.where(User.is_active_account.is_(False))
    elif status:
        raise ValidationError(_("Bộ lọc không hợp lệ: %(name)s.", name="status"))
    items = db.session.scalars(query.order_by(User.full_name, User.login)).all()
    return UserPage(items=list(items), total=len(items))


def parse_role(value) -> SystemRole:
    if isinstance(value, SystemRole):
        return value
    try:
        return SystemRole(str(value).strip())
    except ValueError:
        raise ValidationError(_("Vai trò không hợp lệ: %(role)s", role=value)) from None


def get_user(actor, user_id) -> User:
    require_perm(actor, Perm.USER_MANAGE)
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None:
        raise NotFound(_("Không có người dùng này."))
    return user


def body_memberships(actor, person: User) -> list[BodyMember]:
    """The person's standing memberships (read-only here; edited on each body's page): active bodies
    first, then by body name."""
    require_perm(actor, Perm.USER_MANAGE)
    rows = db.session.scalars(
        sa.select(BodyMember).join(Body, Body.id == BodyMember.body_id).where(BodyMember.user_id == person.id)
    ).all()
    return sorted(rows, key=lambda m: (m.body.dissolved_on is not None, m.body.name))


def _clean_fields(data: dict) -> dict:
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise ValidationError(_("Trường không hợp lệ: %(names)s.", names=", ".join(sorted(unknown))))
    fields = {}
    for name, value in data.items():
        if value is not None and not isinstance(value, str | SystemRole):
            raise ValidationError(_("Giá trị không hợp lệ cho trường %(name)s.", name=name))
        if name == "system_role":
            fields[name] = parse_role(value)
        elif name == "locale":
            value = clean_line(value or "") or None
            if value is not None and value not in LANGUAGES:
                raise ValidationError(_("Ngôn ngữ không hợp lệ: %(value)s.", value=value))
            fields[name] = value
        elif name == "email":
            value = clean_line(value or "") or None
            if value is not None and (len(value) > 254 or not EMAIL_RE.fullmatch(value)):
                raise ValidationError(_("Địa chỉ e-mail không hợp lệ: %(value)s.", value=value))
            fields[name] = value
        else:
            value = clean_line(value or "")
            if len(value) > 200:
                raise ValidationError(_("Nội dung quá dài (tối đa 200 ký tự)."))
            if name == "full_name" and not value:
                raise ValidationError(_("Vui lòng nhập họ và tên."))
            fields[name] = value
    return fields


def admin_create_user(actor, login: str, **data) -> tuple[User, str]:
    """A new account with a temporary password (returned once) to be changed at first login."""
    require_perm(actor, Perm.USER_MANAGE)
    fields = _clean_fields({"full_name": "", **data})
    password = temporary_password()
    user = create_user(
        login,
        fields.get("full_name", ""),
        password,
        fields.get("system_role", SystemRole.member),
        position=fields.get("position", ""),
        unit=fields.get("unit", ""),
        email=fields.get("email"),
    )
    user.locale = fields.get("locale")
    user.must_change_password = True
    db.session.flush()
    audit.record("user.create", actor=actor, target=user.login, role=user.system_role.value)
    return user, password


def update_user(actor, user: User, **data) -> list[str]:
    """Change the given fields; returns the names of those that changed (audited)."""
    require_perm(actor, Perm.USER_MANAGE)
    fields = _clean_fields(data)
    if user.id == actor.id and fields.get("system_role", user.system_role) != user.system_role:
        raise ValidationError(_("Bạn không thể tự đổi vai trò hệ thống của chính mình."))
    changed = []
    for name, value in fields.items():
        if getattr(user, name) != value:
            setattr(user, name, value)
            changed.append(name)
    if changed:
        db.session.flush()
        audit.record("user.update", actor=actor, target=user.login, fields=changed)
    return changed


def _end_access(user: User) -> None:
    """End every session (the session id carries the version) and every API token; the sockets
    are cut off by the listener on ``is_active_account`` (app/auth/services.py)."""
    user.session_version = (user.session_version or 0) + 1
    tokens = db.session.scalars(sa.select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None)))
    now = utcnow()
    for token in tokens:
        token.revoked_at = now
    db.session.flush()


def deactivate_user(actor, user: User) -> None:
    require_perm(actor, Perm.USER_MANAGE)
    if user.id == actor.id:
        raise ValidationError(_("Bạn không thể tự vô hiệu hóa tài khoản của chính mình."))
    if not user.is_active_account:
        raise ValidationError(_("Tài khoản %(login)s đã bị vô hiệu hóa.", login=user.login))
    user.is_active_account = False  # the listener in app/auth/services.py announces the cut-off
    _end_access(user)
    audit.record("user.deactivate", actor=actor, target=user.login)


def reactivate_user(actor, user: User) -> None:
    require_perm(actor, Perm.USER_MANAGE)
    if user.is_active_account:
        raise ValidationError(_("Tài khoản %(login)s đang hoạt động.", login=user.login))
    user.is_active_account = True
    user.failed_logins, user.locked_until = 0, None
    db.session.flush()
    audit.record("user.reactivate", actor=actor, target=user.login)


def reset_password(actor, user: User) -> str:
    """A temporary password (returned once); the account must change it at its next login. Its
    sessions and open sockets end (its API tokens stay: the password does not protect them)."""
    require_perm(actor, Perm.USER_MANAGE)
    if user.id == actor.id:
        raise ValidationError(_("Hãy đổi mật khẩu của chính bạn ở trang Tài khoản của tôi."))
    password = temporary_password()
    user.set_password(password)
    user.must_change_password = True
    user.failed_logins, user.locked_until = 0, None
    user.session_version = (user.session_version or 0) + 1
    db.session.flush()
    access_lost.send(user_id=user.id, reason="password_reset")
    audit.record("user.password_reset", actor=actor, target=user.login)
    return password
