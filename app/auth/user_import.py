"""User import from CSV: a plan (dry run: what would be created, changed, left as is, refused —
with the line and the reason), then the same plan applied in the caller's one transaction."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _

from app import audit
from app.auth import admin
from app.auth.csv_rows import read_rows, role_value
from app.auth.services import LOGIN_RE
from app.extensions import db
from app.models import SystemRole, User
from app.permissions import Perm, require_perm
from app.text import clean_line


@dataclass
class PlanRow:
    line: int
    outcome: str  # create | update | same | refused
    login: str = ""
    full_name: str = ""
    fields: dict = field(default_factory=dict)
    reason: str = ""

    @property
    def outcome_label(self) -> str:
        return {"create": _("Tạo mới"), "update": _("Cập nhật"), "same": _("Giữ nguyên"), "refused": _("Từ chối")}[
            self.outcome
        ]


@dataclass
class ImportPlan:
    rows: list[PlanRow]

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome)


def _login_from(identity: str) -> str:
    """A login as written, or from an e-mail address: its local part, without other signs."""
    if "@" not in identity:
        return identity.lower()
    return re.sub(r"[^a-z0-9._-]", "", identity.split("@", 1)[0].lower())[:64]


def _find(identity: str, login: str) -> User | None:
    if "@" in identity:
        user = db.session.scalar(sa.select(User).where(sa.func.lower(User.email) == identity.lower()))
        if user is not None:
            return user
    return db.session.scalar(sa.select(User).where(User.login == login))


def plan_import(actor, data: bytes) -> ImportPlan:
    require_perm(actor, Perm.USER_MANAGE)
    plan, seen = [], {}
    for row in read_rows(data):
        values = {k: clean_line(v) for k, v in row.values.items()}
        identity, name = values.get("identity", ""), values.get("full_name", "")
        login = _login_from(identity)
        entry = PlanRow(line=row.line, outcome="refused", login=login, full_name=name)
        plan.append(entry)
        role = role_value(values.get("role", ""))
        if not name:
            entry.reason = _("Thiếu họ tên.")
        elif not identity:
            entry.reason = _("Thiếu email hoặc tên đăng nhập.")
        elif "@" in identity and not admin.EMAIL_RE.fullmatch(identity):
            entry.reason = _("Địa chỉ e-mail không hợp lệ: %(value)s.", value=identity)
        elif not LOGIN_RE.fullmatch(login):
            entry.reason = _("Tên đăng nhập không hợp lệ: %(value)s.", value=identity)
        elif role is None:
            entry.reason = _("Vai trò không hợp lệ: %(role)s", role=values.get("role"))
        elif login in seen:
            entry.reason = _("Trùng với dòng %(n)s.", n=seen[login])
        if entry.reason:
            continue
        seen[login] = row.line
        fields = {"full_name": name, "unit": values.get("unit", ""), "position": values.get("position", "")}
        if "@" in identity:
            fields["email"] = identity
        if role:
            fields["system_role"] = SystemRole(role)
        user = _find(identity, login)
        if user is None:
            entry.outcome, entry.fields = "create", fields
            entry.reason = _("Tài khoản mới, mật khẩu tạm thời.")
            continue
        entry.login = user.login
        if "unit" not in row.values:
            fields.pop("unit")
        if "position" not in row.values:
            fields.pop("position")
        changes = {k: v for k, v in fields.items() if getattr(user, k) != v}
        if changes:
            entry.outcome, entry.fields = "update", changes
            entry.reason = _("Thay đổi: %(fields)s.", fields=", ".join(sorted(changes)))
        else:
            entry.outcome = "same"
    return ImportPlan(rows=plan)


def apply_import(actor, plan: ImportPlan) -> dict[str, str]:
    """Create and update as planned (refused rows are left out); returns login → temporary password."""
    require_perm(actor, Perm.USER_MANAGE)
    passwords = {}
    for row in plan.rows:
        if row.outcome == "create":
            user, password = admin.admin_create_user(
                actor, row.login, **{k: (v.value if isinstance(v, SystemRole) else v) for k, v in row.fields.items()}
            )
            passwords[user.login] = password
        elif row.outcome == "update":
            user = db.session.scalar(sa.select(User).where(User.login == row.login))
            admin.update_user(
                actor, user, **{k: (v.value if isinstance(v, SystemRole) else v) for k, v in row.fields.items()}
            )
    audit.record("user.import", actor=actor, created=plan.count("create"), updated=plan.count("update"))
    return passwords
