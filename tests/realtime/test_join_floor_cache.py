"""The floor of a ``meeting.join`` is computed once per meeting and ``seq`` and shared
(meetings/services/floor_cache.py): it must be exact. Two people with different rights joining at
the same ``seq`` each get their own view; a logged change bumps ``seq`` and the next join sees it;
a change of what the floor shows that is not logged (a name, an agenda title, the floor rules)
is seen at the same ``seq`` too."""

from __future__ import annotations

import json
import uuid

import pytest

from app.extensions import db
from app.models import SystemRole
from meetings.floor_rules import FloorRules, Threshold
from meetings.services import floor_cache
from meetings.services.floor_rules import set_rules
from tests.realtime.live_helpers import Hall
from tests.support.factories import create_agenda_item, create_user


@pytest.fixture
def hall(app):
    hall = Hall(app, "fc")
    hall.item = create_agenda_item(hall.meeting, "Kế hoạch đầu tư công năm 2027")
    hall.secret = hall.add_document(pages=3, confidential=True, readers=["member1"])
    return hall


def _floor(sio) -> dict:
    return sio.ack["state"]["floor"]


def _attendance(sio, user) -> dict:
    return next(a for a in _floor(sio)["attendance"] if a["user_id"] == user.id)


def test_two_people_at_the_same_seq_get_their_own_views(hall):
    chair, member1 = hall.socket("chair"), hall.socket("member1")
    present = [hall.socket("member2"), hall.socket("observer")]  # so that joining again changes no presence
    assert all(sio.ack["ok"] for sio in present)
    for sio in (chair, member1):
        assert hall.call(sio, "attendance.check_in", {"mode": "in_room"})["ok"]
    slide = hall.call(hall.socket("secretary"), "slide.set", {"document_id": hall.secret.id, "page": 2})
    assert slide["ok"], slide
    opened = hall.call(chair, "vote.open", {"agenda_item_id": hall.item.id, "question": "Thông qua kế hoạch"})
    assert opened["ok"], opened
    cast = {"vote_id": opened["vote_id"], "choice": "against", "ballot_id": str(uuid.uuid4())}
    assert hall.call(member1, "vote.cast", cast)["ok"]

    mine = hall.socket("member1")
    other = hall.socket("member2")
    observer = hall.socket("observer")
    assert mine.ack["seq"] == other.ack["seq"] == observer.ack["seq"]
    assert floor_cache._cache[hall.meeting.id][0][0] == mine.ack["seq"]  # one floor, shared

    (vote,) = [v for v in _floor(mine)["votes"] if v["id"] == opened["vote_id"]]
    assert vote["mine"] == {"voted": True, "choice": "against"}
    for sio in (other, observer):
        (vote,) = [v for v in _floor(sio)["votes"] if v["id"] == opened["vote_id"]]
        assert vote["mine"] == {"voted": False, "choice": None}
        assert vote["progress"]["voted"] == 1
        assert "against" not in json.dumps(sio.ack)  # nobody else learns how member1 voted
    # the rest of the floor is the same for everyone who may view the meeting
    without_mine = [{k: v for k, v in vote.items() if k != "mine"} for vote in _floor(mine)["votes"]]
    assert without_mine == [{k: v for k, v in vote.items() if k != "mine"} for vote in _floor(other)["votes"]]
    assert _floor(mine)["attendance"] == _floor(other)["attendance"] == _floor(observer)["attendance"]
    # what depends on the reader's rights stays per reader: the confidential slide
    assert mine.ack["state"]["slide"]["document_id"] == hall.secret.id
    assert other.ack["state"]["slide"] == {"document_id": None, "page": None, "zoom": 1.0, "hidden": True}
    # a joiner changing what it received changes nothing for the next one
    _floor(other)["attendance"].clear()
    _floor(other)["votes"][0]["mine"]["voted"] = "tampered"
    again = hall.socket("member2")
    assert _floor(again)["attendance"] == _floor(mine)["attendance"]
    assert [v["mine"] for v in _floor(again)["votes"]] == [{"voted": False, "choice": None}]


def test_a_logged_change_bumps_seq_and_the_next_join_sees_it(hall):
    member2 = hall.people["member2"]
    first = hall.socket("member1")
    assert _attendance(first, member2)["status"] == "unknown"
    checked = hall.call(hall.socket("member2"), "attendance.check_in", {"mode": "online"})
    assert not checked["ok"]  # no video link: refused, nothing logged
    checked = hall.call(hall.socket("member2"), "attendance.check_in", {"mode": "in_room"})
    assert checked["ok"]
    after = hall.socket("member1")
    assert after.ack["seq"] > first.ack["seq"]
    assert _attendance(after, member2)["status"] != "unknown"
    assert _floor(after)["quorum"]["present"] == _floor(first)["quorum"]["present"] + 1

    assert hall.call(hall.socket("chair"), "agenda.current.set", {"agenda_item_id": hall.item.id})["ok"]
    request = hall.call(hall.socket("member1"), "speaker.request", {})
    assert request["ok"]
    later = hall.socket("observer")
    (item,) = later.ack["state"]["speakers"]
    assert item["agenda_item_id"] == hall.item.id and [e["id"] for e in item["queue"]] == [request["id"]]
    assert item["server_time"] == later.ack["state"]["server_time"]  # the clock of this join, not the cached one


def test_floor_changes_without_a_seq_bump_are_seen_at_the_same_seq(hall):
    member1 = hall.people["member1"]
    chair = hall.socket("chair")
    assert hall.call(chair, "agenda.current.set", {"agenda_item_id": hall.item.id})["ok"]
    assert hall.call(hall.socket("member1"), "speaker.request", {})["ok"]
    before = hall.socket("member2")
    assert hall.socket("member2").ack["state"]["floor"] == _floor(before)  # served again as it was

    member1.full_name = "Nguyễn Thị Đổi Tên"  # edited by an administrator: no live event
    member1.position = "Phó Chủ tịch"
    hall.item.title = "Kế hoạch đầu tư công (sửa đổi)"
    hall.item.speaking_minutes = 7
    db.session.flush()
    after = hall.socket("member2")
    assert after.ack["seq"] == before.ack["seq"]
    assert _attendance(after, member1)["name"] == "Nguyễn Thị Đổi Tên"
    (item,) = after.ack["state"]["speakers"]
    assert item["allotted_seconds"] == 7 * 60
    assert (item["queue"][0]["name"], item["queue"][0]["job_title"]) == ("Nguyễn Thị Đổi Tên", "Phó Chủ tịch")

    assert _floor(after)["quorum"]["required"] == 2
    set_rules(
        create_user(role=SystemRole.admin),
        FloorRules(quorum=Threshold(1, 3, strict=False)),
        body=hall.meeting.host_body,
    )
    ruled = hall.socket("member2")
    assert ruled.ack["seq"] == before.ack["seq"]
    assert _floor(ruled)["quorum"]["required"] == 1
