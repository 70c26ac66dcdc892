"""docs/realtime-protocol.md is executable: every `client:` example is sent as written (ids mapped
to this test's meeting), and what comes back has the documented shape; documented errors match
word for word."""

import json
import re
from pathlib import Path

import pytest

from tests.realtime.live_helpers import Hall, events, named

DOC = Path(__file__).resolve().parents[2] / "docs" / "realtime-protocol.md"
DOC_MEETING, DOC_DOCUMENT, DOC_CHAIR, DOC_MEMBER, DOC_MEMBER2, DOC_ITEM = 7, 12, 21, 34, 35, 3
DOC_VOTE_ITEM = 5  # the agenda item of the attendance and vote examples


def examples() -> dict[str, object]:
    blocks = re.findall(r"```json example=(\S+)\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    found = {name: json.loads(body) for name, body in blocks}
    assert len(found) == len(blocks), "example names must be unique"
    return found


def shape(value):
    if isinstance(value, dict):
        return {k: shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return ["list", shape(value[0])] if value else "list"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    return "null" if value is None else type(value).__name__


def same_shape(documented, actual, path="") -> None:
    a, b = shape(documented), shape(actual)
    _compare(a, b, path)


def _compare(a, b, path):
    if isinstance(a, dict) and isinstance(b, dict):
        assert set(a) == set(b), f"{path}: documented {sorted(a)} != actual {sorted(b)}"
        for key in a:
            _compare(a[key], b[key], f"{path}.{key}")
    elif "list" in (a, b) and (a == "list" or a[0] == "list") and (b == "list" or b[0] == "list"):
        if a != "list" and b != "list":
            _compare(a[1], b[1], f"{path}[0]")
    else:
        assert a == b, f"{path}: documented {a} != actual {b}"


class Mapper:
    def __init__(self, hall, since_seq=None, requests=None):
        self.ids = {
            DOC_CHAIR: hall.people["chair"].id,
            DOC_MEMBER: hall.people["member1"].id,
            DOC_MEMBER2: hall.people["member2"].id,
        }
        self.hall, self.since_seq, self.vote_id = hall, since_seq, None
        self.requests = requests or {}  # documented speaker request id -> this test's

    def __call__(self, value, key=None):
        if isinstance(value, dict):
            return {k: self(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [self(v, key) for v in value]
        if key == "meeting_id":
            return self.hall.meeting.id
        if key == "document_id":
            return self.hall.document.id
        if key in ("presenter_id", "by", "author_id", "user_id", "present") and value in self.ids:
            return self.ids[value]
        if key == "since_seq":
            return self.since_seq
        if key == "agenda_item_id" and value in (DOC_ITEM, DOC_VOTE_ITEM):
            return self.hall.item.id
        if key == "id" and isinstance(value, int):
            return self.requests.get(value, value)
        if key == "vote_id":
            return self.vote_id
        return value


@pytest.fixture
def hall(app):
    from tests.support.factories import create_agenda_item

    hall = Hall(app, "doc")
    hall.item = create_agenda_item(hall.meeting, "Báo cáo tình hình kinh tế – xã hội")
    return hall


def test_every_documented_exchange_matches_the_server(hall):
    ex = examples()
    as_doc = Mapper(hall)
    send = lambda sio, name, **kw: hall.emit(sio, name.split("/")[0], Mapper(hall, **kw)(ex[f"client:{name}"]))
    chair = hall.socket("chair")
    assert send(chair, "attendance.check_in")["ok"]  # the join snapshot's attendance shows a check-in

    ack = send(chair, "presenter.set")
    same_shape(ex["ack:presenter.set"], ack)
    assert ack["ok"] and not ack["duplicate"]
    (changed,) = events(chair, "presenter.changed")
    same_shape(ex["server:presenter.changed"], changed)
    assert changed["presenter_id"] == as_doc(ex["server:presenter.changed"])["presenter_id"]

    ack = send(chair, "slide.set")
    same_shape(ex["ack:slide.set"], ack)
    hall.call(chair, "agenda.current.set", {"agenda_item_id": hall.item.id})  # the floor in the snapshot
    (changed,) = events(chair, "slide.changed")
    same_shape(ex["server:slide.changed"], changed)
    assert {k: changed[k] for k in ("page", "zoom", "by")} == {
        k: as_doc(ex["server:slide.changed"])[k] for k in ("page", "zoom", "by")
    }
    hall.call(chair, "annotation.add", {"annotation": hall.mark("shared", page=3)})  # something in the snapshot

    # a member joins: a snapshot, and everyone learns who is present
    member = hall.socket("member1", join=False)
    joined = send(member, "meeting.join")
    same_shape(ex["ack:meeting.join"], joined)
    assert joined["snapshot"] is True and joined["state"]["slide"]["page"] == 3
    presence = events(chair, "presence.changed")[-1]
    same_shape(ex["server:presence.changed"], presence)
    assert presence["present"] == sorted(as_doc(ex["server:presence.changed"])["present"])

    # the member drops out, the page turns, the member comes back with the last seq it saw
    hall.disconnect(member)
    hall.call(chair, "slide.set", {"document_id": hall.document.id, "page": 4})
    member = hall.socket("member1", join=False)
    back = send(member, "meeting.join/catch-up", since_seq=joined["seq"])
    same_shape(ex["ack:meeting.join/catch-up"], back)
    assert [m["event"] for m in back["missed"]] == ["presence.changed", "slide.changed", "presence.changed"]
    for missed in back["missed"]:
        same_shape(ex[f"server:{missed['event']}"], missed["data"])
    for documented in ex["ack:meeting.join/catch-up"]["missed"]:
        same_shape(ex[f"server:{documented['event']}"], documented["data"])
    events(chair)

    # marks: add, the same add again, update, delete
    ack = send(member, "annotation.add")
    same_shape(ex["ack:annotation.add"], ack)
    assert ack["id"] == ex["ack:annotation.add"]["id"]
    (changed,) = events(chair, "annotation.changed")
    same_shape(ex["server:annotation.changed"], changed)
    assert changed["annotation"] == as_doc(ex["server:annotation.changed"])["annotation"]
    assert send(member, "annotation.add")["duplicate"] is True
    same_shape(ex["ack:annotation.update"], send(member, "annotation.update"))
    assert events(chair, "annotation.changed")[0]["op"] == "update"
    same_shape(ex["ack:annotation.delete"], send(member, "annotation.delete"))
    (deleted,) = events(chair, "annotation.changed")
    same_shape(ex["server:annotation.changed/delete"], deleted)
    assert deleted["annotation"] == as_doc(ex["server:annotation.changed/delete"])["annotation"]


def test_documented_errors_are_the_servers_words(hall):
    ex = examples()
    send = lambda sio, name, payload: hall.emit(sio, name, Mapper(hall)(payload))
    member, outsider = hall.socket("member1"), hall.socket("outsider", join=False)
    assert send(member, "slide.set", ex["client:slide.set"]) == ex["error:slide.set"]
    assert send(outsider, "meeting.join", ex["client:meeting.join"]) == ex["error:meeting.join"]
    outside = json.loads(json.dumps(ex["client:annotation.add"]))
    outside["annotation"]["data"]["points"][0] = [1.5, 0.2]
    assert send(member, "annotation.add", outside) == ex["error:annotation.add"]


def test_the_tablets_learn_that_the_meeting_closed(hall, client):
    """Closing on the manage page reaches every open tablet as `meeting.state`, in the documented shape."""
    from meetings.models import MeetingState
    from tests.conftest import login

    ex = examples()
    member = hall.socket("member1")
    login(client, hall.people["secretary"])
    assert client.post(f"/meetings/{hall.meeting.id}/close").status_code == 302
    (state,) = events(member, "meeting.state")
    same_shape(ex["server:meeting.state"], state)
    assert state["state"] == "closed" and state["by"] == hall.people["secretary"].id
    from app.extensions import db

    db.session.refresh(hall.meeting)
    assert hall.meeting.state == MeetingState.closed


def test_the_floor_as_documented(hall):
    """agenda.current.set, then the speaker commands in the order the page documents them."""
    ex = examples()
    requests = {}
    mapped = lambda name: Mapper(hall, requests=requests)(ex[name])
    send = lambda sio, name: hall.emit(sio, name.split("/")[0], mapped(f"client:{name}"))
    chair, member, member2 = hall.socket("chair"), hall.socket("member1"), hall.socket("member2")

    assert send(member, "speaker.request") == ex["error:speaker.request"]  # nothing under discussion yet
    ack = send(chair, "agenda.current.set")
    same_shape(ex["ack:agenda.current.set"], ack)
    (current,) = events(member, "agenda.current")
    same_shape(ex["server:agenda.current"], current)
    assert current == {**mapped("server:agenda.current"), "seq": ack["seq"]}

    def command(sio, name, doc_id=None):
        ack = send(sio, name)
        same_shape(ex[f"ack:{name}"], ack)
        if doc_id is not None:
            requests[doc_id] = ack["id"]
        return ack

    command(member, "speaker.request", 5)
    command(member, "speaker.withdraw")
    requests[6] = hall.call(member, "speaker.request", {})["id"]  # asks again: a new request, last in line
    requests[7] = hall.call(member2, "speaker.request", {})["id"]
    events(chair), events(member), events(member2)
    command(chair, "speaker.grant")  # id 7 first, out of turn
    (granted,) = events(chair, "speaker.changed")
    same_shape(ex["server:speaker.changed"], granted)
    assert granted["current"]["user_id"] == hall.people["member2"].id and granted["current"]["state"] == "speaking"
    assert [(q["user_id"], q["place"]) for q in granted["queue"]] == [(hall.people["member1"].id, 1)]
    assert send(member, "speaker.grant") == ex["error:speaker.grant"]
    events(member), events(member2)
    command(chair, "speaker.next")  # ends 7, gives the floor to 6
    (moved,) = events(member2, "speaker.changed")
    events(member)
    same_shape(ex["server:speaker.changed"], moved)
    assert (moved["current"]["id"], [d["id"] for d in moved["done"]]) == (requests[6], [requests[7]])
    command(chair, "speaker.end")
    (ended,) = events(member, "speaker.changed")
    same_shape(ex["server:speaker.changed/ended"], ended)
    assert ended["current"] is None and [d["id"] for d in ended["done"]] == [requests[7], requests[6]]
    requests[8] = hall.call(member2, "speaker.request", {})["id"]
    command(chair, "speaker.remove")
    requests[8] = requests[6]  # a speech cannot be removed
    assert send(chair, "speaker.remove") == ex["error:speaker.remove"]

    # a fresh tablet: the floor in its snapshot, shaped like the events
    joined = hall.socket("observer").ack
    (floor,) = joined["state"]["speakers"]
    same_shape(
        {k: v for k, v in ex["server:speaker.changed/ended"].items() if k not in ("meeting_id", "by", "seq")}, floor
    )
    assert joined["state"]["agenda_item_id"] == hall.item.id


def test_the_floor_exchanges_match_the_server(hall):
    """Attendance and votes: check in, the quorum refusing a vote, a ballot before checking in, a vote
    opened, cast, closed; the secretary marking someone absent; the join snapshot during the floor."""
    from tests.support.factories import create_agenda_item

    ex = examples()
    hall.item = create_agenda_item(hall.meeting, "Kế hoạch phát triển kinh tế – xã hội năm 2027")
    mapper = Mapper(hall)
    send = lambda sio, name: hall.emit(sio, name.split("/")[0], mapper(ex[f"client:{name}"]))
    chair, member, other = hall.socket("chair"), hall.socket("member1"), hall.socket("member2")

    ack = send(chair, "attendance.check_in")
    same_shape(ex["ack:attendance.check_in"], ack)
    (changed,) = events(member, "attendance.changed")
    same_shape(ex["server:attendance.changed"], changed)
    assert send(chair, "vote.open") == ex["error:vote.open"]  # one of the three voting members is here

    assert send(member, "attendance.check_in")["ok"]
    ack = send(chair, "vote.open")
    same_shape(ex["ack:vote.open"], ack)
    mapper.vote_id = ack["vote_id"]
    (opened,) = events(member, "vote.opened")
    same_shape(ex["server:vote.opened"], opened)
    assert opened["vote"]["question"] == ex["server:vote.opened"]["vote"]["question"]

    assert send(other, "vote.cast") == ex["error:vote.cast"]  # member2 has not checked in
    ack = send(member, "vote.cast")
    same_shape(ex["ack:vote.cast"], ack)
    (progress,) = events(chair, "vote.progress")
    same_shape(ex["server:vote.progress"], progress)
    (ballot,) = [e for name, e in named(member) if name == "vote.ballot"]
    same_shape(ex["server:vote.ballot"], ballot)
    assert ballot["choice"] == ex["client:vote.cast"]["choice"]

    ack = send(chair, "vote.close")
    same_shape(ex["ack:vote.close"], ack)
    (closed,) = events(member, "vote.closed")
    same_shape(ex["server:vote.closed"], closed)
    assert closed["vote"]["result"]["summary"] == "Tán thành 1/3 thành viên (33,3 %) — Không thông qua"

    same_shape(ex["ack:attendance.mark"], send(hall.socket("secretary"), "attendance.mark"))
    assert events(chair, "attendance.changed")[-1]["attendance"]["absent_reason"] == "Đi công tác tỉnh"

    joined = hall.socket("member2", join=False)
    ack = hall.emit(joined, "meeting.join", {"meeting_id": hall.meeting.id})
    (vote,) = ack["state"]["floor"]["votes"]
    same_shape({**ex["server:vote.closed"]["vote"], "mine": {"voted": False, "choice": None}}, vote)


def test_hidden_slides_and_lost_access_have_the_documented_shape(hall, client):
    """`slide.changed/hidden` for those who may not read the document shown, `access.revoked` for
    a member removed from the meeting."""
    from tests.conftest import login

    ex = examples()
    as_doc = Mapper(hall)
    secret = hall.add_document(confidential=True, readers=("member1",))
    secretary, member2 = hall.socket("secretary"), hall.socket("member2")
    events(secretary)
    assert hall.call(secretary, "slide.set", {"document_id": secret.id, "page": 2})["ok"] is True
    (hidden,) = events(member2, "slide.changed")
    same_shape(ex["server:slide.changed/hidden"], hidden)
    documented = as_doc(ex["server:slide.changed/hidden"])
    assert {k: hidden[k] for k in ("meeting_id", "document_id", "page", "hidden")} == {
        "meeting_id": hall.meeting.id,
        "document_id": None,
        "page": None,
        "hidden": documented["hidden"],
    }

    login(client, hall.people["secretary"])
    assert client.post(f"/meetings/{hall.meeting.id}/members/{hall.people['member2'].id}/delete").status_code == 302
    (revoked,) = events(member2, "access.revoked")
    same_shape(ex["server:access.revoked"], revoked)
    assert revoked == as_doc(ex["server:access.revoked"])


def test_a_lost_server_process_makes_the_tablets_rejoin_as_documented(hall, app, monkeypatch):
    """``sync.rejoin``: the sweep of a dead process's presence sends the documented marker, and the
    documented join without ``since_seq`` answers the full snapshot that covers it."""
    from datetime import timedelta

    from app.extensions import db
    from app.models.base import utcnow
    from meetings.models import LivePresence
    from meetings.services import live_servers
    from realtime.rooms import commit_and_emit

    ex = examples()
    monkeypatch.setitem(app.config, "PRESENCE_TTL_SECONDS", 30)
    chair = hall.socket("chair")
    live_servers.beat("dead-process", utcnow() - timedelta(seconds=60))
    member = hall.people["member1"]
    db.session.add(
        LivePresence(sid="lost-tablet", meeting_id=hall.meeting.id, user_id=member.id, server_id="dead-process")
    )
    db.session.commit()
    commit_and_emit(live_servers.sweep_dead())
    (marker,) = events(chair, "sync.rejoin")
    same_shape(ex["server:sync.rejoin"], marker)
    assert marker["reason"] == ex["server:sync.rejoin"]["reason"]
    again = hall.emit(chair, "meeting.join", Mapper(hall)(ex["client:meeting.join"]))
    assert again["snapshot"] is True and again["seq"] >= marker["seq"] and again["missed"] == []
