"""Tasks assigned by a meeting's conclusions: create, update, complete, and the follow-up
dashboard ("Theo dõi nhiệm vụ"). Deadlines are calendar dates in Vietnam time; a task is overdue
(trễ hạn) when it is still open after its deadline day, or was done after it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import gettext as _

from app.errors import ValidationError
from app.extensions import db
from app.models import User
from app.models.base import utcnow
from app.permissions import Perm, has_perm, require_perm, require_task_perm
from app.permissions_sql import meetings_with_perm_filter
from app.text import clean_line, clean_multiline
from meetings.models import AgendaItem, Task, TaskStatus

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
MAX_TITLE = 500


def today_local(now: datetime | None = None) -> date:
    """Today's date in Cao Lãnh, whatever the server's clock zone."""
    return (now or utcnow()).astimezone(LOCAL_TZ).date()


def is_overdue(task: Task, today: date | None = None) -> bool:
    today = today or today_local()
    if task.status == TaskStatus.open:
        return task.deadline < today
    return task.done_at is not None and task.done_at.astimezone(LOCAL_TZ).date() > task.deadline


def _parse_deadline(value) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        raise ValidationError(_("Hạn hoàn thành không hợp lệ; chọn một ngày (năm-tháng-ngày).")) from None


def _clean(meeting, data: dict, task: Task | None = None) -> dict:
    title = " ".join(clean_line(data.get("title") if "title" in data else task.title if task else "").split())
    if not title:
        raise ValidationError(_("Nhập nội dung nhiệm vụ."))
    if len(title) > MAX_TITLE:
        raise ValidationError(_("Nội dung nhiệm vụ quá dài (tối đa %(n)s ký tự).", n=MAX_TITLE))
    unit = " ".join(
        clean_line(data.get("assignee_unit") if "assignee_unit" in data else task.assignee_unit if task else "").split()
    )
    if len(unit) > 200:
        raise ValidationError(_("Tên đơn vị được giao dài quá %(n)s ký tự.", n=200))
    assignee = data.get("assignee", task.assignee if task else None)
    if assignee is not None and not isinstance(assignee, User):
        raise ValidationError(_("Người được giao không hợp lệ."))
    if not unit and assignee is None:
        raise ValidationError(_("Chọn đơn vị hoặc người được giao nhiệm vụ."))
    agenda_item = data.get("agenda_item", task.agenda_item if task else None)
    if agenda_item is not None and (not isinstance(agenda_item, AgendaItem) or agenda_item.meeting_id != meeting.id):
        raise ValidationError(_("Mục chương trình không thuộc cuộc họp này."))
    deadline = _parse_deadline(data["deadline"]) if "deadline" in data else task.deadline if task else None
    if deadline is None:
        raise ValidationError(_("Chọn hạn hoàn thành."))
    if task is None and deadline < meeting.starts_at.astimezone(LOCAL_TZ).date():
        raise ValidationError(_("Hạn hoàn thành không thể trước ngày họp."))
    conclusion = clean_multiline(data.get("conclusion") if "conclusion" in data else task.conclusion if task else "")
    if len(conclusion) > 5000:
        raise ValidationError(_("Kết luận dài quá %(n)s ký tự.", n=5000))
    return {
        "title": title,
        "assignee_unit": unit,
        "assignee": assignee,
        "agenda_item": agenda_item,
        "deadline": deadline,
        "conclusion": conclusion,
    }


def create_task(actor, meeting, **data) -> Task:
    """A task from one of the meeting's conclusions (whoever may edit the minutes)."""
    require_perm(actor, Perm.MINUTES_EDIT, meeting)
    task = Task(meeting_id=meeting.id, status=TaskStatus.open, created_by_id=actor.id, **_clean(meeting, data))
    db.session.add(task)
    db.session.flush()
    return task


def update_task(actor, task: Task, **data) -> Task:
    require_perm(actor, Perm.MINUTES_EDIT, task.meeting)
    for key, value in _clean(task.meeting, data, task).items():
        setattr(task, key, value)
    db.session.flush()
    return task


def complete_task(actor, task: Task, note: str = "") -> Task:
    """Mark done: the assignee, or whoever runs the meeting's secretariat."""
    require_task_perm(actor, Perm.TASK_COMPLETE, task)
    if task.status == TaskStatus.done:
        raise ValidationError(_("Nhiệm vụ này đã được đánh dấu hoàn thành."), status_code=409)
    task.status = TaskStatus.done
    task.done_at = utcnow()
    task.done_note = clean_multiline(note)[:2000]
    db.session.flush()
    return task


# -- reading ----------------------------------------------------------------------------------
def visible_tasks_filter(actor):
    """Tasks of meetings whose conclusions ``actor`` may read (``MINUTES_VIEW``: not observers, who
    see the meeting but not its minutes), and tasks assigned to them."""
    from meetings.models import Meeting

    readable = sa.select(Meeting.id).where(meetings_with_perm_filter(actor, Perm.MINUTES_VIEW))
    return sa.or_(Task.meeting_id.in_(readable), Task.assignee_id == getattr(actor, "id", None))


@dataclass
class TaskBoard:
    today: date
    open: list[Task] = field(default_factory=list)
    overdue: list[Task] = field(default_factory=list)
    done: list[Task] = field(default_factory=list)
    done_late: int = 0
    units: list[str] = field(default_factory=list)


def task_board(actor, unit: str = "", today: date | None = None) -> TaskBoard:
    """The dashboard: open (on time), overdue and done tasks ``actor`` may see, optionally of one unit."""
    require_perm(actor, Perm.TASK_TRACK)
    board = TaskBoard(today=today or today_local())
    visible = visible_tasks_filter(actor)
    board.units = [
        u
        for u in db.session.scalars(
            sa.select(Task.assignee_unit)
            .where(visible, Task.assignee_unit != "")
            .distinct()
            .order_by(Task.assignee_unit)
        )
    ]
    query = sa.select(Task).where(visible)
    if unit:
        query = query.where(Task.assignee_unit == unit)
    for task in db.session.scalars(query.order_by(Task.deadline, Task.id)):
        if task.status == TaskStatus.done:
            board.done.append(task)
            board.done_late += is_overdue(task, board.today)
        elif task.deadline < board.today:
            board.overdue.append(task)
        else:
            board.open.append(task)
    board.done.sort(key=lambda t: t.done_at, reverse=True)
    return board


def meeting_tasks(actor, meeting) -> list[Task]:
    """The meeting's tasks: all of them for those who may read its minutes (the tasks carry its
    conclusions), else only those assigned to ``actor`` (an observer given a task)."""
    require_perm(actor, Perm.MEETING_VIEW, meeting)
    query = sa.select(Task).where(Task.meeting_id == meeting.id)
    if not has_perm(actor, Perm.MINUTES_VIEW, meeting):
        query = query.where(Task.assignee_id == actor.id)
    return list(db.session.scalars(query.order_by(Task.deadline, Task.id)))


def meetings_to_assign_from(actor, limit: int = 8) -> list:
    """Recent meetings (in session or closed) where ``actor`` may assign tasks, newest first."""
    from meetings.models import Meeting, MeetingState

    return list(
        db.session.scalars(
            sa.select(Meeting)
            .where(
                meetings_with_perm_filter(actor, Perm.MINUTES_EDIT),
                Meeting.state.in_([MeetingState.in_session, MeetingState.closed]),
            )
            .order_by(Meeting.starts_at.desc())
            .limit(limit)
        )
    )
