"""slide.set and presenter.set: who may turn everyone's page, what the room receives."""

import pytest

from tests.realtime.live_helpers import Hall, events


@pytest.fixture
def hall(app):
    return Hall(app, "sl")


def test_chair_turns_the_page_and_every_follower_receives_it_once(hall):
    chair, member, observer = hall.socket("chair"), hall.socket("member1"), hall.socket("observer")
    ack = hall.call(chair, "slide.set", {"document_id": hall.document.id, "page": 3, "zoom": 1.5})
    assert ack["ok"] is True and ack["duplicate"] is False
    for sio in (member, observer, chair):
        (changed,) = events(sio, "slide.changed")
        assert changed == {
            "meeting_id": hall.meeting.id,
            "document_id": hall.document.id,
            "page": 3,
            "zoom": 1.5,
            "by": hall.people["chair"].id,
            "seq": ack["seq"],
        }
    # the same slide again changes nothing and sends nothing
    again = hall.call(chair, "slide.set", {"document_id": hall.document.id, "page": 3})
    assert again == {"ok": True, "seq": ack["seq"], "duplicate": True}
    assert events(member) == []
    # a tablet joining later starts on that slide
    late = hall.socket("member2")
    assert late.ack["state"]["slide"] == {"document_id": hall.document.id, "page": 3, "zoom": 1.5}


def test_member_cannot_turn_pages_until_chosen_as_presenter(hall):
    chair, member, other = hall.socket("chair"), hall.socket("member1"), hall.socket("member2")
    refused = hall.call(member, "slide.set", {"document_id": hall.document.id, "page": 2})
    assert refused["ok"] is False and "người trình bày" in refused["error"]
    assert hall.call(member, "presenter.set", {"presenter_id": hall.people["member1"].id})["ok"] is False
    assert events(other) == []

    ack = hall.call(chair, "presenter.set", {"presenter_id": hall.people["member1"].id})
    assert ack["ok"] is True
    (changed,) = events(other, "presenter.changed")
    assert changed["presenter_id"] == hall.people["member1"].id and changed["seq"] == ack["seq"]
    assert hall.call(member, "slide.set", {"document_id": hall.document.id, "page": 2})["ok"] is True
    assert events(other, "slide.changed")[0]["by"] == hall.people["member1"].id
    # another member still may not
    assert hall.call(other, "slide.set", {"document_id": hall.document.id, "page": 4})["ok"] is False
    # the secretary may always; taking the role away stops the member
    assert hall.call(hall.socket("secretary"), "presenter.set", {"presenter_id": None})["ok"] is True
    assert hall.call(member, "slide.set", {"document_id": hall.document.id, "page": 5})["ok"] is False


def test_presenter_must_take_part_in_the_meeting(hall):
    chair = hall.socket("chair")
    for who in ("outsider", "observer"):
        ack = hall.call(chair, "presenter.set", {"presenter_id": hall.people[who].id})
        assert ack["ok"] is False and "thành viên" in ack["error"], who


MALFORMED_SLIDES = [
    {},
    {"document_id": "1", "page": 1},
    {"document_id": None, "page": 1},
    {"page": 0},
    {"page": 6},
    {"page": True},
    {"page": 1.5},
    {"page": 2, "zoom": 0},
    {"page": 2, "zoom": "2"},
    {"page": 2, "zoom": 99},
    {"page": 2, "zoom": float("nan")},
    {"document_id": 999999, "page": 1},
]


def test_malformed_slide_payloads_are_refused_and_change_nothing(hall):
    chair, member = hall.socket("chair"), hall.socket("member1")
    seq = member.ack["seq"]
    for payload in MALFORMED_SLIDES:
        if "document_id" not in payload and payload:
            payload = {"document_id": hall.document.id, **payload}
        ack = hall.call(chair, "slide.set", payload)
        assert ack["ok"] is False and ack["error"], payload
    assert events(member) == []
    late = hall.socket("member2")
    assert late.ack["state"]["slide"]["document_id"] is None
    assert late.ack["seq"] == seq + 1  # only member2's own arrival happened since


def test_a_document_of_another_meeting_is_refused(hall, app):
    other = Hall(app, "sl2")
    ack = hall.call(hall.socket("chair"), "slide.set", {"document_id": other.document.id, "page": 1})
    assert ack["ok"] is False and "không thuộc" in ack["error"]


def test_outsider_cannot_join_or_send_and_observer_cannot_control(hall):
    outsider = hall.socket("outsider", join=False)
    mark = hall.mark()
    for event, payload in (
        ("meeting.join", {}),
        ("slide.set", {"document_id": hall.document.id, "page": 2}),
        ("presenter.set", {"presenter_id": hall.people["outsider"].id}),
        ("annotation.add", {"annotation": mark}),
        ("annotation.update", {"annotation": mark}),
        ("annotation.delete", {"id": mark["id"]}),
    ):
        ack = hall.call(outsider, event, payload)
        assert ack["ok"] is False and "Không tìm thấy" in ack["error"], event
    observer = hall.socket("observer")
    assert hall.call(observer, "slide.set", {"document_id": hall.document.id, "page": 2})["ok"] is False
    assert hall.call(observer, "presenter.set", {"presenter_id": hall.people["observer"].id})["ok"] is False


def test_closed_meeting_has_no_live_control(hall):
    from app.extensions import db
    from meetings.models import MeetingState

    hall.meeting.state = MeetingState.closed
    db.session.flush()
    chair = hall.socket("chair")
    assert hall.call(chair, "slide.set", {"document_id": hall.document.id, "page": 2})["ok"] is False
    assert hall.call(chair, "presenter.set", {"presenter_id": hall.people["chair"].id})["ok"] is False
