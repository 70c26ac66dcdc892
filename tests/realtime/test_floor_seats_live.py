"""The quorum moves live when the seats change, not only on check-ins: a member added to or removed
from the meeting, a role changed, a substitute (dự thay) approved — each over HTTP, each one
``attendance.changed`` in the seq log with the new quorum, received by every open console (and the
projector), replayed on catch-up. Before: those paths emitted nothing and the consoles kept the old
figures until a reload (docs/floor.md's "known gap")."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db
from meetings.models import MeetingEvent
from meetings.services.floor_attendance import quorum_dict, quorum_status
from meetings.services.members import add_member, remove_member
from meetings.services.substitutions import request_substitution
from tests.conftest import login
from tests.realtime.live_helpers import Hall, events
from tests.support.factories import create_meeting, create_user


@pytest.fixture
def hall(app):
    hall = Hall(app, "seats")
    for name in ("chair", "member1"):  # 2 of the 3 voting members: the quorum holds (2/3)
        assert hall.call(hall.socket(name), "attendance.check_in", {"mode": "in_room"})["ok"]
    db.session.commit()
    return hall


def _quorum_events(hall):
    return [
        e.payload
        for e in db.session.scalars(
            sa.select(MeetingEvent)
            .where(MeetingEvent.meeting_id == hall.meeting.id, MeetingEvent.event == "attendance.changed")
            .order_by(MeetingEvent.seq)
        )
    ]


def test_adding_and_removing_a_member_moves_the_quorum_on_every_console(hall, client):
    chair, member2 = hall.socket("chair"), hall.socket("member2")
    newcomer = create_user(full_name="Ủy viên Trần Thị Mới")
    db.session.commit()
    login(client, hall.people["secretary"])
    before = len(_quorum_events(hall))

    response = client.post(f"/meetings/{hall.meeting.id}/members", data={"user_id": newcomer.id, "role": "member"})
    assert response.status_code == 302
    (added,) = events(chair, "attendance.changed")
    # 4 voting members now: 2/3 of 4 needs 3, two are here
    assert added["quorum"] == {"holds": False, "required": 3, "present": 2, "total": 4, "margin": -1}
    assert added["attendance"] is None and added["by"] == hall.people["secretary"].id
    assert events(member2, "attendance.changed") == [added]  # every open tablet, not only the chair's
    assert _quorum_events(hall)[-1] == added and len(_quorum_events(hall)) == before + 1  # in the seq log

    response = client.post(f"/meetings/{hall.meeting.id}/members/{newcomer.id}/delete")
    assert response.status_code == 302
    (removed,) = events(chair, "attendance.changed")
    assert removed["quorum"] == {"holds": True, "required": 2, "present": 2, "total": 3, "margin": 0}
    assert removed["seq"] > added["seq"]

    # a member who becomes an observer is no longer a seat
    response = client.post(
        f"/meetings/{hall.meeting.id}/members/{hall.people['member1'].id}/role", data={"role": "observer"}
    )
    assert response.status_code == 302
    (demoted,) = events(chair, "attendance.changed")
    assert demoted["quorum"] == {"holds": False, "required": 2, "present": 1, "total": 2, "margin": -1}
    assert quorum_dict(quorum_status(hall.meeting)) == demoted["quorum"]


def _substitute_asked(hall, client):
    """member2 names a substitute; the chair's console is open; the secretary is signed in to decide."""
    chair = hall.socket("chair")
    hall.people["deputy"] = create_user(full_name="Phó phòng Lê Văn Thay")
    sub = request_substitution(hall.people["member2"], hall.meeting, hall.people["deputy"], "Đi công tác")
    db.session.commit()
    events(chair)
    login(client, hall.people["secretary"])
    return chair, sub


def test_an_approved_substitute_fills_the_seat_live(hall, client):
    chair, sub = _substitute_asked(hall, client)

    response = client.post(f"/meetings/{hall.meeting.id}/substitutions/{sub.id}/approve")
    assert response.status_code == 302
    (approved,) = events(chair, "attendance.changed")
    # the substitute is not a fourth seat: still three voting members
    assert approved["quorum"] == {"holds": True, "required": 2, "present": 2, "total": 3, "margin": 0}

    # the substitute checks in: the absent member's seat is filled, the console sees 3/3
    deputy_socket = hall.socket("deputy")
    assert hall.call(deputy_socket, "attendance.check_in", {"mode": "in_room"})["ok"]
    (checked_in,) = events(chair, "attendance.changed")
    assert checked_in["quorum"]["present"] == 3 and checked_in["quorum"]["total"] == 3


def test_a_rejected_substitute_or_a_draft_meeting_emits_nothing(hall, client):
    chair, sub = _substitute_asked(hall, client)
    before = len(_quorum_events(hall))
    assert client.post(f"/meetings/{hall.meeting.id}/substitutions/{sub.id}/reject").status_code == 302
    assert events(chair, "attendance.changed") == [] and len(_quorum_events(hall)) == before

    # nobody follows a draft live: its seats change without an event
    draft = create_meeting({hall.people["secretary"]: "secretary", hall.people["chair"]: "chair"}, state="draft")
    add_member(hall.people["secretary"], draft, hall.people["member1"], "member")
    remove_member(hall.people["secretary"], draft, hall.people["member1"])
    assert db.session.scalar(sa.select(sa.func.count()).where(MeetingEvent.meeting_id == draft.id)) == 0


def test_a_tablet_that_was_away_catches_up_on_the_new_quorum(hall, client):
    seen = hall.socket("member2").ack["seq"]
    newcomer = create_user(full_name="Ủy viên Đỗ Văn Sau")
    db.session.commit()
    login(client, hall.people["secretary"])
    client.post(f"/meetings/{hall.meeting.id}/members", data={"user_id": newcomer.id, "role": "member"})
    back = hall.socket("member2", since_seq=seen)
    missed = [m for m in back.ack["missed"] if m["event"] == "attendance.changed"]
    assert [m["data"]["quorum"]["total"] for m in missed] == [4]
