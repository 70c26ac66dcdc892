"""annotation.add/update/delete: layers, own marks only, ids applied at most once, validation."""

import uuid

import pytest

from tests.realtime.live_helpers import Hall, events


@pytest.fixture
def hall(app):
    return Hall(app, "an")


def test_shared_mark_reaches_everyone_and_a_repeat_is_acknowledged_without_a_second_event(hall):
    member, chair, observer = hall.socket("member1"), hall.socket("chair"), hall.socket("observer")
    mark = hall.mark("shared")
    ack = hall.call(member, "annotation.add", {"annotation": mark})
    assert ack == {"ok": True, "seq": ack["seq"], "duplicate": False, "id": mark["id"]}
    for sio in (chair, observer, member):
        (changed,) = events(sio, "annotation.changed")
        assert changed["op"] == "add" and changed["seq"] == ack["seq"]
        assert changed["annotation"] == {**mark, "author_id": hall.people["member1"].id, "deleted": False}
    again = hall.call(member, "annotation.add", {"annotation": mark})  # the offline queue sends it again
    assert again == {"ok": True, "seq": ack["seq"], "duplicate": True, "id": mark["id"]}
    assert events(chair) == [] and events(member) == []
    # the same id with other content, or by someone else, is refused
    other = dict(mark, data={"points": [[0.5, 0.5]], "color": "#000000", "width": 0.01})
    assert hall.call(member, "annotation.add", {"annotation": other})["ok"] is False
    assert hall.call(chair, "annotation.add", {"annotation": mark})["ok"] is False
    assert events(observer) == []


def test_private_marks_reach_only_the_authors_devices(hall):
    tablet, phone = hall.socket("member1"), hall.socket("member1")
    chair, other = hall.socket("chair"), hall.socket("member2")
    note = hall.mark("private", "note", {"x": 0.5, "y": 0.5, "text": "Hỏi lại số liệu giải ngân"})
    ack = hall.call(tablet, "annotation.add", {"annotation": note})
    assert ack["ok"] is True
    assert [e["annotation"]["id"] for e in events(phone, "annotation.changed")] == [note["id"]]
    assert events(chair, "annotation.changed") == [] and events(other, "annotation.changed") == []
    # nor in anyone else's snapshot or catch-up, but in the author's
    assert hall.socket("chair").ack["state"]["annotations"] == []
    catch_up = hall.socket("chair", since_seq=chair.ack["seq"]).ack
    assert all(m["event"] != "annotation.changed" for m in catch_up["missed"])
    mine = hall.socket("member1").ack["state"]["annotations"]
    assert [a["id"] for a in mine] == [note["id"]] and mine[0]["data"]["text"] == "Hỏi lại số liệu giải ngân"
    # and nobody else can even find it
    assert hall.call(chair, "annotation.delete", {"id": note["id"]})["error"] == "Không tìm thấy nét vẽ."


def test_update_and_delete_own_marks_only(hall):
    member, other, chair = hall.socket("member1"), hall.socket("member2"), hall.socket("chair")
    mark = hall.mark("shared", "highlight", {"rects": [[0.1, 0.1, 0.5, 0.05]]})
    hall.call(member, "annotation.add", {"annotation": mark})
    events(chair)
    moved = dict(mark, data={"rects": [[0.1, 0.2, 0.5, 0.05]], "color": "#ffeb3b"})
    assert hall.call(other, "annotation.update", {"annotation": moved})["ok"] is False
    assert hall.call(other, "annotation.delete", {"id": mark["id"]})["ok"] is False
    assert events(chair) == []
    ack = hall.call(member, "annotation.update", {"annotation": moved})
    assert ack["ok"] is True and ack["duplicate"] is False
    (changed,) = events(chair, "annotation.changed")
    assert changed["op"] == "update" and changed["annotation"]["data"]["rects"] == [[0.1, 0.2, 0.5, 0.05]]
    assert hall.call(member, "annotation.update", {"annotation": moved})["duplicate"] is True
    relayered = dict(moved, layer="private")
    assert hall.call(member, "annotation.update", {"annotation": relayered})["ok"] is False
    deleted = hall.call(member, "annotation.delete", {"id": mark["id"]})
    assert deleted["ok"] is True and deleted["duplicate"] is False
    (gone,) = events(chair, "annotation.changed")
    assert gone["op"] == "delete" and gone["annotation"]["id"] == mark["id"] and gone["annotation"]["deleted"] is True
    assert "data" not in gone["annotation"]
    assert hall.call(member, "annotation.delete", {"id": mark["id"]})["duplicate"] is True
    # a late repeat of the add does not bring it back
    assert hall.call(member, "annotation.add", {"annotation": mark})["duplicate"] is True
    assert events(chair) == []
    assert hall.socket("member2").ack["state"]["annotations"] == []


def test_observer_marks_privately_only(hall):
    observer, chair = hall.socket("observer"), hall.socket("chair")
    assert hall.call(observer, "annotation.add", {"annotation": hall.mark("private")})["ok"] is True
    refused = hall.call(observer, "annotation.add", {"annotation": hall.mark("shared")})
    assert refused["ok"] is False and "quyền" in refused["error"]
    assert events(chair) == []


def _bad_marks(hall):
    good = hall.mark()
    yield None
    yield "not an object"
    yield {**good, "id": "123"}
    yield {**good, "id": str(uuid.uuid4()).upper()}
    yield {**good, "layer": "public"}
    yield {**good, "kind": "arrow"}
    yield {**good, "page": 0}
    yield {**good, "page": 6}
    yield {**good, "document_id": 999999}
    yield {**good, "data": None}
    yield {**good, "data": {"points": []}}
    yield {**good, "data": {"points": [[0.1, 1.5]]}}
    yield {**good, "data": {"points": [[0.1, -0.1]]}}
    yield {**good, "data": {"points": [["0.1", 0.1]]}}
    yield {**good, "data": {"points": [[0.1, 0.2]], "color": "red"}}
    yield {**good, "data": {"points": [[0.1, 0.2]], "width": 3}}
    yield {**good, "data": {"points": [[0.1, 0.2]], "script": "x"}}
    yield {**good, "data": {"points": [[0.5, 0.5]] * 5001}}
    yield {**good, "kind": "highlight", "data": {"rects": [[0.9, 0.1, 0.5, 0.1]]}}
    yield {**good, "kind": "note", "data": {"x": 0.1, "y": 0.1, "text": "   "}}
    yield {**good, "kind": "note", "data": {"x": 0.1, "y": 0.1, "text": "x" * 2001}}


def test_malformed_marks_are_refused_and_change_nothing(hall):
    member, chair = hall.socket("member1"), hall.socket("chair")
    for bad in _bad_marks(hall):
        ack = hall.call(member, "annotation.add", {"annotation": bad})
        assert ack["ok"] is False and ack["error"], bad
    for payload in ({}, {"id": None}, {"id": "x"}, {"id": str(uuid.uuid4())}):
        assert hall.call(member, "annotation.delete", payload)["ok"] is False, payload
    assert hall.call(member, "annotation.update", {"annotation": hall.mark()})["ok"] is False  # unknown id
    assert events(chair) == []
    late = hall.socket("member1").ack
    assert late["state"]["annotations"] == [] and late["seq"] == chair.ack["seq"]  # no event, not even a seq
