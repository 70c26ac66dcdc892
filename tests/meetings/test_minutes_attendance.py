"""Attendance in the minutes: proposed from the live session's presence and from approved "dự thay"
substitutions, overridden by what the secretary saved; the page, the versions and the PDF agree."""

from __future__ import annotations

import subprocess

import pytest

from app.errors import ValidationError
from meetings.models import AttendanceStatus, MeetingRole
from meetings.services import minutes as svc
from tests.conftest import login
from tests.support.factories import create_user
from tests.support.minutes import approve_substitute, closed_meeting_with_signers, hold_live_session

HTML = {"Accept": "text/html"}


def _with_second_member(meeting):
    from app.extensions import db
    from meetings.models import MeetingMember

    other = create_user(full_name="Võ Minh Đức", position="Trưởng phòng Tư pháp")
    db.session.add(MeetingMember(meeting=meeting, user=other, role=MeetingRole.member))
    db.session.flush()
    return other


def _by_user(meeting):
    return {e.user_id: e for e in svc.attendance_of(meeting)}


def test_without_a_live_session_every_member_is_present_by_default(app, store):
    meeting, secretary, chair, member = closed_meeting_with_signers(documents=False)
    entries = svc.attendance_of(meeting)
    assert {e.user_id for e in entries} == {secretary.id, chair.id, member.id}
    assert {(e.status, e.source) for e in entries} == {(AttendanceStatus.present, "default")}
    assert not any(e.reason_missing for e in entries)


def test_live_presence_proposes_who_was_there_and_who_was_absent(app, store):
    meeting, secretary, chair, member = closed_meeting_with_signers(documents=False)
    stayed_away = _with_second_member(meeting)
    hold_live_session(meeting, chair, secretary, member)  # joins then leaves: still "appeared"
    entries = _by_user(meeting)
    assert {uid: (e.status, e.source) for uid, e in entries.items()} == {
        chair.id: (AttendanceStatus.present, "live"),
        secretary.id: (AttendanceStatus.present, "live"),
        member.id: (AttendanceStatus.present, "live"),
        stayed_away.id: (AttendanceStatus.absent, "live"),
    }
    assert entries[stayed_away.id].reason_missing and not entries[member.id].reason_missing
    doc = svc.minutes_document(meeting, None)
    assert [(a.person.name, a.status, a.reason) for a in doc.attendees if a.status != "present"] == [
        ("Võ Minh Đức", "absent", "")
    ]


def test_an_approved_substitution_lists_the_substitute_in_the_members_place(app, store):
    meeting, secretary, chair, member = closed_meeting_with_signers(documents=False)
    substitute = create_user(full_name="Phạm Thị Hạnh", position="Phó Trưởng phòng Nội vụ")
    approve_substitute(meeting, member, substitute, "Đi công tác tại Tỉnh")
    assert meeting.role_of(substitute) == MeetingRole.member  # approval made them a member
    hold_live_session(meeting, chair, secretary, substitute)  # the member themself never came
    entries = _by_user(meeting)
    assert substitute.id not in entries  # not an ordinary member line of their own
    line = entries[member.id]
    assert (line.status, line.source, line.reason) == (
        AttendanceStatus.substitute,
        "substitution",
        "Đi công tác tại Tỉnh",
    )
    assert line.substitute_name == "Phạm Thị Hạnh – Phó Trưởng phòng Nội vụ"
    doc = svc.minutes_document(meeting, None)
    assert [(a.person.name, a.status, a.substitute_name) for a in doc.attendees] == [
        ("Nguyễn Văn Chủ", "present", ""),
        ("Lê Hoàng Nam", "present", ""),
        ("Trần Thị Đào", "substitute", "Phạm Thị Hạnh – Phó Trưởng phòng Nội vụ"),
    ]
    with pytest.raises(ValidationError, match="không thuộc thành phần"):
        svc.save_draft(secretary, meeting, number="1/BB-UBND", attendance={substitute.id: {"status": "present"}})


