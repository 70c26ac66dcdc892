"""The minutes state when the meeting was really held, not when it was scheduled; the chair and the
secretary who ran it are proposed present; an approved substitute is shown as standing in for the member."""

from __future__ import annotations

import subprocess
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from app.errors import ValidationError
from app.extensions import db
from app.models import SystemRole
from meetings.floor_rules import FloorRules, Threshold
from meetings.models import AttendanceStatus, MeetingMember, MeetingRole, MinutesVersion
from meetings.services import meetings as meeting_svc
from meetings.services import minutes as svc
from meetings.services.floor_attendance import check_in
from meetings.services.floor_rules import set_rules
from tests.conftest import login
from tests.support.factories import create_meeting, create_user
from tests.support.minutes import approve_substitute, closed_meeting_with_signers, hold_live_session

HTML = {"Accept": "text/html"}
VN = ZoneInfo("Asia/Ho_Chi_Minh")
SCHEDULED = datetime(2026, 12, 3, 7, 30, tzinfo=VN)  # planned for 03/12/2026, 07:30 – 11:30
STARTED = datetime(2026, 11, 26, 8, 5, tzinfo=VN)  # … but held a week early
ENDED = datetime(2026, 11, 26, 10, 20, tzinfo=VN)


def _scheduled_meeting():
    secretary = create_user(role=SystemRole.secretariat, full_name="Lê Hoàng Nam", position="Chuyên viên Văn phòng")
    chair = create_user(full_name="Nguyễn Văn Chủ", position="Chủ tịch UBND huyện")
    member = create_user(full_name="Trần Thị Đào", position="Trưởng phòng Nội vụ")
    meeting = create_meeting(
        {chair: "chair", secretary: "secretary", member: "member"}, state="published", starts_at=SCHEDULED, items=1
    )
    meeting.ends_at = SCHEDULED + timedelta(hours=4)
    db.session.flush()
    return meeting, secretary, chair, member


def _hold(meeting, secretary, monkeypatch, *, started=STARTED, ended=ENDED, present=None):
    """Start and close the meeting through the real services, at the given (local) times. These tests
    are about times, not the quorum: one checked-in member (``present``, default the chair) makes it
    under this body's rules (at least 1/3), so the others' attendance still comes from elsewhere."""
    set_rules(
        create_user(role=SystemRole.admin), FloorRules(quorum=Threshold(1, 3, strict=False)), body=meeting.host_body
    )
    check_in(present or meeting.members_with_role(MeetingRole.chair)[0], meeting)
    monkeypatch.setattr(meeting_svc, "utcnow", lambda: started.astimezone(ZoneInfo("UTC")))
    meeting_svc.start_meeting(secretary, meeting)
    monkeypatch.setattr(meeting_svc, "utcnow", lambda: ended.astimezone(ZoneInfo("UTC")))
    meeting_svc.close_meeting(secretary, meeting)


def _pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "bien-ban.pdf"
    path.write_bytes(data)
    return " ".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split()
    )


def test_start_and_close_record_the_actual_times_and_the_minutes_state_them(app, store, monkeypatch, tmp_path):
    meeting, secretary, chair, member = _scheduled_meeting()
    assert (meeting.started_at, meeting.ended_at) == (None, None)
    _hold(meeting, secretary, monkeypatch)
    db.session.expire_all()
    assert (meeting.started_at, meeting.ended_at) == (STARTED, ENDED)
    assert meeting.starts_at == SCHEDULED  # the schedule itself is kept as it was

    doc = svc.minutes_document(meeting, None)
    assert (doc.starts_at, doc.closed_at) == (STARTED, ENDED)
    text = _pdf_text(svc.preview_pdf(secretary, meeting), tmp_path)
    assert "Thời gian bắt đầu: 08 giờ 05 phút, ngày 26 tháng 11 năm 2026." in text
    assert "Cuộc họp kết thúc vào 10 giờ 20, ngày 26 tháng 11 năm 2026./." in text
    assert "tháng 12 năm 2026" not in text

    version = svc.save_draft(secretary, meeting, number="15/BB-UBND", narrative="Khai mạc.")
    draft = svc.get_draft(meeting)
    assert (draft.started_at, draft.closed_at) == (STARTED, ENDED)  # the draft's defaults are the actual times
    assert version.snapshot["started_at"] == STARTED.astimezone(ZoneInfo("UTC")).isoformat()
    assert version.snapshot["closed_at"] == ENDED.astimezone(ZoneInfo("UTC")).isoformat()


def test_a_meeting_closed_without_being_started_in_the_app_keeps_its_schedule(app, store):
    meeting, secretary, chair, member = closed_meeting_with_signers(documents=False)
    meeting.ends_at = meeting.starts_at + timedelta(hours=2)
    assert meeting.started_at is None
    doc = svc.minutes_document(meeting, None)
    assert (doc.starts_at, doc.closed_at) == (meeting.starts_at, meeting.ends_at)


