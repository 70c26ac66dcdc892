"""The secretariat invites the body's standing members in one step ("Mời đủ thành viên …"), and a
draft about to be published says what it still lacks (no agenda, no documents, nobody but the
chair and the secretary) beside "Công bố" and in its confirmation."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import SystemRole
from meetings.models import MeetingMember, MeetingRole, MeetingState, Notification
from meetings.services import bodies as body_services
from meetings.services.agenda import add_agenda_item
from meetings.services.meetings import create_meeting, publish_meeting
from meetings.services.members import remove_member
from tests.conftest import login
from tests.support.factories import create_document, create_user

START = datetime(2026, 12, 10, 1, 0, tzinfo=UTC)
HTML = {"Accept": "text/html"}


@pytest.fixture
def commune(app):
    admin = create_user(role=SystemRole.admin)
    body = body_services.create_body(admin, name="UBND xã Tân Hòa", level="commune", short_code="TH")
    standing = {}
    for name, office in (("Lê Văn Chủ", "chairman"), ("Phạm Thị Phó", "vice_chairman"), ("Võ Văn Viên", "member")):
        standing[office] = create_user(full_name=name)
        body_services.add_body_member(admin, body, standing[office].id, office)
    return body, standing


def _roles(meeting) -> dict[str, MeetingRole]:
    db.session.refresh(meeting, ["members"])
    return {m.user.full_name: m.role for m in meeting.members}


def test_inviting_the_body_adds_only_who_is_missing_and_tells_them(client, people, commune):
    body, standing = commune
    secretariat = people["secretariat"]
    meeting = create_meeting(secretariat, title="Họp UBND xã tháng 12", body_id=body.id, starts_at=START)
    db.session.add(MeetingMember(meeting_id=meeting.id, user_id=people["secretary"].id, role=MeetingRole.secretary))
    db.session.commit()
    publish_meeting(secretariat, meeting)
    remove_member(secretariat, meeting, standing["vice_chairman"])
    remove_member(secretariat, meeting, standing["member"])
    db.session.commit()
    meeting_id = meeting.id
    login(client, secretariat)
    page = client.get(f"/meetings/{meeting_id}/manage").get_data(as_text=True)
    assert "Mời đủ thành viên UBND xã Tân Hòa (thêm 2 người)" in page
    assert "Mời Phạm Thị Phó, Võ Văn Viên dự họp?" in page  # the confirmation names them
    response = client.post(f"/meetings/{meeting_id}/members/from-body", headers=HTML)
    assert response.status_code == 302
    flashed = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã thêm 2 thành viên: Phạm Thị Phó, Võ Văn Viên." in flashed
    assert "Mời đủ thành viên" not in flashed  # nobody is missing any more
    assert _roles(meeting) == {
        "Lê Văn Chủ": MeetingRole.chair,
        people["secretary"].full_name: MeetingRole.secretary,
        "Phạm Thị Phó": MeetingRole.member,
        "Võ Văn Viên": MeetingRole.member,
    }
    invited = set(
        db.session.scalars(
            sa.select(Notification.user_id).where(
                Notification.meeting_id == meeting_id, Notification.text.like("%mời%")
            )
        )
    )
    assert {standing["vice_chairman"].id, standing["member"].id} <= invited
    # again: nothing to add, a clear 400 on the manage page, nothing changed
    again = client.post(f"/meetings/{meeting_id}/members/from-body", headers=HTML)
    assert again.status_code == 400
    assert "Mọi thành viên UBND xã Tân Hòa đang đương nhiệm đã có trong thành phần dự họp." in again.get_data(
        as_text=True
    )
    assert len(_roles(meeting)) == 4


def test_only_the_secretariat_invites_and_not_once_the_meeting_is_closed(client, people, commune):
    body, standing = commune
    meeting = create_meeting(people["secretariat"], title="Họp UBND xã", body_id=body.id, starts_at=START)
    remove_member(people["secretariat"], meeting, standing["member"])
    db.session.commit()
    login(client, standing["vice_chairman"])
    assert client.post(f"/meetings/{meeting.id}/members/from-body").status_code in (403, 404)
    assert "Võ Văn Viên" not in _roles(meeting)
    meeting.state = MeetingState.closed
    db.session.commit()
    client.post("/logout")
    login(client, people["secretariat"])
    refused = client.post(f"/meetings/{meeting.id}/members/from-body", headers=HTML)
    assert refused.status_code in (400, 403) and "Traceback" not in refused.get_data(as_text=True)
    assert "Võ Văn Viên" not in _roles(meeting)


def test_a_draft_says_what_it_lacks_before_it_is_published(client, people, commune):
    body, standing = commune
    secretariat = people["secretariat"]
    meeting = create_meeting(secretariat, title="Họp UBND xã", body_id=body.id, starts_at=START)
    for who in ("vice_chairman", "member"):
        remove_member(secretariat, meeting, standing[who])
    db.session.add(MeetingMember(meeting_id=meeting.id, user_id=people["secretary"].id, role=MeetingRole.secretary))
    db.session.commit()
    login(client, secretariat)
    page = client.get(f"/meetings/{meeting.id}/manage").get_data(as_text=True)
    gaps = "chương trình họp chưa có nội dung; chưa có tài liệu nào; chưa mời thành viên nào ngoài chủ trì và thư ký"
    assert f"Trước khi công bố, lưu ý: {gaps}." in page
    assert f"Lưu ý: {gaps}. Vẫn công bố và gửi giấy mời đến các thành viên?" in page
    # with an agenda, a document and members, nothing is said
    client.post(f"/meetings/{meeting.id}/members/from-body")
    item = add_agenda_item(secretariat, meeting, title="Báo cáo kinh tế – xã hội năm 2026")
    create_document(meeting, secretariat, agenda_item=item)
    db.session.commit()
    page = client.get(f"/meetings/{meeting.id}/manage").get_data(as_text=True)
    assert 'data-testid="publish-gaps"' not in page
    assert "Công bố cuộc họp và gửi giấy mời đến các thành viên?" in page
