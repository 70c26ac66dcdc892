"""The floor over the socket: check-ins reach every console with the quorum, a vote's progress tells
the others how many voted and never how, the voter alone hears "Bạn đã biểu quyết", the result reaches
every tablet, and a tablet that was away during an open vote catches up and votes exactly once."""

from __future__ import annotations

import json
import uuid

import pytest
import sqlalchemy as sa

from app.extensions import db
from meetings.models import MeetingEvent
from tests.realtime.live_helpers import Hall, events


@pytest.fixture
def hall(app):
    return Hall(app, "floor")


def _open(hall, chair, **kw):
    payload = {"agenda_item_id": hall.item.id, "question": "Thông qua Kế hoạch năm 2027", **kw}
    ack = hall.call(chair, "vote.open", payload)
    assert ack["ok"], ack
    return ack["vote_id"]


@pytest.fixture
def floor(hall):
    """The chair and member1 checked in over the socket (2 of the 3 voting members: the quorum)."""
    from tests.support.factories import create_agenda_item

    hall.item = create_agenda_item(hall.meeting, "Kế hoạch phát triển kinh tế – xã hội năm 2027")
    sockets = {name: hall.socket(name) for name in ("chair", "member1", "member2", "observer")}
    for name in ("chair", "member1"):
        assert hall.call(sockets[name], "attendance.check_in", {"mode": "in_room"})["ok"]
    for sio in sockets.values():
        events(sio)
    return sockets


def test_check_ins_reach_every_console_with_the_quorum(hall):
    chair, observer = hall.socket("chair"), hall.socket("observer")
    ack = hall.call(hall.socket("member1"), "attendance.check_in", {"mode": "in_room"})
    assert ack["ok"] and not ack["duplicate"]
    (changed,) = events(chair, "attendance.changed")
    assert changed["attendance"]["user_id"] == hall.people["member1"].id
    assert changed["quorum"] == {"holds": False, "required": 2, "present": 1, "total": 3, "margin": -1}
    assert events(observer, "attendance.changed") == [changed]  # the projector and guests see the quorum too
    refused = hall.call(observer, "attendance.check_in", {"mode": "in_room"})
    assert refused == {"ok": False, "error": "Bạn không có quyền thực hiện thao tác này."}
    member = hall.people["member2"].id
    assert not hall.call(hall.socket("member1"), "attendance.mark", {"action": "absent", "user_id": member})["ok"]
    secretary = hall.socket("secretary")
    marked = hall.call(secretary, "attendance.mark", {"action": "absent", "user_id": member, "reason": "Ốm"})
    assert marked["ok"] and events(chair, "attendance.changed")[0]["attendance"]["absent_reason"] == "Ốm"


def test_progress_tells_the_others_how_many_voted_never_how(hall, floor):
    vote_id = _open(hall, floor["chair"])
    (opened,) = events(floor["member2"], "vote.opened")
    assert opened["vote"]["question"] == "Thông qua Kế hoạch năm 2027" and opened["vote"]["state"] == "open"
    ack = hall.call(
        floor["member1"], "vote.cast", {"vote_id": vote_id, "choice": "against", "ballot_id": str(uuid.uuid4())}
    )
    assert ack["ok"] and ack["voted"] is True
    received = events(floor["member2"])
    assert [e for e in received if "vote_id" in e and "progress" in e] == received  # only the progress
    (progress,) = received
    assert set(progress) == {"meeting_id", "vote_id", "progress", "seq"}
    assert progress["progress"] == {"voted": 1, "total": 3, "advance": 0}
    assert "against" not in json.dumps(progress) and "choice" not in json.dumps(progress)
    (mine,) = events(floor["member1"], "vote.ballot")  # the voter's own connections only
    assert mine["voted"] is True and mine["choice"] == "against"

    closed = hall.call(floor["chair"], "vote.close", {"vote_id": vote_id})
    assert closed["ok"] and closed["result"]["summary"] == "Tán thành 0/3 thành viên (0,0 %) — Không thông qua"
    for name in ("member1", "member2", "observer"):
        (result,) = events(floor[name], "vote.closed")
        assert result["vote"]["result"]["counts"] == {"for": 0, "against": 1, "abstain": 0}
        assert result["vote"]["result"]["summary"] == closed["result"]["summary"]


def test_a_tablet_back_during_an_open_vote_catches_up_and_votes_exactly_once(hall, floor):
    seen = floor["member2"].ack["seq"]
    hall.disconnect(floor["member2"])
    vote_id = _open(hall, floor["chair"], secret=True)
    hall.call(floor["member1"], "vote.cast", {"vote_id": vote_id, "choice": "for", "ballot_id": str(uuid.uuid4())})

    back = hall.socket("member2", since_seq=seen)
    missed = [m["event"] for m in back.ack["missed"]]
    assert "vote.opened" in missed and "vote.progress" in missed and "vote.ballot" not in missed
    (vote,) = back.ack["state"]["floor"]["votes"]
    assert vote["id"] == vote_id and vote["progress"]["voted"] == 1 and vote["mine"] == {"voted": False, "choice": None}
    assert hall.call(back, "attendance.check_in", {"mode": "in_room"})["ok"]
    ballot = str(uuid.uuid4())
    assert hall.call(back, "vote.cast", {"vote_id": vote_id, "choice": "against", "ballot_id": ballot})["ok"]

    # the same tablet reloads: the snapshot says it has voted; it cannot vote a second time
    again = hall.socket("member2")
    (vote,) = again.ack["state"]["floor"]["votes"]
    assert vote["mine"] == {"voted": True, "choice": None} and vote["progress"]["voted"] == 2
    assert hall.call(again, "vote.cast", {"vote_id": vote_id, "choice": "for", "ballot_id": ballot})["duplicate"]
    refused = hall.call(again, "vote.cast", {"vote_id": vote_id, "choice": "for", "ballot_id": str(uuid.uuid4())})
    assert refused == {"ok": False, "error": "Bạn đã biểu quyết; phiếu kín không thể thay đổi."}
    # a secret vote's events say nothing about anyone's choice, even privately
    for event in db.session.scalars(
        sa.select(MeetingEvent).where(MeetingEvent.meeting_id == hall.meeting.id, MeetingEvent.event.like("vote.%"))
    ):
        assert event.payload.get("choice") is None


def test_opening_without_the_quorum_is_refused_with_the_figures(hall):
    from tests.support.factories import create_agenda_item

    hall.item = create_agenda_item(hall.meeting, "Dự toán")
    chair = hall.socket("chair")
    ack = hall.call(chair, "vote.open", {"agenda_item_id": hall.item.id, "question": "Thông qua dự toán"})
    assert ack == {"ok": False, "error": "Cần ít nhất 2/3 thành viên; hiện có 0."}
    assert events(hall.socket("member1"), "vote.opened") == []