def test_the_pages_show_and_prefill_the_actual_times(app, client, store, monkeypatch):
    meeting, secretary, chair, member = _scheduled_meeting()
    _hold(meeting, secretary, monkeypatch)
    db.session.commit()
    login(client, secretary)
    page = client.get(f"/meetings/{meeting.id}/minutes", headers=HTML).get_data(as_text=True)
    assert 'name="started_at" value="2026-11-26T08:05"' in page
    assert 'name="closed_at" value="2026-11-26T10:20"' in page  # not the scheduled 11:30 03/12
    assert '<dd data-testid="minutes-started">08:05 26/11/2026</dd>' in page

    detail = client.get(f"/meetings/{meeting.id}", headers=HTML).get_data(as_text=True)
    assert "Bắt đầu lúc" in detail and '<dd data-testid="started-at">08:05 26/11/2026</dd>' in detail
    assert "Kết thúc lúc" in detail and '<dd data-testid="ended-at">10:20 26/11/2026</dd>' in detail
    assert "07:30 03/12/2026" in detail  # the schedule is still shown as the schedule


def test_the_secretary_corrects_the_start_time_in_the_draft(app, client, store, monkeypatch, tmp_path):
    meeting, secretary, chair, member = _scheduled_meeting()
    _hold(meeting, secretary, monkeypatch)
    db.session.commit()
    login(client, secretary)
    form = {
        "number": "15/BB-UBND",
        "narrative": "Khai mạc.",
        "started_at": "2026-11-26T08:00",
        "closed_at": "2026-11-26T10:20",
        **{f"status-{m.user_id}": "present" for m in meeting.members},
    }
    assert client.post(f"/meetings/{meeting.id}/minutes", data=form).status_code == 302
    draft = svc.get_draft(meeting)
    assert draft.started_at == datetime(2026, 11, 26, 8, 0, tzinfo=VN)
    assert meeting.started_at == STARTED  # what the app recorded stays; the minutes state the correction
    page = client.get(f"/meetings/{meeting.id}/minutes", headers=HTML).get_data(as_text=True)
    assert 'name="started_at" value="2026-11-26T08:00"' in page
    text = _pdf_text(svc.preview_pdf(secretary, meeting), tmp_path)
    assert "Thời gian bắt đầu: 08 giờ 00 phút, ngày 26 tháng 11 năm 2026." in text

    versions = db.session.scalar(
        sa.select(sa.func.count(MinutesVersion.id)).where(MinutesVersion.meeting_id == meeting.id)
    )
    for bad, message in (
        ({"started_at": "sáng nay"}, "Giờ bắt đầu không hợp lệ"),
        ({"started_at": "2026-11-26T10:30"}, "Giờ kết thúc phải sau giờ bắt đầu"),
    ):
        response = client.post(f"/meetings/{meeting.id}/minutes", data={**form, **bad}, headers=HTML)
        assert response.status_code == 400 and message in response.get_data(as_text=True)
    db.session.expire_all()
    assert svc.get_draft(meeting).started_at == datetime(2026, 11, 26, 8, 0, tzinfo=VN)
    assert (
        db.session.scalar(sa.select(sa.func.count(MinutesVersion.id)).where(MinutesVersion.meeting_id == meeting.id))
        == versions
    )


def test_a_corrected_start_is_checked_against_the_closing_time(app, store, monkeypatch):
    meeting, secretary, chair, member = _scheduled_meeting()
    _hold(meeting, secretary, monkeypatch)
    with pytest.raises(ValidationError, match="sau giờ bắt đầu"):  # start after the recorded end
        svc.save_draft(secretary, meeting, number="1", started_at=ENDED + timedelta(minutes=5))
    with pytest.raises(ValidationError, match="Giờ bắt đầu không hợp lệ"):
        svc.save_draft(secretary, meeting, number="1", started_at=datetime(2026, 11, 26, 8, 0))
    assert svc.get_draft(meeting) is None


def _entries(meeting):
    return {e.user_id: e for e in svc.attendance_of(meeting)}


