"""The audit log page (/admin/audit): filters by action, person, target and dates (Vietnam time),
newest first, and on demand the chain's verification."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import render_template, request
from flask_babel import gettext as _

from app.audit import ACTIONS, verify_chain
from app.audit_labels import action_label
from app.errors import ValidationError
from app.extensions import db
from app.models import AuditEntry

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
PER_PAGE = 50


def _date(name: str) -> date | None:
    value = request.args.get(name, "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError(_("Ngày không hợp lệ: %(value)s (dùng dạng năm-tháng-ngày).", value=value)) from None


def audit_page():
    action = request.args.get("action", "").strip()
    who = request.args.get("who", "").strip().lower()
    target = request.args.get("target", "").strip().lower()
    date_from, date_to = _date("date_from"), _date("date_to")
    try:
        page = max(1, int(request.args.get("page") or 1))
    except ValueError:
        raise ValidationError(_("Bộ lọc không hợp lệ: %(name)s.", name="page")) from None
    conditions = []
    if action:
        conditions.append(sa.or_(AuditEntry.action == action, AuditEntry.action.like(f"{action}.%")))
    if who:
        conditions.append(sa.func.lower(AuditEntry.actor_login).like(f"%{who}%"))
    if target:
        conditions.append(sa.func.lower(AuditEntry.target).like(f"%{target}%"))
    if date_from:
        conditions.append(AuditEntry.at >= datetime.combine(date_from, time.min, tzinfo=VN_TZ))
    if date_to:
        conditions.append(AuditEntry.at < datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=VN_TZ))
    total = db.session.scalar(sa.select(sa.func.count(AuditEntry.id)).where(*conditions)) or 0
    entries = db.session.scalars(
        sa.select(AuditEntry)
        .where(*conditions)
        .order_by(AuditEntry.seq.desc())
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
    ).all()
    report = verify_chain() if request.args.get("verify") == "1" else None
    query = {k: v for k, v in request.args.items() if k not in ("page", "verify") and v}
    return render_template(
        "admin/audit.html",
        entries=entries,
        total=total,
        page=page,
        pages=max(1, -(-total // PER_PAGE)),
        actions=sorted({a.split(".")[0] for a in ACTIONS} | set(ACTIONS)),
        filters=dict(action=action, who=who, target=target, date_from=date_from, date_to=date_to),
        action_label=action_label,
        query=query,
        report=report,
    )
