"""Members and roles, and substitutes (dự thay)."""

import pytest
import sqlalchemy as sa

from app.errors import PermissionDenied, ValidationError
from app.extensions import db
from app.permissions import Perm, has_perm
from meetings.models import Meeting, MeetingRole, MeetingState, Notification, Substitution, SubstitutionState
from meetings.services.members import add_member, change_member_role, remove_member
from meetings.services.substitutions import decide_substitution, request_substitution
from tests.support.factories import cast_meeting, create_user
from tests.support.outcomes import DENIED, HIDDEN, OK
from tests.support.outcomes import outcome as _outcome


def _members(meeting_id):
    db.session.expire_all()
    return sorted((m.user_id, m.role.value) for m in db.session.get(Meeting, meeting_id).members)


@pytest.mark.parametrize(
    "who,expected",
    {
        "secretariat": OK,
        "secretary": OK,
        "chair": DENIED,
        "member": DENIED,
        "observer": DENIED,
        "outsider": HIDDEN,
        "archivist": HIDDEN,
    }.items(),
)
def test_add_member_matrix(people, who, expected):
    meeting = cast_meeting(people)
    newcomer = create_user()
    before = _members(meeting.id)
    assert _outcome(lambda: add_member(people[who], meeting, newcomer, "observer")) is expected
    after = _members(meeting.id)
    assert after == (sorted(before + [(newcomer.id, "observer")]) if expected is OK else before)


def test_newcomer_to_a_published_meeting_is_invited_and_sees_it(people):
    meeting = cast_meeting(people, title="Họp giao ban")
    newcomer = create_user()
    assert not has_perm(newcomer, Perm.MEETING_VIEW, meeting)
    add_member(people["secretariat"], meeting, newcomer.id, MeetingRole.member)
    assert has_perm(newcomer, Perm.MEETING_VIEW, meeting)
    note = db.session.scalar(sa.select(Notification).where(Notification.user_id == newcomer.id))
    assert note.text.startswith("Giấy mời: Họp giao ban")


def test_duplicate_member_changes_nothing(people):
    meeting = cast_meeting(people)
    before = _members(meeting.id)
    with pytest.raises(ValidationError, match="đã có trong thành phần dự họp"):
        add_member(people["secretariat"], meeting, people["member"], "observer")
    assert _members(meeting.id) == before


@pytest.mark.parametrize("role", ["chair", "secretary"])
def test_a_second_chair_or_secretary_is_refused(people, role):
    meeting = cast_meeting(people, state=MeetingState.draft)
    before = _members(meeting.id)
    with pytest.raises(ValidationError, match="Hãy đổi vai trò người đó trước"):
        add_member(people["secretariat"], meeting, create_user(), role)
    with pytest.raises(ValidationError, match="Hãy đổi vai trò người đó trước"):
        change_member_role(people["secretariat"], meeting, people["member"], role)
    assert _members(meeting.id) == before


@pytest.mark.parametrize("bad", ["president", "", None])
def test_unknown_role_or_user_is_refused(people, bad):
    meeting = cast_meeting(people)
    with pytest.raises(ValidationError, match="Vai trò không hợp lệ"):
        add_member(people["secretariat"], meeting, create_user(), bad)
    with pytest.raises(ValidationError, match="không tồn tại"):
        add_member(people["secretariat"], meeting, 987654, "member")


def test_disabled_account_cannot_be_added(people):
    meeting = cast_meeting(people)
    disabled = create_user()
    disabled.is_active_account = False
    with pytest.raises(ValidationError, match="đã bị khóa"):
        add_member(people["secretariat"], meeting, disabled, "member")


def test_swap_the_chair_in_a_draft_then_publish_keeps_one(people):
    meeting = cast_meeting(people, state=MeetingState.draft)
    change_member_role(people["secretariat"], meeting, people["chair"], "member")
    change_member_role(people["secretariat"], meeting, people["member"], "chair")
    assert [u.id for u in meeting.members_with_role(MeetingRole.chair)] == [people["member"].id]


