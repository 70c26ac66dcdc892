"""The access log page (/audit) for administrators and archivists."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import ValidationError
from app.extensions import db
from app.models import User
from app.permissions import Perm, permission_required
from meetings.models import AccessAction, AccessLog
from meetings.services.documents import list_access_logs

audit_bp = Blueprint("audit", __name__, template_folder="templates")
PER_PAGE = 50


def _int_arg(name: str) -> int | None:
    value = request.args.get(name, "").strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise ValidationError(_("Bộ lọc không hợp lệ: %(name)s.", name=name)) from None


def _date_arg(name: str) -> date | None:
    value = request.args.get(name, "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError(_("Ngày không hợp lệ: %(value)s (dùng dạng năm-tháng-ngày).", value=value)) from None


@audit_bp.get("/audit")
@permission_required(Perm.AUDIT_VIEW)
def log():
    action_value = request.args.get("action", "").strip()
    try:
        action = AccessAction(action_value) if action_value else None
    except ValueError:
        raise ValidationError(_("Bộ lọc không hợp lệ: %(name)s.", name="action")) from None
    filters = {
        "user_id": _int_arg("user_id"),
        "meeting_id": _int_arg("meeting_id"),
        "date_from": _date_arg("date_from"),
        "date_to": _date_arg("date_to"),
        "action": action,
    }
    page = list_access_logs(current_user, **filters, page=_int_arg("page") or 1, per_page=PER_PAGE)
    from meetings.models import Meeting

    users = db.session.scalars(sa.select(User).order_by(User.full_name)).all()
    meetings = db.session.execute(
        sa.select(Meeting.id, Meeting.title)
        .where(Meeting.id.in_(sa.select(AccessLog.meeting_id).distinct()))
        .order_by(Meeting.starts_at.desc())
    ).all()
    query = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "documents/audit.html",
        page=page,
        users=users,
        meetings=meetings,
        filters=filters,
        actions=list(AccessAction),
        query=query,
    )
