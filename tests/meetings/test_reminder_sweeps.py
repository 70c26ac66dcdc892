"""The reminder sweeps, run in-process at chosen instants: who is reminded, when, in which language,
and that running a sweep again (or late) sends nothing more."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from app.extensions import db
from meetings.models import MeetingState, Notification, Task, TaskStatus
from meetings.services.notifications import deliver_queued_emails
from meetings.services.reminder_sweeps import meeting_reminders, overdue_task_reminders
from tests.support.factories import cast_meeting, create_user

START = datetime(2026, 12, 3, 0, 30, tzinfo=UTC)  # 07:30 03/12/2026 in Vietnam


def _notes(user) -> list[str]:
    return list(db.session.scalars(sa.select(Notification.text).where(Notification.user_id == user.id)))


def test_meeting_reminders_24h_and_1h_before_reach_each_member_once(app, people):
    cast_meeting(people, title="Họp thường kỳ tháng 12", starts_at=START)
    db.session.flush()
    assert meeting_reminders(START - timedelta(hours=25)) == 0  # not yet
    assert meeting_reminders(START - timedelta(hours=23)) == 4  # chair, secretary, member, observer
    assert meeting_reminders(START - timedelta(hours=22)) == 0  # once
    text = _notes(people["member"])
    assert text == [
        "Nhắc lịch: cuộc họp «Họp thường kỳ tháng 12» bắt đầu sau khoảng 24 giờ, lúc 07:30 03/12/2026 "
        "tại Phòng họp số 1."
    ]
    assert _notes(people["outsider"]) == [] and _notes(people["secretariat"]) == []
    assert meeting_reminders(START - timedelta(minutes=50)) == 4
    assert meeting_reminders(START - timedelta(minutes=10)) == 0
    assert "sau khoảng 1 giờ, lúc 07:30 03/12/2026" in _notes(people["observer"])[-1]
    assert meeting_reminders(START + timedelta(minutes=1)) == 0  # started: nothing


def test_a_late_sweep_sends_only_what_is_still_due_and_a_moved_meeting_reminds_again(app, people):
    meeting = cast_meeting(people, starts_at=START)
    db.session.flush()
    # the scheduler was down until 40 minutes before: no "24 hours" notice, only the 1-hour one
    assert meeting_reminders(START - timedelta(minutes=40)) == 4
    assert ["1 giờ" in t for t in _notes(people["chair"])] == [True]
    meeting.starts_at = START + timedelta(days=1)  # postponed by a day: reminded for the new time
    db.session.flush()
    assert meeting_reminders(START + timedelta(hours=1)) == 4
    assert "07:30 04/12/2026" in _notes(people["chair"])[-1] and "24 giờ" in _notes(people["chair"])[-1]


def test_no_reminders_for_draft_cancelled_closed_or_running_meetings(app, people):
    for state in (MeetingState.draft, MeetingState.cancelled, MeetingState.closed, MeetingState.in_session):
        cast_meeting(people, state=state, starts_at=START)
    db.session.flush()
    assert meeting_reminders(START - timedelta(hours=2)) == 0
    assert meeting_reminders(START - timedelta(minutes=30)) == 0
    assert _notes(people["chair"]) == []


def test_a_deactivated_member_is_not_reminded(app, people):
    cast_meeting(people, starts_at=START)
    people["member"].is_active_account = False
    db.session.flush()
    assert meeting_reminders(START - timedelta(hours=3)) == 3
    assert _notes(people["member"]) == []


def test_reminders_are_mailed_in_each_recipients_language(app, people, smtp_sink):
    people["member"].email, people["member"].locale = "member@caolanh.gov.vn", "en"
    people["observer"].email = "observer@caolanh.gov.vn"
    cast_meeting(people, title="Họp chuyên đề", starts_at=START)
    db.session.flush()
    meeting_reminders(START - timedelta(minutes=30))
    db.session.commit()
    assert deliver_queued_emails() == 2
    bodies = {rcpt[0]: m.get_payload(decode=True).decode() for rcpt, m in smtp_sink.messages}
    assert bodies["member@caolanh.gov.vn"].startswith(
        "Reminder: the meeting «Họp chuyên đề» starts in about 1 hour, at 07:30 03/12/2026 in Phòng họp số 1."
    )
    assert bodies["observer@caolanh.gov.vn"].startswith("Nhắc lịch: cuộc họp «Họp chuyên đề» bắt đầu sau khoảng 1 giờ")


def test_an_overdue_task_reminds_its_assignee_and_the_secretary_once(app, people):
    meeting = cast_meeting(people, state=MeetingState.closed, starts_at=START - timedelta(days=30))
    assignee = create_user()
    task = Task(
        meeting_id=meeting.id, title="Báo cáo tiến độ giải ngân", assignee_id=assignee.id, deadline=date(2026, 12, 2)
    )
    done = Task(
        meeting_id=meeting.id,
        title="Đã xong",
        assignee_id=assignee.id,
        deadline=date(2026, 12, 1),
        status=TaskStatus.done,
    )
    db.session.add_all([task, done])
    db.session.flush()
    # 23:30 on 02/12 in Vietnam: the deadline day is not over yet
    assert overdue_task_reminders(datetime(2026, 12, 2, 16, 30, tzinfo=UTC)) == 0
    # 07:01 on 03/12 in Vietnam (00:01 UTC): overdue
    assert overdue_task_reminders(datetime(2026, 12, 3, 0, 1, tzinfo=UTC)) == 2
    assert overdue_task_reminders(datetime(2026, 12, 3, 5, 0, tzinfo=UTC)) == 0
    assert _notes(assignee) == ["Nhiệm vụ «Báo cáo tiến độ giải ngân» đã quá hạn (hạn 02/12/2026) và chưa hoàn thành."]
    assert len(_notes(people["secretary"])) == 1 and _notes(people["chair"]) == []


def test_tasks_overdue_long_ago_are_left_alone(app, people):
    meeting = cast_meeting(people, state=MeetingState.closed, starts_at=START - timedelta(days=400))
    db.session.add(Task(meeting_id=meeting.id, title="Cũ", assignee_id=people["member"].id, deadline=date(2025, 11, 1)))
    db.session.flush()
    assert overdue_task_reminders(START) == 0