def test_the_chair_and_secretary_who_ran_the_meeting_are_proposed_present(app, client, store, monkeypatch):
    meeting, secretary, chair, member = _scheduled_meeting()
    away = create_user(full_name="Võ Minh Đức", position="Trưởng phòng Tư pháp")
    db.session.add(MeetingMember(meeting=meeting, user=away, role=MeetingRole.member))
    db.session.flush()
    _hold(meeting, secretary, monkeypatch, present=member)
    # only the member checked in and opened a tablet; chair and secretary ran it from the manage page
    hold_live_session(meeting, member, at=STARTED + timedelta(minutes=5))
    hold_live_session(meeting, away)  # reading on the tablet after the close is not attending
    entries = _entries(meeting)
    assert {uid: (e.status, e.source) for uid, e in entries.items()} == {
        chair.id: (AttendanceStatus.present, "conduct"),
        secretary.id: (AttendanceStatus.present, "conduct"),
        member.id: (AttendanceStatus.present, "floor"),
        away.id: (AttendanceStatus.absent, "live"),
    }
    assert entries[chair.id].source_label == "Điều hành phiên họp" and not entries[chair.id].reason_missing
    doc = svc.minutes_document(meeting, None)
    assert [a.person.name for a in doc.attendees if a.status == "absent"] == ["Võ Minh Đức"]

    db.session.commit()
    login(client, secretary)
    page = client.get(f"/meetings/{meeting.id}/minutes", headers=HTML).get_data(as_text=True)
    assert f'data-user-id="{secretary.id}" data-status="present" data-source="conduct"' in page
    assert "Điều hành phiên họp" in page and page.count('data-testid="reason-missing"') == 1

    # the secretary's record still wins over the proposal
    svc.save_draft(secretary, meeting, number="1", attendance={chair.id: {"status": "absent", "reason": "Ốm"}})
    entry = _entries(meeting)[chair.id]
    assert (entry.status, entry.source, entry.proposal.source) == (AttendanceStatus.absent, "record", "conduct")
    assert entry.overrides_proposal


def test_started_without_a_live_session_chair_and_secretary_conducted_it(app, store, monkeypatch):
    meeting, secretary, chair, member = _scheduled_meeting()
    assert {e.source for e in svc.attendance_of(meeting)} == {"default"}  # not held yet: nothing to say
    _hold(meeting, secretary, monkeypatch, present=member)
    entries = _entries(meeting)
    assert {uid: (e.status, e.source) for uid, e in entries.items()} == {
        chair.id: (AttendanceStatus.present, "conduct"),
        secretary.id: (AttendanceStatus.present, "conduct"),
        member.id: (AttendanceStatus.present, "floor"),
    }


def test_an_approved_substitute_is_shown_standing_in_for_the_member(app, client, store):
    meeting, secretary, chair, member = _scheduled_meeting()
    substitute = create_user(full_name="Phạm Thị Hạnh", position="Phó Trưởng phòng Nội vụ")
    approve_substitute(meeting, member, substitute, "Đi công tác")
    db.session.commit()
    login(client, secretary)
    detail = client.get(f"/meetings/{meeting.id}", headers=HTML).get_data(as_text=True)
    assert (
        '<strong>Phạm Thị Hạnh</strong> – Phó Trưởng phòng Nội vụ <span class="badge">'
        "Thành viên (dự thay Trần Thị Đào)</span>" in detail
    )
    assert '<strong>Trần Thị Đào</strong> – Trưởng phòng Nội vụ <span class="badge">Thành viên</span>' in detail
    manage = client.get(f"/meetings/{meeting.id}/manage", headers=HTML).get_data(as_text=True)
    row = manage[manage.index(f'<tr data-user-id="{substitute.id}"') :]
    row = row[: row.index("</tr>")]
    assert 'data-testid="stands-in">(dự thay Trần Thị Đào)</span>' in row
    assert manage.count('data-testid="stands-in"') == 1


def test_only_presence_during_the_session_counts_as_attending(app, store, monkeypatch):
    """Reading on the tablet days before is not attending; a tablet still connected when the
    meeting starts is."""
    import sqlalchemy as sa

    from meetings.models import MeetingEvent
    from meetings.services.live import join_presence

    meeting, secretary, chair, member = _scheduled_meeting()
    early = create_user(full_name="Võ Minh Đức", position="Trưởng phòng Tư pháp")
    db.session.add(MeetingMember(meeting=meeting, user=early, role=MeetingRole.member))
    db.session.flush()
    hold_live_session(meeting, early, at=STARTED - timedelta(days=2))  # read the documents beforehand, left
    join_presence(member, meeting, "tablet-in-the-room")  # connected before the start, stays on
    db.session.execute(
        sa.update(MeetingEvent)
        .where(MeetingEvent.meeting_id == meeting.id, MeetingEvent.created_at > STARTED - timedelta(hours=1))
        .values(created_at=STARTED - timedelta(minutes=10))
    )
    _hold(meeting, secretary, monkeypatch)
    entries = _entries(meeting)
    assert (entries[member.id].status, entries[member.id].source) == (AttendanceStatus.present, "live")
    assert (entries[early.id].status, entries[early.id].source) == (AttendanceStatus.absent, "live")
