"""The reminder sweeps (registered in app/schedule.py): each is ``sweep(now)``, idempotent, and sends
through ``deliver_once`` so a reminder reaches each person once whoever runs it and however often.

Before a meeting: 24 hours and 1 hour before its start, to its members and invited guests who may
see it (``MEETING_VIEW``), while it is published — not a draft, not cancelled, not under way or
closed. Each reminder has a window: the 24-hour one from 24 h to 1 h before the start, the 1-hour one
from 1 h before to the start; a sweep that runs late sends only what is still due (never a "24 hours"
notice with 40 minutes left). The key holds the start time, so a meeting moved to another time
reminds again for its new time.

Overdue tasks: the day after a task's deadline (Vietnam date), its assignee and the meeting's
secretary are told once. Tasks that became overdue more than ``OVERDUE_LOOKBACK_DAYS`` ago are left
alone, so turning reminders on for an old archive does not send a flood about years-old tasks.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.permissions import Perm, has_perm
from meetings.localtime import LOCAL_TZ
from meetings.models import Meeting, MeetingMember, MeetingRole, MeetingState, Task, TaskStatus
from meetings.notices import Notice, notice
from meetings.services.reminders import deliver_once

# (label, from this long before the start, until this long before it)
MEETING_REMINDERS = (("24h", timedelta(hours=24), timedelta(hours=1)), ("1h", timedelta(hours=1), timedelta(0)))
OVERDUE_LOOKBACK_DAYS = 7


def meeting_reminder_key(meeting: Meeting, label: str) -> str:
    return f"meeting:{meeting.id}:before-{label}:{meeting.starts_at:%Y-%m-%dT%H:%MZ}"


def task_overdue_key(task: Task) -> str:
    return f"task:{task.id}:overdue:{task.deadline.isoformat()}"


def meeting_reminders(now: datetime) -> int:
    """Send the meeting reminders due at ``now``; return how many people were reminded."""
    horizon = max(lead for _, lead, _ in MEETING_REMINDERS)
    meetings = db.session.scalars(
        sa.select(Meeting)
        .where(Meeting.state == MeetingState.published, Meeting.starts_at > now, Meeting.starts_at <= now + horizon)
        .options(selectinload(Meeting.members).selectinload(MeetingMember.user))
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    sent = 0
    for meeting in meetings:
        left = meeting.starts_at - now
        for label, lead, until in MEETING_REMINDERS:
            if until < left <= lead:
                people = [m.user for m in meeting.members if has_perm(m.user, Perm.MEETING_VIEW, meeting)]
                sent += len(
                    deliver_once(meeting_reminder_key(meeting, label), people, meeting, _before(meeting, label))
                )
    return sent


def _before(meeting: Meeting, label: str) -> Notice:
    when = meeting.starts_at.astimezone(LOCAL_TZ).strftime("%H:%M %d/%m/%Y")
    place = meeting.place or "—"
    if label == "24h":
        return notice(
            "Nhắc lịch: cuộc họp «%(title)s» bắt đầu sau khoảng 24 giờ, lúc %(when)s tại %(place)s.",
            title=meeting.title,
            when=when,
            place=place,
        )
    return notice(
        "Nhắc lịch: cuộc họp «%(title)s» bắt đầu sau khoảng 1 giờ, lúc %(when)s tại %(place)s.",
        title=meeting.title,
        when=when,
        place=place,
    )


def overdue_task_reminders(now: datetime) -> int:
    """Tell the assignee and the meeting's secretary, once, that an open task passed its deadline."""
    today = now.astimezone(LOCAL_TZ).date()
    tasks = db.session.scalars(
        sa.select(Task)
        .where(
            Task.status == TaskStatus.open,
            Task.deadline < today,
            Task.deadline >= today - timedelta(days=OVERDUE_LOOKBACK_DAYS),
        )
        .options(selectinload(Task.meeting).selectinload(Meeting.members).selectinload(MeetingMember.user))
        .order_by(Task.deadline, Task.id)
    ).all()
    sent = 0
    for task in tasks:
        people = [task.assignee] if task.assignee is not None and task.assignee.is_active else []
        people += [m.user for m in task.meeting.members if m.role == MeetingRole.secretary and m.user.is_active]
        message = notice(
            "Nhiệm vụ «%(title)s» đã quá hạn (hạn %(deadline)s) và chưa hoàn thành.",
            title=task.title[:200],
            deadline=task.deadline.strftime("%d/%m/%Y"),
        )
        sent += len(deliver_once(task_overdue_key(task), people, task.meeting, message))
    return sent