def test_what_the_secretary_saved_wins_and_versions_capture_it(app, store):
    meeting, secretary, chair, member = closed_meeting_with_signers(documents=False)
    late = _with_second_member(meeting)
    substitute = create_user(full_name="Phạm Thị Hạnh", position="")
    approve_substitute(meeting, member, substitute)
    hold_live_session(meeting, chair, secretary)
    assert _by_user(meeting)[late.id].status == AttendanceStatus.absent
    version = svc.save_draft(
        secretary,
        meeting,
        number="15/BB-UBND",
        attendance={
            late.id: {"status": "present"},  # came without a tablet
            member.id: {"status": "absent", "reason": "Ốm"},  # the substitute did not come either
        },
    )
    entries = _by_user(meeting)
    assert (entries[late.id].status, entries[late.id].source) == (AttendanceStatus.present, "record")
    assert entries[late.id].overrides_proposal and entries[late.id].proposal.status == AttendanceStatus.absent
    assert (entries[member.id].status, entries[member.id].reason) == (AttendanceStatus.absent, "Ốm")
    assert entries[member.id].proposal.substitute_name == "Phạm Thị Hạnh"
    assert entries[chair.id].source == "live" and not entries[chair.id].overrides_proposal
    snapshot = {a["user_id"]: a for a in version.snapshot["attendance"]}
    assert snapshot[late.id] == {
        "user_id": late.id,
        "status": "present",
        "reason": "",
        "substitute_name": "",
        "source": "record",
    }
    assert snapshot[member.id]["status"] == "absent" and snapshot[member.id]["reason"] == "Ốm"
    assert snapshot[chair.id]["source"] == "live" and substitute.id not in snapshot
    doc = svc.minutes_document(meeting, svc.get_draft(meeting))
    assert [(a.person.name, a.status) for a in doc.attendees if a.status != "present"] == [("Trần Thị Đào", "absent")]


def test_page_shows_where_each_proposal_comes_from_and_a_missing_reason(app, client, store):
    meeting, secretary, chair, member = closed_meeting_with_signers(documents=False)
    away = _with_second_member(meeting)
    substitute = create_user(full_name="Phạm Thị Hạnh", position="Phó Trưởng phòng Nội vụ")
    approve_substitute(meeting, member, substitute, "Đi công tác")
    hold_live_session(meeting, chair, secretary, substitute)
    from app.extensions import db

    db.session.commit()
    login(client, secretary)
    page = client.get(f"/meetings/{meeting.id}/minutes", headers=HTML).get_data(as_text=True)
    assert f'data-user-id="{member.id}" data-status="substitute" data-source="substitution"' in page
    assert "Theo đề nghị dự thay đã duyệt" in page
    assert f'name="substitute-{member.id}" value="Phạm Thị Hạnh – Phó Trưởng phòng Nội vụ"' in page
    assert f'data-user-id="{away.id}" data-status="absent" data-source="live"' in page
    assert "Theo phiên họp trực tuyến" in page and page.count('data-testid="reason-missing"') == 1
    assert f'name="status-{substitute.id}"' not in page

    form = {
        "number": "15/BB-UBND",
        "narrative": "Khai mạc.",
        f"status-{member.id}": "substitute",
        f"reason-{member.id}": "Đi công tác",
        f"substitute-{member.id}": "Phạm Thị Hạnh – Phó Trưởng phòng Nội vụ",
        f"status-{away.id}": "absent",
        f"reason-{away.id}": "Họp tại Tỉnh",
        f"status-{chair.id}": "present",
        f"status-{secretary.id}": "present",
    }
    assert client.post(f"/meetings/{meeting.id}/minutes", data=form).status_code == 302
    page = client.get(f"/meetings/{meeting.id}/minutes", headers=HTML).get_data(as_text=True)
    assert page.count('data-source="record"') == 4 and "Thư ký đã ghi" in page
    assert 'data-testid="reason-missing"' not in page and 'value="Họp tại Tỉnh"' in page

    client.post("/logout")
    login(client, member)  # members read the minutes without the form
    page = client.get(f"/meetings/{meeting.id}/minutes", headers=HTML).get_data(as_text=True)
    assert "Phạm Thị Hạnh – Phó Trưởng phòng Nội vụ (dự thay Trần Thị Đào)" in page
    assert "Võ Minh Đức – Vắng mặt" in page and "Họp tại Tỉnh" in page


