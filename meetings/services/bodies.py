"""Bodies (app.models.Body) for system administrators (``Perm.BODY_MANAGE``): create, edit, standing
members with their offices, floor rules per body and meeting kind, dissolution with date and successor.
Plain services: permission first, validate, change, flush; the views commit."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from app import audit
from app.errors import NotFound, ValidationError
from app.extensions import db
from app.models import Body, BodyLevel, BodyMember, BodyOffice, User
from app.permissions import Perm, require_perm
from app.text import clean_line
from meetings.floor_rules import DEFAULT_RULES, FloorRules, MajorityBasis, Threshold
from meetings.models import FloorRuleSet, Meeting, MeetingKind, MeetingMember
from meetings.services.floor_rules import rule_set, set_rules

LEVEL_ORDER = {BodyLevel.province: 0, BodyLevel.commune: 1, BodyLevel.district: 2}
# the majority thresholds offered: "more than half" (the law's default) and "at least two thirds"
THRESHOLDS = {"gt_1_2": Threshold(1, 2, strict=True), "ge_2_3": Threshold(2, 3, strict=False)}


def _date(value, label: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(_("%(label)s không hợp lệ (định dạng YYYY-MM-DD).", label=label)) from None


def get_body(actor, body_id) -> Body:
    require_perm(actor, Perm.BODY_MANAGE)
    body = db.session.get(Body, body_id) if str(body_id).isdigit() else None
    if body is None:
        raise NotFound(_("Không tìm thấy cơ quan."))
    return body


def body_tree(actor) -> list[tuple[Body, list[Body]]]:
    """Provinces (and bodies without a parent), each with the bodies under it, by level then name;
    dissolved bodies last in each group."""
    require_perm(actor, Perm.BODY_MANAGE)
    bodies = db.session.scalars(sa.select(Body)).all()

    def key(b):
        return (b.dissolved_on is not None, LEVEL_ORDER[b.level], b.name)

    roots = sorted((b for b in bodies if b.parent_id is None), key=key)
    return [(root, sorted((b for b in bodies if b.parent_id == root.id), key=key)) for root in roots]


def _clean_fields(data: dict, body: Body | None) -> dict:
    out = {}
    if "name" in data or body is None:
        name = clean_line(data.get("name"))
        if not name:
            raise ValidationError(_("Vui lòng nhập tên cơ quan (ví dụ: UBND xã Mỹ Thọ)."))
        if len(name) > 200:
            raise ValidationError(_("Tên cơ quan dài quá 200 ký tự."))
        same = db.session.scalar(sa.select(Body).where(Body.name == name))
        if same is not None and same is not body:
            raise ValidationError(_("Đã có cơ quan «%(name)s».", name=name), status_code=409)
        out["name"] = name
    if "short_code" in data:
        code = clean_line(data.get("short_code")) or None
        if code is not None and len(code) > 20:
            raise ValidationError(_("Mã cơ quan dài quá 20 ký tự."))
        same = db.session.scalar(sa.select(Body).where(Body.short_code == code)) if code else None
        if same is not None and same is not body:
            raise ValidationError(_("Mã «%(code)s» đã dùng cho %(name)s.", code=code, name=same.name), status_code=409)
        out["short_code"] = code
    if "level" in data or body is None:
        try:
            out["level"] = BodyLevel(data.get("level") or "")
        except ValueError:
            raise ValidationError(_("Cấp cơ quan không hợp lệ.")) from None
    level = out.get("level", body.level if body else None)
    if "parent_id" in data or body is None:
        parent_id = data.get("parent_id")
        parent = db.session.get(Body, int(parent_id)) if str(parent_id or "").isdigit() else None
        if parent_id not in (None, "") and parent is None:
            raise ValidationError(_("Không có cơ quan cấp trên này."))
        out["parent_id"] = parent.id if parent else None
    parent = db.session.get(Body, out.get("parent_id", body.parent_id if body else None) or 0)
    if level is BodyLevel.province and parent is not None:
        raise ValidationError(_("Cơ quan cấp tỉnh không có cơ quan cấp trên."))
    if level is not BodyLevel.province and parent is not None and parent.level is not BodyLevel.province:
        raise ValidationError(_("Cơ quan cấp trên phải là một cơ quan cấp tỉnh."))
    if body is not None and parent is body:
        raise ValidationError(_("Cơ quan không thể là cấp trên của chính nó."))
    if body is not None and level is not BodyLevel.province:
        if db.session.scalar(sa.select(sa.func.count(Body.id)).where(Body.parent_id == body.id)):
            raise ValidationError(_("%(name)s có cơ quan trực thuộc nên phải là cấp tỉnh.", name=body.name))
    return out


def create_body(actor, **data) -> Body:
    require_perm(actor, Perm.BODY_MANAGE)
    body = Body(**_clean_fields(data, None))
    db.session.add(body)
    db.session.flush()
    audit.record("body.create", actor=actor, target=body.name, body_id=body.id, level=body.level.value)
    return body


def update_body(actor, body: Body, **data) -> Body:
    require_perm(actor, Perm.BODY_MANAGE)
    fields = _clean_fields(data, body)
    changed = sorted(k for k, v in fields.items() if getattr(body, k) != v)
    for key, value in fields.items():
        setattr(body, key, value)
    db.session.flush()
    audit.record("body.update", actor=actor, target=body.name, body_id=body.id, fields=changed)
    return body


def dissolve_body(actor, body: Body, *, dissolved_on, successor_id=None) -> Body:
    """Mark ``body`` dissolved on a day, with the body that takes over (optional). Its meetings and
    minutes stay in the archive; it holds no new meetings."""
    require_perm(actor, Perm.BODY_MANAGE)
    if body.dissolved_on is not None:
        raise ValidationError(_("%(name)s đã giải thể.", name=body.name), status_code=409)
    day = _date(dissolved_on, _("Ngày giải thể"))
    if day is None:
        raise ValidationError(_("Vui lòng nhập ngày giải thể."))
    successor = None
    if successor_id not in (None, ""):
        successor = db.session.get(Body, int(successor_id)) if str(successor_id).isdigit() else None
        if successor is None or successor is body or successor.dissolved_on is not None:
            raise ValidationError(_("Cơ quan kế thừa phải là một cơ quan khác đang hoạt động."))
    body.dissolved_on, body.successor_id = day, successor.id if successor else None
    db.session.flush()
    audit.record(
        "body.dissolve",
        actor=actor,
        target=body.name,
        body_id=body.id,
        on=day.isoformat(),
        successor_id=body.successor_id,
    )
    return body


# -- standing members ---------------------------------------------------------------------------
def _office(value) -> BodyOffice:
    try:
        return value if isinstance(value, BodyOffice) else BodyOffice(value or "member")
    except ValueError:
        raise ValidationError(_("Chức danh không hợp lệ: %(office)s.", office=value)) from None


def add_body_member(actor, body: Body, user_id, office="member", starts_on=None, ends_on=None) -> BodyMember:
    require_perm(actor, Perm.BODY_MANAGE)
    user = db.session.get(User, int(user_id)) if str(user_id or "").isdigit() else None
    if user is None:
        raise ValidationError(_("Không tìm thấy người dùng."))
    if any(m.user_id == user.id for m in body.members):
        raise ValidationError(_("%(name)s đã là thành viên của %(body)s.", name=user.full_name, body=body.name))
    start, end = _date(starts_on, _("Ngày bắt đầu")), _date(ends_on, _("Ngày kết thúc"))
    if start and end and end < start:
        raise ValidationError(_("Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu."))
    member = BodyMember(body=body, user=user, office=_office(office), starts_on=start, ends_on=end)
    db.session.add(member)
    db.session.flush()
    audit.record("body.member_add", actor=actor, target=body.name, user=user.login, office=member.office.value)
    return member


def _membership(body: Body, user_id) -> BodyMember:
    member = next((m for m in body.members if str(m.user_id) == str(user_id)), None)
    if member is None:
        raise NotFound(_("Người này không phải thành viên của cơ quan."))
    return member


def change_body_member(actor, body: Body, user_id, office) -> BodyMember:
    require_perm(actor, Perm.BODY_MANAGE)
    member = _membership(body, user_id)
    member.office = _office(office)
    db.session.flush()
    audit.record(
        "body.member_office", actor=actor, target=body.name, user=member.user.login, office=member.office.value
    )
    return member


def remove_body_member(actor, body: Body, user_id) -> None:
    require_perm(actor, Perm.BODY_MANAGE)
    member = _membership(body, user_id)
    login = member.user.login
    body.members.remove(member)
    db.session.flush()
    audit.record("body.member_remove", actor=actor, target=body.name, user=login)


# -- floor rules ----------------------------------------------------------------------------------
def _kind(kind) -> str | None:
    if kind in (None, ""):
        return None
    try:
        return MeetingKind(kind).value
    except ValueError:
        raise ValidationError(_("Loại cuộc họp không hợp lệ: %(kind)s.", kind=kind)) from None


def body_rules(body: Body, kind=None) -> tuple[FloorRules, bool]:
    """The rules stored for exactly this body and kind, and whether they are stored (else the law's
    defaults are shown)."""
    row = rule_set(body, _kind(kind))
    return (FloorRules.from_dict(row.rules), True) if row else (DEFAULT_RULES, False)


def parse_rules(data: dict) -> FloorRules:
    """Rules from a form or JSON: ``quorum`` "2/3" (at least), ``majority_basis``, ``threshold``
    (gt_1_2 | ge_2_3), and the flags."""
    text = str(data.get("quorum") or "").strip()
    try:
        num, den = (int(part) for part in text.split("/"))
        quorum = Threshold(num, den, strict=False)
    except (ValueError, TypeError):
        raise ValidationError(_("Tỷ lệ tối thiểu có mặt phải là phân số như 2/3 (tử số từ 1 đến mẫu số).")) from None
    if quorum.den > 100:
        raise ValidationError(_("Tỷ lệ tối thiểu có mặt phải là phân số như 2/3 (tử số từ 1 đến mẫu số)."))
    try:
        basis = MajorityBasis(data.get("majority_basis") or "")
    except ValueError:
        raise ValidationError(_("Cách tính đa số không hợp lệ.")) from None
    if data.get("threshold") not in THRESHOLDS:
        raise ValidationError(_("Ngưỡng thông qua phải là «trên 1/2» hoặc «ít nhất 2/3»."))

    def flag(key):
        value = data.get(key)
        return value is True or str(value).lower() in ("1", "true", "on", "yes")

    return FloorRules(
        quorum=quorum,
        majority=THRESHOLDS[data["threshold"]],
        majority_basis=basis,
        substitutes_count=flag("substitutes_count"),
        absent_votes_count=flag("absent_votes_count"),
        ballots_changeable=flag("ballots_changeable"),
    )


def threshold_key(rules: FloorRules) -> str:
    return next((k for k, t in THRESHOLDS.items() if t == rules.majority), "")


def save_body_rules(actor, body: Body, data: dict, kind=None) -> FloorRuleSet:
    """Store the body's rules (for one meeting kind, or every kind). Votes already opened keep the
    rules they copied; only votes opened from now on use these."""
    require_perm(actor, Perm.BODY_MANAGE)
    rules = parse_rules(data)
    row = set_rules(actor, rules, body=body, kind=_kind(kind))
    audit.record("body.rules", actor=actor, target=body.name, kind=_kind(kind), rules=rules.to_dict())
    return row


def reset_body_rules(actor, body: Body, kind=None) -> None:
    """Back to the rules for every body (or the law's defaults)."""
    require_perm(actor, Perm.BODY_MANAGE)
    row = rule_set(body, _kind(kind))
    if row is not None:
        db.session.delete(row)
        db.session.flush()
        audit.record("body.rules_reset", actor=actor, target=body.name, kind=_kind(kind))


def usual_body(user: User, bodies: list[Body]) -> Body | None:
    """Of ``bodies``, the one ``user`` works for: the body they sit on, else the host of the latest
    meeting they belong to — what a form proposes first (a commune's secretary was offered the
    province, listed first, with none of its members ticked). None when nothing ties them to one."""
    offered = {body.id: body for body in bodies}
    seats = db.session.scalars(sa.select(BodyMember.body_id).where(BodyMember.user_id == user.id)).all()
    hosts = db.session.scalars(
        sa.select(Meeting.body_id)
        .join(MeetingMember, MeetingMember.meeting_id == Meeting.id)
        .where(MeetingMember.user_id == user.id)
        .order_by(Meeting.starts_at.desc())
        .limit(50)
    ).all()
    return next((offered[body_id] for body_id in [*seats, *hosts] if body_id in offered), None)
