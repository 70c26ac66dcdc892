"""The minutes' count line ("có mặt x/y thành viên") counts the same people as the floor's quorum: the
body's seats (chair and members). The secretary attends and is listed under "Có mặt:" but is not a
member of the body; observers are guests. Before: the secretary was counted (7/10 on the console's
6/9)."""

from __future__ import annotations

import subprocess

from meetings.services import minutes as svc
from meetings.services.floor_attendance import check_in, mark_absent, quorum_status
from meetings.services.meetings import close_meeting, start_meeting
from tests.support.factories import create_user
from tests.support.floor import check_in_all, committee
from tests.support.minutes import approve_substitute


def _pdf_text(secretary, meeting, tmp_path) -> str:
    path = tmp_path / "bien-ban.pdf"
    path.write_bytes(svc.preview_pdf(secretary, meeting))
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


def _held(body, present, absent) -> None:
    """``present`` check in, ``absent`` are marked absent with a reason; the session is held with the
    console showing 6/9 and closed."""
    check_in_all(body.meeting, present)
    for member in absent:
        mark_absent(body.secretary, body.meeting, member.id, "Đi công tác tỉnh")
    start_meeting(body.secretary, body.meeting)
    status = quorum_status(body.meeting)
    assert (status.present, status.total) == (6, 9)
    close_meeting(body.secretary, body.meeting)


def test_the_minutes_count_the_seats_the_console_counts(app, store, tmp_path):
    body = committee(prefix="bb")  # chair + 8 members, a secretary, an observer
    check_in(body.secretary, body.meeting)  # attends, runs the meeting: not a seat
    _held(body, body.voters[:6], body.voters[6:])

    text = _pdf_text(body.secretary, body.meeting, tmp_path)
    assert "3. Thành phần tham dự: có mặt 6/9 thành viên; vắng 3 thành viên (có lý do)." in text
    present = text[text.index("Có mặt:") : text.index("Vắng mặt:")]
    assert body.secretary.full_name in present  # listed as present, not counted
    assert body.observer.full_name not in present


def test_a_counting_substitute_fills_the_seat_in_the_minutes_as_on_the_console(app, store, tmp_path):
    body = committee(prefix="dt")
    deputy = create_user(full_name="Phó phòng Lê Văn Thay")
    approve_substitute(body.meeting, body.members[-1], deputy, "Đi học tập trung")
    _held(body, [*body.voters[:5], deputy], body.voters[5:8])

    text = _pdf_text(body.secretary, body.meeting, tmp_path)
    assert "có mặt 6/9 thành viên (trong đó 1 người dự thay); vắng 3 thành viên (có lý do)." in text
    assert "Phó phòng Lê Văn Thay" in text and "(dự thay Ủy viên dt8" in text
