"""The chair's console page and the projector view: the console is for those who run the session;
the projector opens with a secret link (stored hashed) that the chair replaces or revokes, joins the
socket as a read-only principal, follows the votes live and can do nothing else."""

from __future__ import annotations

import hashlib
import re
import uuid

import pytest
import sqlalchemy as sa

from app.extensions import db, socketio
from meetings.models import MeetingScreen
from tests.conftest import login
from tests.realtime.live_helpers import NS, Hall, events
from tests.realtime.test_protocol_doc import examples, same_shape

HTML = {"Accept": "text/html"}


@pytest.fixture
def hall(app):
    from tests.support.factories import create_agenda_item

    hall = Hall(app, "screen")
    hall.item = create_agenda_item(hall.meeting, "Kế hoạch phát triển kinh tế – xã hội năm 2027")
    hall.document.agenda_item_id = hall.item.id
    db.session.commit()
    return hall


def switch(client, user):
    client.post("/logout")
    login(client, user)


def _screen_link(client, hall) -> str:
    switch(client, hall.people["chair"])
    page = client.post(f"/meetings/{hall.meeting.id}/screen", headers=HTML).get_data(as_text=True)
    (url,) = re.findall(r'data-testid="screen-link"><a href="([^"]+)"', page)
    return url


def _projector(hall, token):
    with hall.app.app_context():
        return socketio.test_client(hall.app, namespace=NS, auth={"screen": token})


def test_the_console_is_for_those_who_run_the_session(hall, client):
    login(client, hall.people["chair"])
    page = client.get(f"/meetings/{hall.meeting.id}/console", headers=HTML).get_data(as_text=True)
    assert "Điều hành phiên họp" in page and "Mở biểu quyết" in page
    assert "Cần ít nhất 2/3 thành viên; hiện có 0." in page
    assert 'data-action="absent"' not in page  # the chair runs the floor; the secretary marks attendance
    switch(client, hall.people["secretary"])
    page = client.get(f"/meetings/{hall.meeting.id}/console", headers=HTML).get_data(as_text=True)
    assert page.count('data-action="absent"') == 4  # chair, secretary, two members; not the observer
    switch(client, hall.people["member1"])
    assert client.get(f"/meetings/{hall.meeting.id}/console", headers=HTML).status_code == 403


def test_the_screen_link_is_stored_hashed_replaced_and_revoked(hall, client):
    url = _screen_link(client, hall)
    token = url.rsplit("/", 1)[1]
    row = db.session.scalar(sa.select(MeetingScreen).where(MeetingScreen.meeting_id == hall.meeting.id))
    assert row.token_sha256 == hashlib.sha256(token.encode()).hexdigest() and token not in str(row.__dict__)
    client.post("/logout")
    page = client.get(f"/screen/{token}", headers=HTML)  # no login: the link is the permission
    assert page.status_code == 200 and hall.meeting.title in page.get_data(as_text=True)

    newer = _screen_link(client, hall).rsplit("/", 1)[1]
    assert client.get(f"/screen/{token}", headers=HTML).status_code == 404  # replaced: the old link is dead
    assert client.get(f"/screen/{newer}", headers=HTML).status_code == 200
    assert client.post(f"/meetings/{hall.meeting.id}/screen/revoke").status_code == 302
    assert client.get(f"/screen/{newer}", headers=HTML).status_code == 404
    switch(client, hall.people["member1"])
    assert client.post(f"/meetings/{hall.meeting.id}/screen").status_code == 403


