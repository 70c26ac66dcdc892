"""Those who lose access stop receiving at once: a member removed from the meeting, a revoked
API token, a disabled account. They are told why (`access.revoked`), leave every room, and
their connection is closed; the others go on receiving."""

import pytest
import sqlalchemy as sa

from app.auth.services import revoke_tokens
from app.extensions import db, socketio
from app.models import ApiToken
from app.models.base import utcnow
from meetings.models import MeetingMember
from meetings.services import live
from meetings.services.members import remove_member
from tests.conftest import login
from tests.realtime.live_helpers import NS, Hall, events, named
from tests.support.factories import create_user


@pytest.fixture
def hall(app):
    return Hall(app, "ac")


def _turn_page(hall, page: int) -> int:
    ack = hall.call(hall.socket("chair", join=True), "slide.set", {"document_id": hall.document.id, "page": page})
    assert ack["ok"] is True
    return ack["seq"]


def _settled(*sios):
    """Drop what joining produced (the later joins' presence changes)."""
    for sio in sios:
        sio.get_received(NS)
    return sios


def _closed_soon(sio) -> bool:
    socketio.sleep(0)  # the connection is closed in its own greenlet, right after the cut-off
    return not sio.is_connected(NS)


def test_a_removed_member_stops_receiving_at_once_and_the_others_go_on(hall, client):
    removed, other = _settled(hall.socket("member1"), hall.socket("member2"))
    login(client, hall.people["secretary"])
    response = client.post(f"/meetings/{hall.meeting.id}/members/{hall.people['member1'].id}/delete")
    assert response.status_code == 302
    assert named(removed) == [("access.revoked", {"meeting_id": hall.meeting.id, "reason": "removed"})]
    seq = _turn_page(hall, 3)  # before the closed connection is even cleaned up
    assert named(removed) == []
    assert [e["seq"] for e in events(other, "slide.changed")] == [seq]
    assert _closed_soon(removed)
    # gone from the presence list; and a new connection may not join any more
    assert hall.people["member1"].id not in live.present_user_ids(hall.meeting)
    again = hall.socket("member1", join=False)
    assert hall.call(again, "meeting.join", {})["error"] == "Không tìm thấy nội dung yêu cầu."


def test_someone_who_still_sees_the_meeting_is_not_cut_off(hall):
    clerk = create_user("ac-clerk", "secretariat")  # the secretariat sees every meeting anyway
    db.session.add(MeetingMember(meeting_id=hall.meeting.id, user_id=clerk.id, role="member"))
    db.session.flush()
    hall.people["clerk"] = clerk
    sio = hall.socket("clerk")
    remove_member(hall.people["secretary"], hall.meeting, clerk.id)
    db.session.commit()
    seq = _turn_page(hall, 2)
    assert [e["seq"] for e in events(sio, "slide.changed")] == [seq] and not _closed_soon(sio)


def test_a_revoked_token_stops_its_connections_only(hall):
    revoked, member = _settled(hall.socket("member1"), hall.socket("member2"))
    revoke_tokens(hall.people["member1"])
    db.session.commit()
    assert named(revoked) == [("access.revoked", {"meeting_id": None, "reason": "token_revoked"})]
    seq = _turn_page(hall, 4)
    assert named(revoked) == [] and [e["seq"] for e in events(member, "slide.changed")] == [seq]
    assert _closed_soon(revoked)


def test_a_disabled_account_stops_receiving(hall, client):
    tablet = hall.socket("member1")
    login(client, hall.people["member1"])  # and a browser, on the session cookie
    browser = socketio.test_client(hall.app, namespace=NS, flask_test_client=client)
    assert hall.emit(browser, "meeting.join", {"meeting_id": hall.meeting.id})["ok"] is True
    browser.get_received(NS), events(tablet)
    hall.people["member1"].is_active_account = False
    db.session.commit()
    for sio in (tablet, browser):
        assert named(sio) == [("access.revoked", {"meeting_id": None, "reason": "account_disabled"})]
    _turn_page(hall, 5)
    assert named(tablet) == [] and named(browser) == []
    assert _closed_soon(tablet) and _closed_soon(browser)


