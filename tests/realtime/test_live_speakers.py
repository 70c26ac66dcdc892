"""The floor over sockets: what every tablet receives, what a refusal does not send, and exact
catch-up of speaker.changed after a reconnect."""

import pytest

from tests.realtime.live_helpers import Hall, events, named
from tests.support.factories import create_agenda_item


@pytest.fixture
def hall(app):
    hall = Hall(app, "sp")
    hall.items = [
        create_agenda_item(hall.meeting, "Báo cáo kinh tế – xã hội", speaking_minutes=3),
        create_agenda_item(hall.meeting, "Kế hoạch đầu tư công"),
    ]
    return hall


def test_a_request_reaches_every_tablet_and_the_chair_gives_the_floor(hall):
    chair, member, other = hall.socket("chair"), hall.socket("member1"), hall.socket("member2")
    ack = hall.call(chair, "agenda.current.set", {"agenda_item_id": hall.items[0].id})
    assert ack["ok"] and not ack["duplicate"]
    (current,) = events(member, "agenda.current")
    assert current["agenda_item_id"] == hall.items[0].id and current["seq"] == ack["seq"]
    events(chair), events(other)

    ack = hall.call(member, "speaker.request", {})
    assert ack["ok"] and isinstance(ack["id"], int)
    for sio in (chair, member, other):
        (changed,) = events(sio, "speaker.changed")
        assert [(e["id"], e["user_id"], e["place"]) for e in changed["queue"]] == [
            (ack["id"], hall.people["member1"].id, 1)
        ]
    assert hall.call(member, "speaker.request", {})["duplicate"] is True  # a double tap: nothing new
    assert events(chair) == []

    granted = hall.call(chair, "speaker.next", {})
    assert granted["ok"] and granted["id"] == ack["id"]
    (changed,) = events(other, "speaker.changed")
    assert changed["current"]["user_id"] == hall.people["member1"].id
    assert changed["current"]["allotted_seconds"] == 180 and changed["queue"] == []
    assert changed["server_time"] >= changed["current"]["started_at"]
    ended = hall.call(chair, "speaker.end", {})
    assert ended["id"] == ack["id"] and events(other, "speaker.changed")[0]["done"][0]["id"] == ack["id"]
    assert hall.call(chair, "speaker.end", {}) == {"ok": True, "seq": ended["seq"], "duplicate": True, "id": None}


def test_refusals_change_nothing_and_reach_nobody(hall):
    chair, member, observer = hall.socket("chair"), hall.socket("member1"), hall.socket("observer")
    hall.call(chair, "agenda.current.set", {"agenda_item_id": hall.items[0].id})
    events(member), events(observer)
    refused = hall.call(observer, "speaker.request", {})
    assert refused == {"ok": False, "error": "Bạn không có quyền thực hiện thao tác này."}
    asked = hall.call(member, "speaker.request", {})
    events(chair), events(observer), events(member)
    assert hall.call(member, "speaker.grant", {"id": asked["id"]})["ok"] is False  # a member does not grant
    assert hall.call(member, "agenda.current.set", {"agenda_item_id": hall.items[1].id})["ok"] is False
    assert hall.call(chair, "speaker.grant", {"id": "một"}) == {
        "ok": False,
        "error": "Mã đăng ký phát biểu (id) không hợp lệ.",
    }
    assert hall.call(chair, "speaker.remove", {"id": 999999}) == {
        "ok": False,
        "error": "Không tìm thấy đăng ký phát biểu.",
    }
    assert events(chair) == [] and events(observer) == [] and events(member) == []


