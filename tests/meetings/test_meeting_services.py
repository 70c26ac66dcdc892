"""Meeting services: the permission matrix, the state machine, and bad input that changes nothing."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from app.errors import PermissionDenied, ValidationError
from app.extensions import db
from meetings.localtime import parse_local
from meetings.models import Meeting, MeetingKind, MeetingRole, MeetingState, Notification
from meetings.services.meetings import (
    cancel_meeting,
    close_meeting,
    create_meeting,
    publish_meeting,
    start_meeting,
    update_meeting,
)
from tests.support.factories import cast_meeting, create_body
from tests.support.factories import create_meeting as make_meeting
from tests.support.floor import check_in_all
from tests.support.outcomes import DENIED, HIDDEN, OK
from tests.support.outcomes import outcome as _outcome

START = datetime(2026, 12, 1, 0, 30, tzinfo=UTC)  # 07:30 in Cao Lãnh


@pytest.fixture(autouse=True)
def _body(app):
    """The active body the meetings below are created for (by name or by id)."""
    return create_body("UBND xã Mỹ Thọ")


def _snapshot(meeting_id):
    db.session.expire_all()
    meeting = db.session.get(Meeting, meeting_id)
    return (
        meeting.title,
        meeting.state,
        sorted((m.user_id, m.role.value) for m in meeting.members),
        [(i.id, i.position, i.title) for i in meeting.agenda_items],
    )


# -- permission matrix -----------------------------------------------------------------------------
EDITORS = {
    "secretariat": OK,
    "secretary": OK,
    "chair": DENIED,
    "member": DENIED,
    "observer": DENIED,
    "outsider": HIDDEN,
    "archivist": HIDDEN,
}


@pytest.mark.parametrize("who,expected", EDITORS.items())
def test_update_meeting_matrix(people, who, expected):
    meeting = cast_meeting(people)
    before = _snapshot(meeting.id)
    assert _outcome(lambda: update_meeting(people[who], meeting, title="Tên mới")) is expected
    after = _snapshot(meeting.id)
    assert (after[0] == "Tên mới") == (expected is OK)
    if expected is not OK:
        assert after == before


@pytest.mark.parametrize("who,expected", {**EDITORS, "member": HIDDEN, "observer": HIDDEN}.items())
def test_publish_matrix_on_a_draft(people, who, expected):
    """Members and observers do not even see a draft: 404, not 403."""
    meeting = cast_meeting(people, state=MeetingState.draft)
    assert _outcome(lambda: publish_meeting(people[who], meeting)) is expected
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).state == (
        MeetingState.published if expected is OK else MeetingState.draft
    )


@pytest.mark.parametrize("who,expected", EDITORS.items())
def test_cancel_matrix(people, who, expected):
    meeting = cast_meeting(people)
    assert _outcome(lambda: cancel_meeting(people[who], meeting)) is expected
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).state == (
        MeetingState.cancelled if expected is OK else MeetingState.published
    )


@pytest.mark.parametrize("who", list(EDITORS))
def test_only_the_secretariat_creates_meetings(people, who):
    outcome = _outcome(lambda: create_meeting(people[who], title="Họp mới", body="UBND xã Mỹ Thọ", starts_at=START))
    assert outcome is (OK if who == "secretariat" else DENIED)


# -- create / update -------------------------------------------------------------------------------
def test_create_meeting_stores_utc_from_vietnam_time(people):
    starts = parse_local("2026-12-01T07:30", "Bắt đầu")
    ends = parse_local("2026-12-01T11:00", "Kết thúc")
    meeting = create_meeting(
        people["secretariat"],
        title="  Phiên họp thường kỳ tháng 12  ",
        body="UBND xã Mỹ Thọ",
        kind="thematic",
        starts_at=starts,
        ends_at=ends,
        place="Phòng họp số 1",
        video_url="https://hop.caolanh.gov.vn/phong-1",
    )
    db.session.expire_all()
    stored = db.session.get(Meeting, meeting.id)
    assert stored.title == "Phiên họp thường kỳ tháng 12"
    assert stored.starts_at == START and stored.ends_at == datetime(2026, 12, 1, 4, 0, tzinfo=UTC)
    assert stored.kind == MeetingKind.thematic and stored.state == MeetingState.draft
    assert stored.created_by_id == people["secretariat"].id
    assert stored.video_url == "https://hop.caolanh.gov.vn/phong-1"


@pytest.mark.parametrize(
    "fields,message",
    [
        (dict(title="   "), "Vui lòng nhập tên cuộc họp."),
        (dict(body=""), "Vui lòng chọn cơ quan chủ trì"),
        (dict(body="UBND xã Không Có"), "Không có cơ quan «UBND xã Không Có»"),
        (dict(starts_at=None), "Vui lòng nhập thời gian bắt đầu."),
        (dict(ends_at=START - timedelta(hours=1)), "Thời gian kết thúc phải sau thời gian bắt đầu."),
        (dict(ends_at=START), "Thời gian kết thúc phải sau thời gian bắt đầu."),
        (dict(kind="weekly"), "Loại cuộc họp không hợp lệ"),
        (dict(video_url="javascript:alert(1)"), "Đường dẫn họp trực tuyến"),
        (dict(starts_at=datetime(2026, 12, 1, 7, 30)), "múi giờ"),
        (dict(title="x" * 301), "300 ký tự"),
    ],
)
def test_bad_meeting_input_creates_nothing(people, fields, message):
    count = db.session.scalar(sa.select(sa.func.count(Meeting.id)))
    data = dict(title="Họp", body="UBND xã Mỹ Thọ", starts_at=START) | fields
    with pytest.raises(ValidationError) as exc:
        create_meeting(people["secretariat"], **data)
    assert message in str(exc.value)
    assert db.session.scalar(sa.select(sa.func.count(Meeting.id))) == count


def test_update_rejects_end_before_start_and_keeps_the_meeting(people):
    meeting = cast_meeting(people, starts_at=START)
    with pytest.raises(ValidationError, match="kết thúc phải sau"):
        update_meeting(people["secretariat"], meeting, title="Đổi tên", ends_at=START - timedelta(minutes=5))
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).title != "Đổi tên"


def test_bad_local_time_text():
    with pytest.raises(ValidationError, match="không đúng định dạng"):
        parse_local("01/12/2026 7h30", "Bắt đầu")


# -- state machine ---------------------------------------------------------------------------------
def test_the_whole_life_of_a_meeting(people):
    office = people["secretariat"]
    meeting = cast_meeting(people, state=MeetingState.draft)
    assert publish_meeting(office, meeting).state == MeetingState.published
    check_in_all(meeting, [people["chair"], people["member"]])  # the quorum: 2 of the 2 voting members
    assert start_meeting(office, meeting).state == MeetingState.in_session
    assert close_meeting(office, meeting).state == MeetingState.closed


@pytest.mark.parametrize(
    "state,service,message",
    [
        (MeetingState.published, publish_meeting, "Không thể công bố cuộc họp đang ở trạng thái «Đã công bố»."),
        (MeetingState.draft, start_meeting, "Không thể bắt đầu cuộc họp đang ở trạng thái «Dự thảo»."),
        (MeetingState.draft, close_meeting, "Không thể kết thúc cuộc họp đang ở trạng thái «Dự thảo»."),
        (MeetingState.in_session, cancel_meeting, "Không thể hủy cuộc họp đang ở trạng thái «Đang họp»."),
        (MeetingState.cancelled, publish_meeting, "Không thể công bố cuộc họp đang ở trạng thái «Đã hủy»."),
        (MeetingState.cancelled, start_meeting, "Không thể bắt đầu cuộc họp đang ở trạng thái «Đã hủy»."),
    ],
)
def test_illegal_transitions_are_refused_in_vietnamese(people, state, service, message):
    meeting = cast_meeting(people, state=state)
    with pytest.raises(ValidationError) as exc:
        service(people["secretariat"], meeting)
    assert str(exc.value) == message and exc.value.status_code == 409
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).state == state


def test_closed_meetings_cannot_even_be_touched(people):
    meeting = cast_meeting(people, state=MeetingState.closed)
    with pytest.raises(PermissionDenied):
        cancel_meeting(people["secretariat"], meeting)
    with pytest.raises(PermissionDenied):
        update_meeting(people["secretariat"], meeting, title="Sửa sau khi họp")


def test_cancelled_meeting_details_are_frozen(people):
    meeting = cast_meeting(people, state=MeetingState.cancelled)
    with pytest.raises(ValidationError, match="Đã hủy"):
        update_meeting(people["secretariat"], meeting, title="Sống lại")


@pytest.mark.parametrize("missing,message", [("chair", "chủ trì"), ("secretary", "thư ký")])
def test_publish_needs_one_chair_and_one_secretary(people, missing, message):
    roles = {"chair": "chair", "secretary": "secretary", "member": "member"}
    del roles[missing]
    meeting = make_meeting({people[k]: v for k, v in roles.items()}, state=MeetingState.draft)
    with pytest.raises(ValidationError, match=message):
        publish_meeting(people["secretariat"], meeting)
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).state == MeetingState.draft


def test_publishing_invites_the_members(people):
    meeting = cast_meeting(people, state=MeetingState.draft, title="Phiên họp tháng 12")
    publish_meeting(people["secretary"], meeting)
    notes = db.session.scalars(sa.select(Notification).where(Notification.meeting_id == meeting.id)).all()
    assert {n.user_id for n in notes} == {people[k].id for k in ("chair", "member", "observer")}
    assert all(n.text.startswith("Giấy mời: Phiên họp tháng 12") for n in notes)


def test_cancelling_a_published_meeting_tells_the_members(people):
    meeting = cast_meeting(people, title="Họp bị hủy")
    cancel_meeting(people["secretariat"], meeting)
    texts = {
        n.user_id: n.text
        for n in db.session.scalars(sa.select(Notification).where(Notification.meeting_id == meeting.id))
    }
    assert texts[people["member"].id] == "Cuộc họp «Họp bị hủy» đã bị hủy."
    assert len(texts) == 4  # everybody in it; the secretariat acted and is not a member


def test_editing_a_published_meeting_tells_the_members_but_not_the_actor(people):
    meeting = cast_meeting(people)
    update_meeting(people["secretary"], meeting, place="Hội trường UBND huyện")
    receivers = {
        n.user_id for n in db.session.scalars(sa.select(Notification).where(Notification.meeting_id == meeting.id))
    }
    assert receivers == {people[k].id for k in ("chair", "member", "observer")}


def test_roles_survive_a_noop_update(people):
    meeting = cast_meeting(people)
    update_meeting(people["secretariat"], meeting, title=meeting.title)
    assert (
        db.session.scalar(sa.select(sa.func.count(Notification.id)).where(Notification.meeting_id == meeting.id)) == 0
    )
    assert meeting.role_of(people["chair"]) == MeetingRole.chair


def test_closing_turns_undecided_substitution_requests_down_and_tells_the_requester(people):
    from meetings.models import MeetingMember, Substitution, SubstitutionState
    from meetings.services.notifications import list_notifications
    from meetings.services.substitutions import decide_substitution, request_substitution
    from tests.support.factories import create_user

    meeting = cast_meeting(people)
    colleague = create_user(full_name="Trưởng phòng Nội vụ")
    db.session.add(MeetingMember(meeting_id=meeting.id, user_id=colleague.id, role=MeetingRole.member))
    db.session.flush()
    db.session.refresh(meeting)
    deputy, other_deputy = create_user(full_name="Phó phòng Nội vụ"), create_user(full_name="Phó phòng Tài chính")
    approved = request_substitution(colleague, meeting, deputy)
    decide_substitution(people["secretariat"], meeting, approved, approve=True)
    pending = request_substitution(people["member"], meeting, other_deputy, reason="Đi công tác")
    check_in_all(meeting, [people["chair"], people["member"]])  # 2 of the 3 voting members
    start_meeting(people["secretariat"], meeting)
    close_meeting(people["secretariat"], meeting)
    assert db.session.get(Substitution, approved.id).state == SubstitutionState.approved  # decided ones stay
    assert pending.state == SubstitutionState.rejected and pending.decided_by_id == people["secretariat"].id
    assert list_notifications(people["member"])[0].text == (
        f"Đề nghị cử Phó phòng Tài chính dự thay tại cuộc họp «{meeting.title}» chưa được duyệt khi cuộc họp kết thúc."
    )
