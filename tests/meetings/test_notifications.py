"""Notifications: the page and its unread count, marking read, and e-mail copies through a real
SMTP server (aiosmtpd) only when PHONGHOP_SMTP_HOST is configured."""

import email
import socket

import pytest
import sqlalchemy as sa

from app.errors import NotFound
from app.extensions import db
from meetings.models import Notification
from meetings.services.agenda import add_agenda_item
from meetings.services.notifications import deliver_queued_emails, discard_queued_emails, mark_read
from tests.conftest import login
from tests.support.factories import cast_meeting, create_user


def test_agenda_change_is_mailed_after_commit_when_smtp_is_configured(people, smtp_sink):
    people["member"].email = "uyvien@caolanh.gov.vn"
    meeting = cast_meeting(people, title="Phiên họp tháng 12")
    add_agenda_item(people["secretariat"], meeting, title="Tờ trình dự toán")
    assert smtp_sink.messages == []  # nothing leaves before the change is committed
    db.session.commit()
    assert deliver_queued_emails() == 1
    [(rcpt, message)] = smtp_sink.messages
    assert rcpt == ["uyvien@caolanh.gov.vn"] and message["From"] == "vanphong@caolanh.gov.vn"
    body = message.get_payload(decode=True).decode("utf-8")
    assert "Chương trình cuộc họp «Phiên họp tháng 12» đã thay đổi" in body
    assert f"/meetings/{meeting.id}" in body
    assert "Phòng họp không giấy" in str(email.header.make_header(email.header.decode_header(message["Subject"])))


def test_a_rolled_back_change_mails_nothing(people, smtp_sink):
    people["member"].email = "uyvien@caolanh.gov.vn"
    meeting = cast_meeting(people)
    add_agenda_item(people["secretariat"], meeting, title="Bỏ")
    discard_queued_emails()
    assert deliver_queued_emails() == 0 and smtp_sink.messages == []


def test_without_smtp_host_nothing_is_mailed_but_in_app_notes_exist(app, people):
    assert not app.config.get("SMTP_HOST")
    people["member"].email = "uyvien@caolanh.gov.vn"
    meeting = cast_meeting(people)
    add_agenda_item(people["secretariat"], meeting, title="Nội dung")
    assert deliver_queued_emails() == 0
    assert (
        db.session.scalar(sa.select(sa.func.count(Notification.id)).where(Notification.user_id == people["member"].id))
        == 1
    )


def test_unreachable_mail_server_does_not_fail_the_change(app, people):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port)
    try:
        people["member"].email = "uyvien@caolanh.gov.vn"
        add_agenda_item(people["secretariat"], cast_meeting(people), title="Nội dung")
        assert deliver_queued_emails() == 0
    finally:
        app.config.update(SMTP_HOST=None, SMTP_PORT=25)


def test_notification_page_count_and_reading(client, people):
    meeting = cast_meeting(people, title="Họp giao ban")
    add_agenda_item(people["secretariat"], meeting, title="Báo cáo tuần")
    add_agenda_item(people["secretariat"], meeting, title="Kế hoạch tháng")
    login(client, people["member"])
    page = client.get("/meetings/mine").get_data(as_text=True)
    assert 'data-testid="unread-count"' in page and ">2</span>" in page
    html = client.get("/notifications").get_data(as_text=True)
    assert html.count('class="notification unread"') == 2 and "Kế hoạch tháng" in html
    note = db.session.scalars(sa.select(Notification).where(Notification.user_id == people["member"].id)).first()
    response = client.post(f"/notifications/{note.id}/read")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/meetings/{meeting.id}")
    assert client.get("/notifications").get_data(as_text=True).count('class="notification unread"') == 1
    client.post("/notifications/read-all")
    html = client.get("/notifications").get_data(as_text=True)
    assert 'class="notification unread"' not in html and 'data-testid="unread-count"' not in html


def test_someone_elses_notification_is_not_found(client, people):
    meeting = cast_meeting(people)
    add_agenda_item(people["secretariat"], meeting, title="Riêng")
    note = db.session.scalars(sa.select(Notification).where(Notification.user_id == people["member"].id)).first()
    with pytest.raises(NotFound):
        mark_read(people["observer"], note.id)
    login(client, people["observer"])
    assert client.post(f"/notifications/{note.id}/read").status_code == 404
    db.session.expire_all()
    assert db.session.get(Notification, note.id).read_at is None


def test_notifications_need_login(client):
    response = client.get("/notifications")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    user = create_user()
    login(client, user)
    assert "Chưa có thông báo." in client.get("/notifications").get_data(as_text=True)
