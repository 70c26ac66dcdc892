"""User import from CSV: a plan (dry run: what would be created, changed, left as is, refused —
with the line and the reason), then the same plan applied in the caller's one transaction."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import gettext as _

from app import audit
from app.auth import admin
from app.auth.csv_rows import fold, office_value, read_rows, role_value
from app.auth.services import LOGIN_RE, MAX_NAME
from app.extensions import db
from app.models import Body, BodyMember, BodyOffice, SystemRole, User
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
    # the standing membership the line makes or changes ("cơ quan" + "chức danh"): (body id, BodyOffice)
    membership: tuple[int, BodyOffice] | None = None

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


def _body_named(text: str, bodies: list[Body]) -> tuple[Body | None, str]:
    """The body a cell names: its exact name, else the one name equal without case and diacritics."""
    exact = [b for b in bodies if b.name == text]
    found = exact or [b for b in bodies if fold(b.name) == fold(text)]
    if not found:
        return None, _("Không có cơ quan «%(name)s».", name=text)
    if len(found) > 1:
        names = ", ".join(b.name for b in found)
        return None, _("Tên cơ quan «%(name)s» không rõ là cơ quan nào (%(names)s).", name=text, names=names)
    if found[0].dissolved_on is not None:
        return None, _("%(name)s đã giải thể; không thể thêm thành viên.", name=found[0].name)
    return found[0], ""


def _membership(values: dict, bodies: list[Body]) -> tuple[tuple[Body, BodyOffice] | None, str]:
    body_text, office_text = values.get("body", ""), values.get("office", "")
    if not body_text and not office_text:
        return None, ""
    if not body_text:
        return None, _("Có chức danh nhưng thiếu cơ quan.")
    body, reason = _body_named(body_text, bodies)
    if body is None:
        return None, reason
    if not office_text:
        return None, _("Thiếu chức danh trong cơ quan (Chủ tịch, Phó Chủ tịch hoặc Ủy viên).")
    office = office_value(office_text)
    if not office:
        return None, _(
            "Chức danh trong cơ quan không hợp lệ: «%(office)s» (Chủ tịch, Phó Chủ tịch hoặc Ủy viên).",
            office=office_text,
        )
    return (body, BodyOffice(office)), ""


def _membership_change(user: User | None, body: Body, office: BodyOffice) -> str:
    """What the line does to the user's membership of ``body``, "" when nothing."""
    today = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    current = None
    if user is not None:
        current = db.session.scalar(
            sa.select(BodyMember).where(BodyMember.body_id == body.id, BodyMember.user_id == user.id)
        )
    if current is None:
        return _("Thêm vào %(body)s với chức danh %(office)s.", body=body.name, office=office.label)
    if current.office != office or not current.serves_on(today):
        return _(
            "Chức danh tại %(body)s: %(old)s → %(new)s.", body=body.name, old=current.office.label, new=office.label
        )
    return ""


def plan_import(actor, data: bytes) -> ImportPlan:
    require_perm(actor, Perm.USER_MANAGE)
    plan, seen = [], {}
    bodies = list(db.session.scalars(sa.select(Body)))
    for row in read_rows(data):
        values = {k: clean_line(v) for k, v in row.values.items()}
        identity, name = values.get("identity", ""), values.get("full_name", "")
        login = _login_from(identity)
        entry = PlanRow(line=row.line, outcome="refused", login=login, full_name=name)
        plan.append(entry)
        role = role_value(values.get("role", ""))
        too_long = [k for k in ("full_name", "unit", "position") if len(values.get(k, "")) > MAX_NAME]
        if not name:
            entry.reason = _("Thiếu họ tên.")
        elif too_long:
            entry.reason = _("Nội dung quá dài (tối đa 200 ký tự).")
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
        member = None
        if not entry.reason:
            member, entry.reason = _membership(values, bodies)
        if entry.reason:
            continue
        seen[login] = row.line
        fields = {"full_name": name, "unit": values.get("unit", ""), "position": values.get("position", "")}
        if "@" in identity:
            fields["email"] = identity
        if role:
            fields["system_role"] = SystemRole(role)
        user = _find(identity, login)
        joins = _membership_change(user, *member) if member else ""
        if joins:
            entry.membership = (member[0].id, member[1])
        if user is None:
            entry.outcome, entry.fields = "create", fields
            entry.reason = " ".join(p for p in (_("Tài khoản mới, mật khẩu tạm thời."), joins) if p)
            continue
        entry.login = user.login
        if "unit" not in row.values:
            fields.pop("unit")
        if "position" not in row.values:
            fields.pop("position")
        changes = {k: v for k, v in fields.items() if getattr(user, k) != v}
        if changes or joins:
            entry.outcome, entry.fields = "update", changes
            said = _("Thay đổi: %(fields)s.", fields=", ".join(sorted(changes))) if changes else ""
            entry.reason = " ".join(p for p in (said, joins) if p)
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
            if row.fields:
                admin.update_user(
                    actor, user, **{k: (v.value if isinstance(v, SystemRole) else v) for k, v in row.fields.items()}
                )
        else:
            continue
        if row.membership is not None:
            _apply_membership(user, *row.membership)
    memberships = sum(1 for r in plan.rows if r.outcome in ("create", "update") and r.membership is not None)
    audit.record(
        "user.import", actor=actor, created=plan.count("create"), updated=plan.count("update"), memberships=memberships
    )
    return passwords


def _apply_membership(user: User, body_id: int, office: BodyOffice) -> None:
    """Make or change the standing membership; one that had ended (or not yet begun) serves again."""
    today = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    member = db.session.scalar(
        sa.select(BodyMember).where(BodyMember.body_id == body_id, BodyMember.user_id == user.id)
    )
    if member is None:
        db.session.add(BodyMember(body_id=body_id, user_id=user.id, office=office))
    else:
        member.office = office
        if not member.serves_on(today):
            member.starts_on = member.starts_on if member.starts_on and member.starts_on <= today else None
            member.ends_on = None
    db.session.flush()
