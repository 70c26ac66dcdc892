"""Task follow-up pages: the dashboard, a meeting's tasks (assigning from its conclusions), completing."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.errors import NotFound, ValidationError
from app.extensions import db
from app.models import User
from app.permissions import Perm, has_perm, has_task_perm, permission_required
from meetings.models import AgendaItem, Task
from meetings.services.tasks import (
    complete_task,
    create_task,
    is_overdue,
    meeting_tasks,
    meetings_to_assign_from,
    task_board,
)

tasks_bp = Blueprint("tasks", __name__, template_folder="templates")


@tasks_bp.app_context_processor
def _task_helpers():
    return {
        "task_overdue": is_overdue,
        "can_complete_task": lambda task: has_task_perm(current_user, Perm.TASK_COMPLETE, task),
    }


@tasks_bp.route("/tasks")
@permission_required(Perm.TASK_TRACK)
def dashboard():
    unit = (request.args.get("unit") or "").strip()
    board = task_board(current_user, unit=unit)
    return render_template(
        "meetings/tasks.html", board=board, unit=unit, assign_from=meetings_to_assign_from(current_user)
    )


def _optional_row(model, raw: str | None, message: str):
    raw = (raw or "").strip()
    if not raw:
        return None
    row = db.session.get(model, int(raw)) if raw.isdigit() else None
    if row is None:
        raise ValidationError(message)
    return row


def _render_meeting_tasks(meeting, error: str | None = None, form=None, status: int = 200):
    assignable = db.session.scalars(
        sa.select(User).where(User.is_active_account.is_(True)).order_by(User.full_name)
    ).all()
    return render_template(
        "meetings/meeting_tasks.html",
        meeting=meeting,
        tasks=meeting_tasks(current_user, meeting),
        users=assignable,
        error=error,
        form=form or {},
        can_assign=has_perm(current_user, Perm.MINUTES_EDIT, meeting),
    ), status


@tasks_bp.route("/meetings/<int:meeting_id>/tasks")
@permission_required(Perm.MEETING_VIEW, meeting_arg="meeting_id")
def meeting_task_list(meeting):
    return _render_meeting_tasks(meeting)


@tasks_bp.post("/meetings/<int:meeting_id>/tasks")
@permission_required(Perm.MINUTES_EDIT, meeting_arg="meeting_id")
def assign(meeting):
    form = request.form
    try:
        create_task(
            current_user,
            meeting,
            title=form.get("title", ""),
            conclusion=form.get("conclusion", ""),
            assignee_unit=form.get("assignee_unit", ""),
            deadline=form.get("deadline", ""),
            assignee=_optional_row(User, form.get("assignee_id"), _("Người được giao không hợp lệ.")),
            agenda_item=_optional_row(
                AgendaItem, form.get("agenda_item_id"), _("Mục chương trình không thuộc cuộc họp này.")
            ),
        )
    except ValidationError as exc:
        db.session.rollback()
        return _render_meeting_tasks(meeting, error=str(exc.message), form=form, status=exc.status_code)
    db.session.commit()
    flash(_("Đã giao nhiệm vụ."), "success")
    return redirect(url_for("tasks.meeting_task_list", meeting_id=meeting.id))


@tasks_bp.post("/tasks/<int:task_id>/complete")
@login_required
def complete(task_id: int):
    task = db.session.get(Task, task_id)
    if task is None:
        raise NotFound()
    complete_task(current_user, task, note=request.form.get("note", ""))
    db.session.commit()
    flash(_("Đã ghi nhận hoàn thành nhiệm vụ."), "success")
    target = request.form.get("next", "")
    if target != "meeting":
        return redirect(url_for("tasks.dashboard"))
    return redirect(url_for("tasks.meeting_task_list", meeting_id=task.meeting_id))
