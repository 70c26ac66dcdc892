"""Attendance on the floor: check-ins make the quorum (9 members: 6 hold it, 5 do not), a substitute
counts as the rules say, the session cannot start without it, the secretary marks absences, late
arrivals and early departures, and the minutes propose attendance from the check-ins."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from app.errors import NotFound, PermissionDenied, ValidationError
from app.extensions import db
from app.models import SystemRole
from meetings.floor_rules import FloorRules
from meetings.models import AttendanceStatus, FloorAttendance, MeetingEvent, MeetingState
from meetings.services import floor_attendance as floor
from meetings.services.attendance import attendance_entries
from meetings.services.floor_rules import set_rules
from meetings.services.meetings import start_meeting
from tests.conftest import login
from tests.support.factories import create_user
from tests.support.floor import check_in_all, committee
from tests.support.minutes import approve_substitute

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _events(meeting, name="attendance.changed"):
    return [
        e.payload
        for e in db.session.scalars(
            sa.select(MeetingEvent)
            .where(MeetingEvent.meeting_id == meeting.id, MeetingEvent.event == name)
            .order_by(MeetingEvent.seq)
        )
    ]


def test_nine_members_six_checked_in_hold_the_quorum_five_do_not(app):
    body = committee()
    check_in_all(body.meeting, body.voters[:5])
    check_in(body.secretary, body.meeting)  # the secretary attends but is not a member of the body
    status = floor.quorum_status(body.meeting)
    assert (status.holds, status.required, status.present, status.total, status.margin) == (False, 6, 5, 9, -1)
    assert status.message == "Cần ít nhất 6/9 thành viên; hiện có 5."

    floor.check_in(body.voters[5], body.meeting, "in_room")
    status = floor.quorum_status(body.meeting)
    assert (status.holds, status.present, status.margin) == (True, 6, 0)

    # every change is one attendance.changed event with the quorum as it now stands
    last = _events(body.meeting)[-1]
    assert last["attendance"]["user_id"] == body.voters[5].id and last["attendance"]["status"] == "present"
    assert last["quorum"] == {"holds": True, "required": 6, "present": 6, "total": 9, "margin": 0}
    assert len(_events(body.meeting)) == 7
    assert floor.check_in(body.voters[5], body.meeting, "in_room") == []  # the same check-in again: nothing


# what a secretary reads when starting too early: why, the figures, and where members are checked in
REFUSED_START = (
    "Chưa thể bắt đầu họp: Cần ít nhất 6/9 thành viên; hiện có 5. Thành viên bấm «Điểm danh có mặt» "
    "trên máy tính bảng, hoặc thư ký điểm danh hộ tại «Điều hành phiên họp»."
)


def check_in(user, meeting, mode="in_room"):
    return floor.check_in(user, meeting, mode)


def test_the_session_cannot_start_without_the_quorum_and_says_why(app):
    body = committee()
    check_in_all(body.meeting, body.voters[:5])
    with pytest.raises(ValidationError) as refused:
        start_meeting(body.secretary, body.meeting)
    assert str(refused.value) == REFUSED_START and refused.value.status_code == 409
    assert body.meeting.state == MeetingState.published and body.meeting.started_at is None
    check_in(body.members[-1], body.meeting)
    assert start_meeting(body.secretary, body.meeting).state == MeetingState.in_session


def test_in_english_the_refusal_and_the_console_read_as_instructions(app, client):
    """The console's button and title are an instruction ("Run the session"), not the attendance
    source of the minutes ("Ran the meeting"), which shares the Vietnamese words."""
    from flask_babel import force_locale

    from meetings.services.attendance import source_label

    body = committee()
    check_in_all(body.meeting, body.voters[:5])
    with force_locale("en"), pytest.raises(ValidationError) as refused:
        start_meeting(body.secretary, body.meeting)
    assert str(refused.value) == (
        "The session cannot start yet: At least 6/9 members are needed; 5 present. "
        "Members press «Check in» on their tablets, or the secretary checks them in on «Run the session»."
    )
    with force_locale("en"):
        assert source_label("conduct") == "Ran the meeting"
    with force_locale("vi"):
        assert source_label("conduct") == "Điều hành phiên họp"
    db.session.commit()
    login(client, body.secretary)
    assert client.post("/account/language", data={"locale": "en"}).status_code == 302
    page = client.get(f"/meetings/{body.meeting.id}/console").get_data(as_text=True)
    assert "<h1>Run the session</h1>" in page and "Ran the meeting" not in page
    manage = client.get(f"/meetings/{body.meeting.id}/manage").get_data(as_text=True)
    assert ">Run the session</a>" in manage


def test_start_over_http_is_refused_in_vietnamese_and_changes_nothing(app, client):
    body = committee()
    check_in_all(body.meeting, body.voters[:5])
    db.session.commit()
    login(client, body.secretary)
    page = client.post(f"/meetings/{body.meeting.id}/start", headers={"Accept": "text/html"})
    assert page.status_code == 409 and REFUSED_START in page.get_data(as_text=True)
    api = client.post(f"/api/v1/meetings/{body.meeting.id}/start")
    assert api.status_code == 409 and api.get_json()["error"] == REFUSED_START
    db.session.expire_all()
    assert body.meeting.state == MeetingState.published


@pytest.mark.parametrize("substitutes_count,present", [(True, 6), (False, 5)])
def test_an_approved_substitute_fills_the_seat_only_if_the_rules_say_so(app, substitutes_count, present):
    body = committee()
    deputy = create_user(full_name="Phó Trưởng phòng Nội vụ")
    approve_substitute(body.meeting, body.members[-1], deputy, "Đi công tác")
    set_rules(
        create_user(role=SystemRole.admin), FloorRules(substitutes_count=substitutes_count), body=body.meeting.host_body
    )
    check_in_all(body.meeting, body.voters[:5] + [deputy])
    status = floor.quorum_status(body.meeting)
    assert (status.present, status.total) == (present, 9)  # the substitute is never a tenth seat
    listed = {row["user_id"]: row for row in floor.attendance_list(body.meeting)}
    assert listed[deputy.id]["stands_in_for"] == body.members[-1].id and not listed[deputy.id]["voting"]


def test_the_absent_member_and_the_substitute_fill_one_seat(app):
    body = committee()
    deputy = create_user()
    approve_substitute(body.meeting, body.members[-1], deputy)
    check_in_all(body.meeting, [body.members[-1], deputy])
    assert floor.quorum_status(body.meeting).present == 1


def test_online_check_in_needs_the_meetings_video_link(app):
    body = committee()
    with pytest.raises(ValidationError, match="không có đường dẫn họp trực tuyến"):
        check_in(body.members[0], body.meeting, "online")
    body.meeting.video_url = "https://hop.caolanh.gov.vn/phong-1"
    check_in(body.members[0], body.meeting, "online")
    row = floor.rows(body.meeting)[body.members[0].id]
    assert (row.mode.value, row.present, row.late) == ("online", True, False)
    with pytest.raises(ValidationError, match="in_room"):
        check_in(body.members[1], body.meeting, "video")


def test_the_secretary_marks_absent_late_and_left_early(app):
    body = committee()
    check_in_all(body.meeting, body.voters[:6])
    start_meeting(body.secretary, body.meeting)
    late = body.members[6]
    check_in(late, body.meeting)  # after the start: a late arrival
    assert floor.rows(body.meeting)[late.id].late is True
    floor.mark_attendance(body.secretary, body.meeting, "on_time", late.id)
    assert floor.rows(body.meeting)[late.id].late is False
    floor.mark_attendance(body.secretary, body.meeting, "absent", body.members[7].id, reason="Đi công tác tỉnh")
    floor.mark_attendance(body.secretary, body.meeting, "left", body.voters[0].id)
    rows = floor.rows(body.meeting)
    assert rows[body.members[7].id].absent and rows[body.members[7].id].absent_reason == "Đi công tác tỉnh"
    assert rows[body.voters[0].id].status == "left" and rows[body.voters[0].id].marked_by_id == body.secretary.id
    assert floor.quorum_status(body.meeting).present == 6
    floor.check_in(body.secretary, body.meeting, "in_room", user_id=body.voters[0].id)  # back in the room
    assert floor.quorum_status(body.meeting).present == 7
    with pytest.raises(ValidationError, match="hiện không có mặt"):
        floor.mark_attendance(body.secretary, body.meeting, "left", body.members[7].id)
    with pytest.raises(ValidationError, match="Thao tác điểm danh không hợp lệ"):
        floor.mark_attendance(body.secretary, body.meeting, "vanish", body.members[7].id)


def test_who_may_check_in_and_mark_others(app):
    body = committee()
    secretariat, outsider = create_user(role=SystemRole.secretariat), create_user()
    with pytest.raises(PermissionDenied):
        check_in(body.observer, body.meeting)  # a guest is not on the attendance list
    with pytest.raises(PermissionDenied, match="Chỉ thư ký"):
        floor.check_in(body.members[0], body.meeting, user_id=body.members[1].id)
    with pytest.raises(PermissionDenied):
        floor.mark_absent(body.chair, body.meeting, body.members[1].id, "Ốm")
    with pytest.raises(NotFound):
        check_in(outsider, body.meeting)
    with pytest.raises(NotFound, match="không có trong thành phần"):
        floor.check_in(body.secretary, body.meeting, user_id=body.observer.id)
    floor.mark_absent(secretariat, body.meeting, body.members[1].id, "Ốm")  # the secretariat runs every meeting
    body.meeting.state = MeetingState.closed
    with pytest.raises(PermissionDenied):
        check_in(body.members[0], body.meeting)  # closed: attendance is the minutes' business now


def test_the_minutes_propose_attendance_from_the_check_ins_with_their_times(app, monkeypatch):
    body = committee(members=5)
    arrived = datetime(2026, 11, 26, 7, 28, tzinfo=VN)
    monkeypatch.setattr(floor, "utcnow", lambda: arrived)
    body.meeting.video_url = "https://hop.caolanh.gov.vn/phong-1"
    check_in(body.chair, body.meeting)
    check_in(body.members[0], body.meeting, "online")
    check_in_all(body.meeting, body.members[3:])
    floor.mark_absent(body.secretary, body.meeting, body.members[1].id, "Họp Tỉnh ủy")
    start_meeting(body.secretary, body.meeting)
    monkeypatch.setattr(floor, "utcnow", lambda: datetime(2026, 11, 26, 8, 10, tzinfo=VN))
    check_in(body.members[2], body.meeting)
    monkeypatch.setattr(floor, "utcnow", lambda: datetime(2026, 11, 26, 10, 5, tzinfo=VN))
    floor.mark_left(body.secretary, body.meeting, body.members[0].id)
    entries = {e.user_id: e for e in attendance_entries(body.meeting)}
    assert {uid: (e.status, e.source) for uid, e in entries.items() if uid != body.secretary.id} == {
        body.chair.id: (AttendanceStatus.present, "floor"),
        body.members[0].id: (AttendanceStatus.present, "floor"),
        body.members[1].id: (AttendanceStatus.absent, "floor"),
        body.members[2].id: (AttendanceStatus.present, "floor"),
        body.members[3].id: (AttendanceStatus.present, "floor"),
        body.members[4].id: (AttendanceStatus.present, "floor"),
    }
    assert entries[body.chair.id].note == "điểm danh lúc 07:28"
    assert entries[body.members[0].id].note == "điểm danh lúc 07:28, trực tuyến, về sớm lúc 10:05"
    assert entries[body.members[2].id].note == "điểm danh lúc 08:10, đến muộn"
    assert entries[body.members[1].id].reason == "Họp Tỉnh ủy"
    assert entries[body.chair.id].source_label == "Theo điểm danh tại phiên họp"
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(FloorAttendance).where(FloorAttendance.meeting_id == body.meeting.id)
        )
        == 6
    )