def test_published_meeting_keeps_its_chair_and_secretary(people):
    meeting = cast_meeting(people)
    before = _members(meeting.id)
    with pytest.raises(ValidationError, match="phải luôn có chủ trì"):
        remove_member(people["secretariat"], meeting, people["chair"])
    with pytest.raises(ValidationError, match="phải luôn có thư ký"):
        change_member_role(people["secretariat"], meeting, people["secretary"], "member")
    assert _members(meeting.id) == before
    remove_member(people["secretariat"], meeting, people["observer"])
    assert people["observer"].id not in {u for u, _ in _members(meeting.id)}
    assert not has_perm(people["observer"], Perm.MEETING_VIEW, db.session.get(Meeting, meeting.id))


def test_removing_someone_not_in_the_meeting(people):
    meeting = cast_meeting(people)
    with pytest.raises(ValidationError, match="không có trong thành phần"):
        remove_member(people["secretariat"], meeting, people["outsider"])


# -- substitutes ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "who,expected",
    {
        "member": OK,
        "chair": DENIED,
        "secretary": DENIED,
        "observer": DENIED,
        "secretariat": DENIED,
        "outsider": HIDDEN,
        "archivist": HIDDEN,
    }.items(),
)
def test_request_substitution_matrix(people, who, expected):
    meeting = cast_meeting(people)
    deputy = create_user()
    assert _outcome(lambda: request_substitution(people[who], meeting, deputy, "Đi công tác tỉnh")) is expected
    count = db.session.scalar(sa.select(sa.func.count(Substitution.id)).where(Substitution.meeting_id == meeting.id))
    assert count == (1 if expected is OK else 0)


def test_substitute_approved_attends_in_place(people):
    meeting = cast_meeting(people)
    deputy = create_user(full_name="Phó phòng Nội vụ")
    sub = request_substitution(people["member"], meeting, deputy.id, "Đi công tác tỉnh")
    assert sub.state == SubstitutionState.pending
    assert db.session.scalar(
        sa.select(Notification.text).where(Notification.user_id == people["secretary"].id)
    ).endswith(f"dự thay tại cuộc họp «{meeting.title}».")
    with pytest.raises(PermissionDenied):
        decide_substitution(people["member"], meeting, sub, approve=True)
    decide_substitution(people["secretariat"], meeting, sub, approve=True)
    assert sub.state == SubstitutionState.approved and sub.decided_by_id == people["secretariat"].id
    assert meeting.role_of(deputy) == MeetingRole.member
    assert has_perm(deputy, Perm.DOCUMENT_VIEW, meeting)
    told = set(db.session.scalars(sa.select(Notification.user_id).where(Notification.text.like("Đã duyệt:%"))))
    assert told == {people["member"].id, deputy.id}
    with pytest.raises(ValidationError, match="đã được xử lý"):
        decide_substitution(people["secretariat"], meeting, sub, approve=False)
    with pytest.raises(ValidationError, match="không thể cử người khác"):
        request_substitution(deputy, meeting, create_user())


def test_rejected_substitute_stays_outside_and_member_may_ask_again(people):
    meeting = cast_meeting(people)
    deputy = create_user()
    sub = request_substitution(people["member"], meeting, deputy)
    decide_substitution(people["secretary"], meeting, sub, approve=False)
    assert sub.state == SubstitutionState.rejected and meeting.role_of(deputy) is None
    assert not has_perm(deputy, Perm.MEETING_VIEW, meeting)
    request_substitution(people["member"], meeting, create_user())


def test_bad_substitution_requests_change_nothing(people):
    meeting = cast_meeting(people)
    for substitute, message in (
        (people["member"], "phải là người khác"),
        (people["chair"], "đã có trong thành phần"),
        (123456, "không tồn tại"),
    ):
        with pytest.raises(ValidationError, match=message):
            request_substitution(people["member"], meeting, substitute)
    request_substitution(people["member"], meeting, create_user())
    with pytest.raises(ValidationError, match="đã cử người dự thay"):
        request_substitution(people["member"], meeting, create_user())
    assert (
        db.session.scalar(sa.select(sa.func.count(Substitution.id)).where(Substitution.meeting_id == meeting.id)) == 1
    )


def test_a_disabled_account_can_still_be_removed(people):
    meeting = cast_meeting(people)
    people["observer"].is_active_account = False
    remove_member(people["secretariat"], meeting, people["observer"].id)
    assert meeting.role_of(people["observer"]) is None
    with pytest.raises(ValidationError, match="không có trong thành phần"):
        remove_member(people["secretariat"], meeting, 987654)