def test_the_projector_follows_the_vote_read_only_and_is_cut_off_when_revoked(hall, client):
    token = _screen_link(client, hall).rsplit("/", 1)[1]
    with hall.app.app_context():
        refused = socketio.test_client(hall.app, namespace=NS, auth={"screen": "scr_guessed"})
    assert not refused.is_connected(NS)

    chair, member = hall.socket("chair"), hall.socket("member1")
    assert hall.call(chair, "slide.set", {"document_id": hall.document.id, "page": 3})["ok"]
    assert hall.call(chair, "agenda.current.set", {"agenda_item_id": hall.item.id})["ok"]
    screen = _projector(hall, token)
    assert screen.is_connected(NS)
    ack = hall.emit(screen, "screen.join", {"meeting_id": hall.meeting.id})
    same_shape(examples()["ack:screen.join"], ack)  # as documented in docs/realtime-protocol.md
    assert ack["ok"] and ack["state"]["floor"]["quorum"]["total"] == 3
    assert ack["state"]["documents"] == [{"id": hall.document.id, "agenda_item_id": hall.item.id}]
    assert [i["title"] for i in ack["state"]["agenda"]] == [hall.item.title]
    assert "attendance" not in ack["state"]["floor"]  # the quorum, not who is where

    for sio in (chair, member):
        assert hall.call(sio, "attendance.check_in", {"mode": "in_room"})["ok"]
    opened = hall.call(chair, "vote.open", {"agenda_item_id": hall.item.id, "question": "Thông qua Kế hoạch"})
    hall.call(member, "vote.cast", {"vote_id": opened["vote_id"], "choice": "for", "ballot_id": str(uuid.uuid4())})
    hall.call(chair, "vote.close", {"vote_id": opened["vote_id"]})
    got = screen.get_received(NS)
    received = [r["name"] for r in got]
    assert received == ["attendance.changed", "attendance.changed", "vote.opened", "vote.progress", "vote.closed"]
    for changed in (r["args"][0] for r in got if r["name"] == "attendance.changed"):  # the quorum, not who
        assert set(changed) == {"meeting_id", "seq", "quorum"}

    # read-only: no user behind it
    refused = hall.call(screen, "vote.open", {"agenda_item_id": hall.item.id, "question": "Chen ngang"})
    assert refused["ok"] is False
    assert hall.emit(screen, "meeting.join", {"meeting_id": hall.meeting.id})["ok"] is False

    switch(client, hall.people["chair"])
    assert client.post(f"/meetings/{hall.meeting.id}/screen/revoke").status_code == 302
    (revoked,) = screen.get_received(NS)
    assert revoked["name"] == "screen.revoked"
    same_shape(examples()["server:screen.revoked"], revoked["args"][0])
    hall.call(chair, "attendance.mark", {"action": "left", "user_id": hall.people["member1"].id})
    assert events(screen) == []  # cut off
    assert hall.emit(screen, "screen.join", {"meeting_id": hall.meeting.id}) == {
        "ok": False,
        "error": "Liên kết màn hình chiếu không còn hiệu lực.",
    }


def test_a_projector_opened_where_the_chair_is_signed_in_is_still_no_one(hall, client):
    """The projector page is often opened on the chair's own laptop: the session cookie travels with the
    socket, but the screen connection must not act as the chair (it could vote or run the floor)."""
    token = _screen_link(client, hall).rsplit("/", 1)[1]  # the client is signed in as the chair
    with hall.app.app_context():
        screen = socketio.test_client(hall.app, namespace=NS, auth={"screen": token}, flask_test_client=client)
    assert screen.is_connected(NS)
    assert hall.emit(screen, "screen.join", {"meeting_id": hall.meeting.id})["ok"] is True
    for event, payload in (
        ("attendance.check_in", {"mode": "in_room"}),
        ("vote.open", {"agenda_item_id": hall.item.id, "question": "Chen ngang"}),
        ("speaker.request", {}),
        ("meeting.join", {}),
    ):
        assert hall.emit(screen, event, {"meeting_id": hall.meeting.id, **payload})["ok"] is False, event
    assert client.get(f"/meetings/{hall.meeting.id}/console", headers=HTML).status_code == 200  # still signed in


def test_the_projector_shows_who_speaks_and_their_timer_not_who_waits(hall, client):
    """The room's screen follows the floor live: the item under discussion and who has the floor with
    their allotted time (``started_at``, ``server_time``), never the queue nor who spoke before."""
    token = _screen_link(client, hall).rsplit("/", 1)[1]
    chair, member1, member2 = hall.socket("chair"), hall.socket("member1"), hall.socket("member2")
    assert hall.call(chair, "slide.set", {"document_id": hall.document.id, "page": 1})["ok"]
    assert hall.call(chair, "agenda.current.set", {"agenda_item_id": hall.item.id})["ok"]
    assert hall.call(member1, "speaker.request", {})["ok"]
    assert hall.call(member2, "speaker.request", {})["ok"]

    screen = _projector(hall, token)
    ack = hall.emit(screen, "screen.join", {"meeting_id": hall.meeting.id})
    same_shape(examples()["ack:screen.join"], ack)
    assert ack["state"]["agenda_item_id"] == hall.item.id and ack["state"]["server_time"]
    (floor,) = ack["state"]["speakers"]
    assert floor["agenda_item_id"] == hall.item.id and floor["current"] is None
    assert floor["queue"] == [] and floor["done"] == []  # two wait: the room's screen does not list them

    assert hall.call(chair, "speaker.next", {})["ok"]  # member1 has the floor
    got = [(r["name"], r["args"][0]) for r in screen.get_received(NS)]
    assert [name for name, _ in got] == ["speaker.changed"]
    changed = got[0][1]
    assert changed["current"]["name"] == hall.people["member1"].full_name
    assert changed["current"]["allotted_seconds"] == 300 and changed["current"]["started_at"]
    assert changed["queue"] == [] and changed["done"] == []
    assert hall.people["member2"].full_name not in str(changed)  # waiting: not on the big screen

    assert hall.call(chair, "speaker.end", {})["ok"]
    (ended,) = events(screen, "speaker.changed")
    assert ended["current"] is None and ended["done"] == []
    assert hall.call(chair, "agenda.current.set", {"agenda_item_id": None})["ok"]
    assert [r["name"] for r in screen.get_received(NS)] == ["agenda.current"]