def test_pdf_lists_the_substitute_in_the_members_place(app, store, tmp_path):
    meeting, secretary, chair, member = closed_meeting_with_signers(documents=False)
    away = _with_second_member(meeting)
    substitute = create_user(full_name="Phạm Thị Hạnh", position="Phó Trưởng phòng Nội vụ")
    approve_substitute(meeting, member, substitute, "Đi công tác tại Tỉnh")
    hold_live_session(meeting, chair, secretary, substitute)
    path = tmp_path / "du-thao.pdf"
    path.write_bytes(svc.preview_pdf(secretary, meeting))
    text = " ".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    assert (
        "- Phạm Thị Hạnh – Phó Trưởng phòng Nội vụ (dự thay Trần Thị Đào – Trưởng phòng Nội vụ, "
        "lý do: Đi công tác tại Tỉnh)."
    ) in text
    # over the body's seats only, as the quorum counts them: the secretary is listed, not counted; the
    # substitute fills Trần Thị Đào's seat (the rules' default) and is no extra member
    assert (
        "Thành phần tham dự: có mặt 2/3 thành viên (trong đó 1 người dự thay); vắng 1 thành viên (không rõ lý do)."
    ) in text

    assert "Vắng mặt: - Võ Minh Đức – Trưởng phòng Tư pháp (không rõ lý do)." in text
    assert "- Phạm Thị Hạnh – Phó Trưởng phòng Nội vụ;" not in text  # not listed as an ordinary member
    assert away.full_name in text


def test_minutes_drafted_before_the_session_do_not_freeze_attendance(app, client, store):
    """A draft written before the meeting starts keeps following the check-ins: the form shows the
    proposed lines without inputs, and lines sent anyway are refused with nothing stored."""
    import sqlalchemy as sa

    from app.extensions import db
    from meetings.models import AttendanceRecord, MeetingState, MinutesVersion

    meeting, secretary, chair, member = closed_meeting_with_signers(documents=False)
    meeting.state = MeetingState.published  # not held yet
    db.session.commit()
    login(client, secretary)
    page = client.get(f"/meetings/{meeting.id}/minutes", headers=HTML).get_data(as_text=True)
    assert 'data-testid="attendance-not-yet"' in page and "Cuộc họp chưa bắt đầu" in page
    assert f'name="status-{member.id}"' not in page and f'data-user-id="{member.id}"' in page

    refused = client.post(
        f"/meetings/{meeting.id}/minutes",
        data={"number": "16/BB-UBND", "narrative": "Dự kiến.", f"status-{member.id}": "absent"},
        headers={"Accept": "application/json"},
    )
    assert refused.status_code == 400
    assert "chưa bắt đầu" in refused.get_json()["error"]
    count = lambda model: db.session.scalar(sa.select(sa.func.count()).select_from(model))  # noqa: E731
    assert count(AttendanceRecord) == 0 and count(MinutesVersion) == 0

    saved = client.post(f"/meetings/{meeting.id}/minutes", data={"number": "16/BB-UBND", "narrative": "Dự kiến."})
    assert saved.status_code == 302 and count(MinutesVersion) == 1 and count(AttendanceRecord) == 0

    meeting.state = MeetingState.in_session  # held: now the secretary's lines are kept
    db.session.commit()
    page = client.get(f"/meetings/{meeting.id}/minutes", headers=HTML).get_data(as_text=True)
    assert f'name="status-{member.id}"' in page and 'data-testid="attendance-not-yet"' not in page