def test_a_removal_that_is_rolled_back_cuts_nobody_off(hall):
    sio = hall.socket("member1")
    db.session.commit()  # what the hall built stays; only the removal below is rolled back
    remove_member(hall.people["secretary"], hall.meeting, hall.people["member1"].id)
    db.session.rollback()
    db.session.commit()
    seq = _turn_page(hall, 2)
    assert [e["seq"] for e in events(sio, "slide.changed")] == [seq] and not _closed_soon(sio)


def test_a_removal_committed_while_joining_refuses_the_join(hall, monkeypatch):
    """The removal's cut-off passed before this connection joined the rooms: the join itself,
    re-reading the permission after its commit, must refuse and leave the rooms."""
    real_join_presence = live.join_presence

    def removed_meanwhile(actor, meeting, sid):
        broadcasts = real_join_presence(actor, meeting, sid)
        db.session.delete(next(m for m in meeting.members if m.user_id == actor.id))
        return broadcasts

    member = hall.socket("member1", join=False)
    monkeypatch.setattr(live, "join_presence", removed_meanwhile)
    ack = hall.call(member, "meeting.join", {})
    monkeypatch.undo()
    assert ack == {"ok": False, "error": "Không tìm thấy nội dung yêu cầu."}
    events(member)
    _turn_page(hall, 3)
    assert events(member) == []
    assert hall.people["member1"].id not in live.present_user_ids(hall.meeting)


def _revoke_elsewhere(user) -> None:
    """As another process would (the command line without Redis): nothing announced here."""
    for token in db.session.scalars(sa.select(ApiToken).where(ApiToken.user_id == user.id)):
        token.revoked_at = utcnow()
    db.session.commit()


def test_an_event_on_a_connection_whose_token_was_revoked_elsewhere_is_refused(hall):
    revoked = hall.socket("member1")
    _revoke_elsewhere(hall.people["member1"])
    assert named(revoked) == []
    refused = hall.call(revoked, "annotation.add", {"annotation": hall.mark("private")})
    assert refused == {"ok": False, "error": "Bạn không có quyền thực hiện thao tác này."}
    assert named(revoked) == [("access.revoked", {"meeting_id": None, "reason": "token_revoked"})]
    assert _closed_soon(revoked)


def test_the_periodic_recheck_cuts_off_connections_revoked_elsewhere(hall):
    from realtime.access import recheck_connections

    revoked, member = _settled(hall.socket("member1"), hall.socket("member2"))
    _revoke_elsewhere(hall.people["member1"])
    assert recheck_connections() >= 1
    assert named(revoked) == [("access.revoked", {"meeting_id": None, "reason": "token_revoked"})]
    seq = _turn_page(hall, 2)
    assert named(revoked) == [] and [e["seq"] for e in events(member, "slide.changed")] == [seq]
    assert _closed_soon(revoked) and not _closed_soon(member)


def test_an_event_on_a_connection_whose_token_expired_or_account_was_disabled_elsewhere_is_refused(hall):
    from datetime import timedelta

    expired, disabled = _settled(hall.socket("member1"), hall.socket("member2"))
    for token in db.session.scalars(sa.select(ApiToken).where(ApiToken.user_id == hall.people["member1"].id)):
        token.expires_at = utcnow() - timedelta(seconds=1)
    hall.people["member2"].is_active_account = False
    db.session.commit()
    for sio in (expired, disabled):
        refused = hall.call(sio, "annotation.add", {"annotation": hall.mark("private")})
        assert refused == {"ok": False, "error": "Bạn không có quyền thực hiện thao tác này."}
    assert named(expired) == [("access.revoked", {"meeting_id": None, "reason": "token_revoked"})]
    assert _closed_soon(expired)
