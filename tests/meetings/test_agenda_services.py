"""Agenda builder services: numbering, sub-items, reorder, delete; who may; bad input changes nothing;
a published agenda change notifies the members."""

import pytest
import sqlalchemy as sa

from app.errors import NotFound, ValidationError
from app.extensions import db
from documents.models import Document
from meetings.models import AgendaItem, Meeting, MeetingState, Notification
from meetings.services.agenda import (
    add_agenda_item,
    agenda_tree,
    delete_agenda_item,
    move_agenda_item,
    reorder_agenda,
    update_agenda_item,
)
from tests.support.factories import cast_meeting, create_agenda_item
from tests.support.outcomes import DENIED, HIDDEN, OK
from tests.support.outcomes import outcome as _outcome

MATRIX = {
    "secretariat": OK,
    "secretary": OK,
    "chair": DENIED,
    "member": DENIED,
    "observer": DENIED,
    "outsider": HIDDEN,
    "archivist": HIDDEN,
}


def _numbers(meeting_id):
    db.session.expire_all()
    meeting = db.session.get(Meeting, meeting_id)
    return [(e.number, e.item.title) for top in agenda_tree(meeting) for e in [top, *top.children]]


def test_numbering_follows_positions_with_sub_items(people):
    meeting = cast_meeting(people, state=MeetingState.draft)
    office = people["secretariat"]
    first = add_agenda_item(
        office,
        meeting,
        title="Báo cáo cải cách hành chính",
        presenter_id=people["member"].id,
        duration_minutes=30,
        description="Phòng Nội vụ trình bày.",
    )
    second = add_agenda_item(
        office, meeting, title="Kế hoạch sử dụng đất năm 2020", presenter_name="Giám đốc Bưu điện huyện"
    )
    add_agenda_item(office, meeting, parent_id=first.id, title="Dịch vụ công trực tuyến mức độ 3")
    add_agenda_item(office, meeting, parent_id=first.id, title="Bưu chính công ích")
    assert _numbers(meeting.id) == [
        ("1", "Báo cáo cải cách hành chính"),
        ("1.1", "Dịch vụ công trực tuyến mức độ 3"),
        ("1.2", "Bưu chính công ích"),
        ("2", "Kế hoạch sử dụng đất năm 2020"),
    ]
    assert first.presenter_label.startswith("Người dùng") and second.presenter_label == "Giám đốc Bưu điện huyện"
    assert first.duration_minutes == 30
    reorder_agenda(office, meeting, [second.id, first.id])
    assert [n for n, _ in _numbers(meeting.id)] == ["1", "2", "2.1", "2.2"]
    assert _numbers(meeting.id)[0] == ("1", "Kế hoạch sử dụng đất năm 2020")


@pytest.mark.parametrize("who,expected", MATRIX.items())
def test_add_item_matrix(people, who, expected):
    meeting = cast_meeting(people)
    assert _outcome(lambda: add_agenda_item(people[who], meeting, title="Nội dung mới")) is expected
    assert len(_numbers(meeting.id)) == (1 if expected is OK else 0)


@pytest.mark.parametrize("who,expected", MATRIX.items())
def test_reorder_matrix(people, who, expected):
    meeting = cast_meeting(people)
    a, b = create_agenda_item(meeting, "A"), create_agenda_item(meeting, "B")
    assert _outcome(lambda: reorder_agenda(people[who], meeting, [b.id, a.id])) is expected
    assert [t for _, t in _numbers(meeting.id)] == (["B", "A"] if expected is OK else ["A", "B"])


@pytest.mark.parametrize("who,expected", MATRIX.items())
def test_update_and_delete_matrix(people, who, expected):
    meeting = cast_meeting(people)
    item = create_agenda_item(meeting, "Cũ")
    assert _outcome(lambda: update_agenda_item(people[who], meeting, item, title="Mới")) is expected
    assert _outcome(lambda: delete_agenda_item(people[who], meeting, item)) is expected
    assert _numbers(meeting.id) == ([] if expected is OK else [("1", "Cũ")])


def test_reorder_refuses_anything_but_a_permutation_of_siblings(people):
    meeting = cast_meeting(people)
    other = cast_meeting(people)
    a, b, c = (create_agenda_item(meeting, t) for t in "ABC")
    child = create_agenda_item(meeting, "A.1", parent=a)
    foreign = create_agenda_item(other, "X")
    office = people["secretariat"]
    for order in (
        [a.id, b.id],
        [a.id, b.id, c.id, c.id],
        [a.id, b.id, foreign.id],
        [a.id, b.id, child.id],
        [a.id, b.id, c.id, foreign.id],
        "1,2,3",
        [str(a.id), str(b.id), str(c.id)],
        None,
        [True, b.id, c.id],
    ):
        with pytest.raises(ValidationError):
            reorder_agenda(office, meeting, order)
    with pytest.raises(NotFound):
        reorder_agenda(office, meeting, [foreign.id], parent_id=foreign.id)
    assert [t for _, t in _numbers(meeting.id)] == ["A", "A.1", "B", "C"]
    assert (
        db.session.scalar(sa.select(sa.func.count(Notification.id)).where(Notification.meeting_id == meeting.id)) == 0
    )


