"""The wording of the minutes: "Có mặt:" / "Vắng mặt:" / "Khách mời:" lists whose last line ends with ".",
invited guests (observers) listed but not counted, and a "DỰ THẢO" mark on the preview only —
never on the PDF that gets signed."""

from __future__ import annotations

import subprocess

from app.extensions import db
from meetings.models import MeetingMember, MeetingRole
from meetings.services import minutes as svc
from meetings.services.minutes_records import read_signed_revision
from tests.conftest import login
from tests.support.factories import create_user
from tests.support.minutes import P12_PASSPHRASE, closed_meeting_with_signers


def _text(data: bytes, tmp_path) -> str:
    path = tmp_path / "bb.pdf"
    path.write_bytes(data)
    return " ".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split()
    )


def _invite(meeting, **kw):
    guest = create_user(**kw)
    db.session.add(MeetingMember(meeting=meeting, user=guest, role=MeetingRole.observer))
    db.session.flush()
    return guest


def test_guests_are_listed_after_the_members_and_not_counted(app, store, tmp_path):
    meeting, secretary, chair, member = closed_meeting_with_signers(documents=False)
    _invite(meeting, full_name="Lâm Thanh Sơn", position="Chủ tịch UBND xã Nhị Mỹ", unit="UBND xã Nhị Mỹ")
    _invite(meeting, full_name="Đỗ Thị Lan", position="Giám đốc", unit="Trung tâm Y tế huyện")
    svc.save_draft(
        secretary, meeting, number="15/BB-UBND", attendance={member.id: {"status": "absent", "reason": "Ốm"}}
    )
    doc = svc.minutes_document(meeting, svc.get_draft(meeting))
    assert {a.person.name for a in doc.attendees} == {secretary.full_name, chair.full_name, member.full_name}
    text = _text(svc.preview_pdf(secretary, meeting), tmp_path)
    # the secretary is listed among those present but is not a member of the body: 1/2, not 2/3
    assert "3. Thành phần tham dự: có mặt 1/2 thành viên; vắng 1 thành viên (có lý do). Có mặt: - " in text
    assert "Vắng mặt: - Trần Thị Đào – Trưởng phòng Nội vụ (lý do: Ốm). Khách mời: " in text
    # the unit is added only when the position does not already name it; the last guest ends with "."
    assert (
        "Khách mời: - Lâm Thanh Sơn – Chủ tịch UBND xã Nhị Mỹ; - Đỗ Thị Lan – Giám đốc, Trung tâm Y tế huyện. "
        "4. Chủ trì (chủ tọa)"
    ) in text
    present = text[text.index("Có mặt:") : text.index("Vắng mặt:")]
    assert present.count(" - ") == 2 and present.rstrip().endswith(".") and present.count(";") == 1


def test_without_guests_there_is_no_guest_heading(app, store, tmp_path):
    meeting, secretary, chair, member = closed_meeting_with_signers(documents=False)
    text = _text(svc.preview_pdf(secretary, meeting), tmp_path)
    assert "Khách mời" not in text and "Vắng mặt" not in text
    assert "có mặt 2/2 thành viên. Có mặt: - " in text and "Trần Thị Đào – Trưởng phòng Nội vụ" in text


def test_the_preview_is_a_draft_until_signed_and_the_signed_pdf_is_not(app, client, store, tmp_path):
    meeting, secretary, chair, member = closed_meeting_with_signers(documents=False)
    login(client, secretary)
    unsaved = client.get(f"/meetings/{meeting.id}/minutes/preview.pdf")
    assert unsaved.mimetype == "application/pdf" and "DỰ THẢO" in _text(unsaved.data, tmp_path)
    svc.save_draft(secretary, meeting, number="15/BB-UBND", narrative="Chủ tịch khai mạc phiên họp.")
    assert "DỰ THẢO" in _text(client.get(f"/meetings/{meeting.id}/minutes/preview.pdf").data, tmp_path)
    svc.lock_draft(secretary, meeting)
    locked = _text(client.get(f"/meetings/{meeting.id}/minutes/preview.pdf").data, tmp_path)
    assert "DỰ THẢO" in locked and "Chủ tịch khai mạc phiên họp." in locked

    first = read_signed_revision(svc.sign_minutes(secretary, meeting, P12_PASSPHRASE))
    signed = _text(first, tmp_path)
    assert "DỰ THẢO" not in signed and "Chủ tịch khai mạc phiên họp." in signed and "Có mặt: - " in signed
    final = _text(read_signed_revision(svc.sign_minutes(chair, meeting, P12_PASSPHRASE)), tmp_path)
    assert "DỰ THẢO" not in final and "Có mặt: - " in final
    # once signed, the preview is no draft either
    assert "DỰ THẢO" not in _text(svc.preview_pdf(secretary, meeting), tmp_path)
