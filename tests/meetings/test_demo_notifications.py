"""The demo's upcoming meeting is published through the service, then one agenda item is amended:
a member logging in after `make run` finds the invitation and the agenda change unread; the
secretary who sent them and people outside the meeting find nothing."""

from datetime import UTC, datetime, timedelta

import pytest

from app.extensions import db
from demo.documents.period import Period
from demo.seed import create_demo_users, seed_upcoming_meeting, upcoming_agenda, upcoming_meeting_day
from meetings.models import MeetingState
from meetings.services.notifications import list_notifications, unread_count
from tests.conftest import login


@pytest.fixture
def demo(app):
    users = create_demo_users("phonghop2026")
    now = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
    meeting = seed_upcoming_meeting(users, now=now)
    db.session.flush()
    return users, meeting, now


def test_members_find_the_invitation_and_the_agenda_change_unread(demo):
    users, meeting, now = demo
    assert meeting.state == MeetingState.published
    # the amendment leaves the agenda as the demo describes it
    assert [(i.title, i.duration_minutes) for i in meeting.agenda_items] == [
        (a.title, a.minutes) for a in upcoming_agenda(Period(upcoming_meeting_day(now)))
    ]
    for login_name in ("chutich", "phochutich1", "uyvien1", "uyvien3", "khachmoi"):
        notes = list_notifications(users[login_name])
        assert unread_count(users[login_name]) == 2, login_name
        change, invitation = notes  # newest first
        assert change.text.startswith(
            f"Chương trình cuộc họp «{meeting.title}» đã thay đổi: cập nhật nội dung «Kế hoạch ứng dụng e-Cabinet"
        )
        assert invitation.text.startswith(f"Giấy mời: {meeting.title}, lúc 07:30 ")
        assert invitation.created_at == now - timedelta(days=3)
        assert change.created_at == now - timedelta(days=1, hours=2)
        assert {n.meeting_id for n in notes} == {meeting.id} and not any(n.is_read for n in notes)
    for nobody in ("thuky", "ngoai", "luutru", "admin"):  # the sender, and people outside the meeting
        assert list_notifications(users[nobody]) == [], nobody


def test_the_bell_shows_them_to_a_member(app, demo):
    users, meeting, _now = demo
    client = app.test_client()
    login(client, users["uyvien1"], "phonghop2026")
    page = client.get("/meetings/mine").get_data(as_text=True)
    assert 'data-testid="unread-count"' in page and ">2</span>" in page
    listing = client.get("/notifications").get_data(as_text=True)
    assert listing.count('class="notification unread"') == 2 and "Giấy mời: " + meeting.title in listing
    # the same notifications in English for a reader who switches language: nothing left in Vietnamese
    english = client.get("/notifications?lang=en").get_data(as_text=True)
    assert f"Invitation: {meeting.title}, at 07:30 " in english and "Giấy mời" not in english
    assert (
        f"The agenda of meeting «{meeting.title}» has changed: updated item «Kế hoạch ứng dụng e-Cabinet" in english
    ) and "cập nhật nội dung" not in english
