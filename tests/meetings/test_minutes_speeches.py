"""Who spoke on which item, and for how long, in the minutes: built from the floor's log, rounded
as a secretary writes it, editable on the draft until it is locked, printed in the PDF."""

from __future__ import annotations

import pytest

from app.errors import ValidationError
from app.extensions import db
from meetings.models import MeetingMember, MeetingRole, MeetingState
from meetings.services import minutes as svc
from meetings.services import speakers
from meetings.services.minutes_speeches import format_duration, speech_lines
from tests.conftest import login
from tests.meetings.test_minutes_wording import _text
from tests.meetings.test_speakers import Clock
from tests.support.factories import create_user
from tests.support.minutes import closed_meeting_with_signers


@pytest.mark.parametrize(
    "seconds, text",
    [
        (0, "5 giây"),
        (2, "5 giây"),
        (33, "35 giây"),
        (57, "55 giây"),
        (58, "1 phút"),
        (60, "1 phút"),
        (64, "1 phút"),
        (65, "1 phút 10 giây"),
        (260, "4 phút 20 giây"),
        (263, "4 phút 20 giây"),
        (299, "5 phút"),
        (599, "10 phút"),
        (629, "10 phút"),
        (631, "11 phút"),
        (3599, "1 giờ"),
        (3900, "1 giờ 05 phút"),
    ],
)
def test_durations_are_rounded_as_a_secretary_writes_them(seconds, text):
    assert format_duration(seconds) == text


@pytest.fixture
def held(monkeypatch):
    """A meeting held with speeches: on item 1 Đào spoke twice (4:20, then 1:50) with Phúc (0:33) in
    between; on item 2 nobody spoke."""
    clock = Clock()
    monkeypatch.setattr(speakers, "utcnow", clock)
    meeting, secretary, chair, member = closed_meeting_with_signers(documents=False)
    other = create_user(full_name="Lê Văn Phúc", position="Phó Chủ tịch UBND huyện")
    db.session.add(MeetingMember(meeting_id=meeting.id, user_id=other.id, role=MeetingRole.member))
    meeting.state = MeetingState.in_session
    db.session.flush()
    db.session.refresh(meeting)
    first = meeting.agenda_items[0]
    speakers.set_current_item(chair, meeting, first.id)
    for who, seconds in ((member, 260), (other, 33), (member, 110)):
        request, _ = speakers.request_floor(who, meeting)
        speakers.grant(chair, meeting, request.id)
        clock.tick(seconds)
        speakers.end_speech(chair, meeting)
    meeting.state = MeetingState.closed
    db.session.flush()
    return meeting, secretary, chair, member


BUILT = (
    "- Đồng chí Trần Thị Đào (Trưởng phòng Nội vụ) phát biểu 2 lần, tổng cộng 6 phút 10 giây;\n"
    "- Đồng chí Lê Văn Phúc (Phó Chủ tịch UBND huyện) phát biểu 35 giây."
)


def test_the_minutes_list_who_spoke_on_each_item_and_how_long(app, held, store, tmp_path):
    meeting, secretary, chair, member = held
    first, second = meeting.agenda_items
    assert speech_lines(meeting) == {first.id: BUILT}
    doc = svc.minutes_document(meeting, svc.get_draft(meeting))
    assert [item.speeches for item in doc.items] == [BUILT, ""]
    text = _text(svc.preview_pdf(secretary, meeting), tmp_path)
    assert (
        "Ý kiến phát biểu: - Đồng chí Trần Thị Đào (Trưởng phòng Nội vụ) phát biểu 2 lần, tổng cộng 6 phút "
        "10 giây; - Đồng chí Lê Văn Phúc (Phó Chủ tịch UBND huyện) phát biểu 35 giây. Kết luận:"
    ) in text
    assert text.count("Ý kiến phát biểu") == 1  # nobody spoke on item 2: no heading there


def test_the_secretary_rewrites_the_lines_until_the_minutes_are_locked(app, held, client):
    meeting, secretary, chair, member = held
    first, second = meeting.agenda_items
    # saving the built lines unchanged keeps following the log (nothing stored)
    svc.save_draft(secretary, meeting, number="15/BB-UBND", speeches={first.id: BUILT + "\n"})
    assert svc.get_draft(meeting) and svc.speeches_of(meeting) == {first.id: BUILT}
    from meetings.models import AgendaConclusion

    assert db.session.query(AgendaConclusion).filter_by(agenda_item_id=first.id).one().speeches is None

    login(client, secretary)
    page = client.get(f"/meetings/{meeting.id}/minutes").get_data(as_text=True)
    assert f'name="speeches-{first.id}"' in page and "phát biểu 2 lần, tổng cộng 6 phút 10 giây;" in page
    written = BUILT.replace("6 phút 10 giây;", "6 phút 10 giây: đề nghị bổ sung chỉ tiêu thu ngân sách;")
    form = {
        "number": "15/BB-UBND",
        f"speeches-{first.id}": written,
        f"speeches-{second.id}": "",
        f"conclusion-{first.id}": "Thống nhất thông qua.",
    }
    assert client.post(f"/meetings/{meeting.id}/minutes", data=form).status_code == 302
    assert svc.speeches_of(meeting) == {first.id: written}
    doc = svc.minutes_document(meeting, svc.get_draft(meeting))
    assert doc.items[0].speeches == written and doc.items[0].conclusion == "Thống nhất thông qua."
    assert svc.list_versions(secretary, meeting)[0].snapshot["speeches"] == {str(first.id): written}

    svc.lock_draft(secretary, meeting)
    with pytest.raises(ValidationError, match="khóa"):
        svc.save_draft(secretary, meeting, number="15/BB-UBND", speeches={first.id: "- Sửa sau khi khóa."})
    locked = client.get(f"/meetings/{meeting.id}/minutes").get_data(as_text=True)
    assert f'name="speeches-{first.id}"' not in locked and "đề nghị bổ sung chỉ tiêu thu ngân sách" in locked


def test_speeches_must_belong_to_the_meeting(app, held):
    meeting, secretary, chair, member = held
    with pytest.raises(ValidationError):
        svc.save_draft(secretary, meeting, speeches={999999: "- Đồng chí X phát biểu 1 phút."})