def test_reconnecting_tablet_replays_the_floor_exactly(hall):
    watcher = hall.socket("member2")  # stays connected: sees every change live
    chair, tablet = hall.socket("chair"), hall.socket("member1")
    hall.call(chair, "agenda.current.set", {"agenda_item_id": hall.items[0].id})
    mine = hall.call(tablet, "speaker.request", {})
    last_seen = hall.call(chair, "slide.set", {"document_id": hall.document.id, "page": 2})["seq"]
    events(watcher)
    hall.disconnect(tablet)

    theirs = hall.call(watcher, "speaker.request", {})
    hall.call(chair, "speaker.grant", {"id": theirs["id"]})  # out of turn
    hall.call(chair, "speaker.next", {})  # ends theirs, gives the floor to the tablet's owner
    hall.call(chair, "agenda.current.set", {"agenda_item_id": hall.items[1].id})  # ends that speech too
    hall.call(watcher, "speaker.request", {})  # on the new item
    live = [(name, data) for name, data in named(watcher) if name != "presence.changed"]

    back = hall.socket("member1", since_seq=last_seen).ack
    missed = [(m["event"], m["data"]) for m in back["missed"] if m["event"] != "presence.changed"]
    assert missed == live  # the same events, same payloads, same order
    assert [name for name, _ in missed] == ["speaker.changed"] * 4 + ["agenda.current", "speaker.changed"]
    floor = {entry["agenda_item_id"]: entry for entry in back["state"]["speakers"]}
    assert back["state"]["agenda_item_id"] == hall.items[1].id
    assert [e["id"] for e in floor[hall.items[0].id]["done"]] == [theirs["id"], mine["id"]]
    assert floor[hall.items[0].id]["current"] is None and floor[hall.items[1].id]["queue"][0]["place"] == 1
    # the durations the minutes will use are those the tablets saw
    assert [e["duration_seconds"] for e in floor[hall.items[0].id]["done"]] == [
        e["duration_seconds"] for e in missed[-3][1]["done"]
    ]


def test_a_fresh_tablet_gets_the_floor_in_its_snapshot(hall):
    chair, member = hall.socket("chair"), hall.socket("member1")
    hall.call(chair, "agenda.current.set", {"agenda_item_id": hall.items[1].id})
    asked = hall.call(member, "speaker.request", {"agenda_item_id": hall.items[0].id})  # named explicitly
    hall.call(chair, "speaker.grant", {"id": asked["id"]})
    joined = hall.socket("member2").ack
    assert joined["snapshot"] is True and joined["state"]["agenda_item_id"] == hall.items[1].id
    floor = joined["state"]["speakers"]
    assert [e["agenda_item_id"] for e in floor] == [hall.items[0].id, hall.items[1].id]  # agenda order
    assert floor[0]["current"]["id"] == asked["id"] and floor[1]["queue"] == [] and floor[1]["current"] is None
    assert joined["state"]["server_time"].endswith("Z")


def test_the_http_path_is_the_same_floor_and_reaches_the_tablets(hall, app):
    from app.auth.services import issue_token

    tablet = hall.socket("member2")
    bearer = lambda who: {"Authorization": f"Bearer {issue_token(hall.people[who])[1]}"}
    base = f"/api/v1/meetings/{hall.meeting.id}"
    client = app.test_client()
    moved = client.put(f"{base}/agenda/current", json={"agenda_item_id": hall.items[0].id}, headers=bearer("chair"))
    assert moved.status_code == 200 and moved.get_json()["agenda_item_id"] == hall.items[0].id
    asked = client.post(f"{base}/speakers", headers=bearer("member1"))
    assert asked.status_code == 201 and asked.get_json()["floor"]["queue"][0]["place"] == 1
    again = client.post(f"{base}/speakers", headers=bearer("member1")).get_json()
    assert again["duplicate"] is True and again["id"] == asked.get_json()["id"]
    refused = client.post(f"{base}/speakers/{again['id']}/grant", headers=bearer("member2"))
    assert refused.status_code == 403 and refused.get_json()["error"]
    granted = client.post(f"{base}/speakers/{again['id']}/grant", headers=bearer("secretary")).get_json()
    assert granted["floor"]["current"]["id"] == again["id"]
    names = [name for name, _ in named(tablet)]
    assert names == ["agenda.current", "speaker.changed", "speaker.changed"]  # nothing for the refusal
    ended = client.post(f"{base}/speakers/end", headers=bearer("chair")).get_json()
    assert ended["id"] == again["id"] and ended["floor"]["current"] is None
    listed = client.get(f"{base}/speakers", headers=bearer("member2")).get_json()
    assert listed["items"][0]["done"][0]["id"] == again["id"] and listed["server_time"].endswith("Z")