def test_sub_items_reorder_within_their_parent(people):
    meeting = cast_meeting(people, state=MeetingState.draft)
    a = create_agenda_item(meeting, "A")
    x, y = create_agenda_item(meeting, "x", parent=a), create_agenda_item(meeting, "y", parent=a)
    reorder_agenda(people["secretary"], meeting, [y.id, x.id], parent_id=a.id)
    assert _numbers(meeting.id) == [("1", "A"), ("1.1", "y"), ("1.2", "x")]


def test_move_up_and_down_is_the_button_fallback(people):
    meeting = cast_meeting(people, state=MeetingState.draft)
    a, b, c = (create_agenda_item(meeting, t) for t in "ABC")
    office = people["secretariat"]
    move_agenda_item(office, meeting, c, "up")
    move_agenda_item(office, meeting, a, "down")
    move_agenda_item(office, meeting, b, "down")  # already last: nothing moves
    assert [t for _, t in _numbers(meeting.id)] == ["C", "A", "B"]
    with pytest.raises(ValidationError):
        move_agenda_item(office, meeting, a, "sideways")


@pytest.mark.parametrize(
    "fields,message",
    [
        (dict(title=""), "Vui lòng nhập tên nội dung."),
        (dict(title="x" * 501), "500 ký tự"),
        (dict(title="Ổn", duration_minutes=0), "Thời lượng phải là số phút"),
        (dict(title="Ổn", duration_minutes=-5), "Thời lượng phải là số phút"),
        (dict(title="Ổn", duration_minutes="30"), "Thời lượng phải là số phút"),
        (dict(title="Ổn", presenter_id=999999), "Người trình bày không tồn tại."),
    ],
)
def test_bad_item_input_adds_nothing(people, fields, message):
    meeting = cast_meeting(people)
    with pytest.raises(ValidationError, match=message):
        add_agenda_item(people["secretariat"], meeting, **fields)
    assert _numbers(meeting.id) == []


def test_sub_items_are_one_level_deep_and_stay_in_their_meeting(people):
    meeting, other = cast_meeting(people), cast_meeting(people)
    a = create_agenda_item(meeting, "A")
    child = create_agenda_item(meeting, "A.1", parent=a)
    with pytest.raises(ValidationError, match="nội dung cấp 1"):
        add_agenda_item(people["secretariat"], meeting, parent_id=child.id, title="A.1.1")
    foreign = create_agenda_item(other, "X")
    with pytest.raises(NotFound):
        add_agenda_item(people["secretariat"], meeting, parent_id=foreign.id, title="lạc")
    with pytest.raises(NotFound):
        update_agenda_item(people["secretariat"], meeting, foreign, title="lạc")
    assert [t for _, t in _numbers(other.id)] == ["X"]


def test_delete_renumbers_and_takes_sub_items_along(people):
    meeting = cast_meeting(people, state=MeetingState.draft)
    a, b, c = (create_agenda_item(meeting, t) for t in "ABC")
    create_agenda_item(meeting, "B.1", parent=b)
    delete_agenda_item(people["secretariat"], meeting, b)
    assert _numbers(meeting.id) == [("1", "A"), ("2", "C")]
    assert db.session.scalar(sa.select(sa.func.count(AgendaItem.id)).where(AgendaItem.meeting_id == meeting.id)) == 2


def test_an_item_with_documents_is_not_deleted(people):
    """Only the document's row matters here (the bytes are the documents package's concern)."""
    meeting = cast_meeting(people, state=MeetingState.draft)
    item = create_agenda_item(meeting, "Có tài liệu")
    db.session.add(
        Document(
            meeting_id=meeting.id,
            agenda_item=item,
            title="Tờ trình",
            filename="to-trinh.pdf",
            object_key=f"meetings/{meeting.id}/documents/test.pdf",
            size=1,
            sha256="0" * 64,
        )
    )
    db.session.flush()
    db.session.refresh(item)
    with pytest.raises(ValidationError, match="còn tài liệu"):
        delete_agenda_item(people["secretariat"], meeting, item)
    assert _numbers(meeting.id) == [("1", "Có tài liệu")]


def test_published_agenda_change_notifies_members_but_a_draft_does_not(people):
    draft = cast_meeting(people, state=MeetingState.draft)
    add_agenda_item(people["secretariat"], draft, title="Nháp")
    assert db.session.scalar(sa.select(sa.func.count(Notification.id)).where(Notification.meeting_id == draft.id)) == 0
    meeting = cast_meeting(people, title="Phiên họp tháng 12")
    add_agenda_item(people["secretary"], meeting, title="Tờ trình bổ sung dự toán")
    notes = db.session.scalars(sa.select(Notification).where(Notification.meeting_id == meeting.id)).all()
    assert {n.user_id for n in notes} == {people[k].id for k in ("chair", "member", "observer")}
    assert notes[0].text == (
        "Chương trình cuộc họp «Phiên họp tháng 12» đã thay đổi: thêm nội dung «Tờ trình bổ sung dự toán»."
    )
    assert all(n.read_at is None for n in notes)
