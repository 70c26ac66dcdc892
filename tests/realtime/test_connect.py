"""Connection authentication on /meeting: session cookie or API token; refusal otherwise."""

from app.auth.services import issue_token, revoke_tokens
from app.extensions import socketio
from tests.conftest import login
from tests.support.factories import create_meeting, create_user

NS = "/meeting"


def test_token_authenticates_a_socket_and_joins_own_meeting(app):
    member = create_user("rt-tok")
    meeting = create_meeting({member: "member"})
    _, raw = issue_token(member)
    sio = socketio.test_client(app, namespace=NS, auth={"token": raw})
    assert sio.is_connected(NS)
    ack = sio.emit("meeting.join", {"meeting_id": meeting.id}, namespace=NS, callback=True)
    assert ack["ok"] is True and ack["meeting_id"] == meeting.id and ack["user_id"] == member.id
    sio.disconnect(NS)


def test_session_cookie_authenticates_a_socket(app, client):
    member = create_user("rt-cookie")
    meeting = create_meeting({member: "member"})
    login(client, member)
    sio = socketio.test_client(app, namespace=NS, flask_test_client=client)
    assert sio.is_connected(NS)
    assert sio.emit("meeting.join", {"meeting_id": meeting.id}, namespace=NS, callback=True)["ok"] is True


def test_no_or_bad_or_revoked_credentials_are_refused(app):
    user = create_user("rt-bad")
    _, raw = issue_token(user)
    revoke_tokens(user)
    for auth in (None, {"token": "php_forged"}, {"token": 42}, {"token": raw}):
        sio = socketio.test_client(app, namespace=NS, auth=auth)
        assert not sio.is_connected(NS), auth


def test_joining_someone_elses_meeting_is_refused(app):
    outsider, member = create_user("rt-out"), create_user("rt-in")
    meeting = create_meeting({member: "member"})
    _, raw = issue_token(outsider)
    sio = socketio.test_client(app, namespace=NS, auth={"token": raw})
    ack = sio.emit("meeting.join", {"meeting_id": meeting.id}, namespace=NS, callback=True)
    assert ack["ok"] is False and "Không tìm thấy" in ack["error"]


def test_malformed_join_payloads_are_refused(app):
    member = create_user("rt-mal")
    _, raw = issue_token(member)
    sio = socketio.test_client(app, namespace=NS, auth={"token": raw})
    for payload in (None, "1", {"meeting_id": "1"}, {"meeting_id": True}, {}, [1]):
        ack = sio.emit("meeting.join", payload, namespace=NS, callback=True)
        assert ack["ok"] is False and "meeting_id" in ack["error"], payload


def test_handlers_survive_a_second_app(app, tmp_path):
    """Flask-SocketIO keeps only handlers declared before binding: a second create_app (tests,
    CLI) must not leave the namespace without handlers."""
    from app import create_app

    create_app("testing", {"DATABASE_URL": f"sqlite:///{tmp_path}/other.db", "INSTANCE_DIR": str(tmp_path)})
    member = create_user("rt-second")
    meeting = create_meeting({member: "member"})
    _, raw = issue_token(member)
    sio = socketio.test_client(app, namespace=NS, auth={"token": raw})
    assert sio.emit("meeting.join", {"meeting_id": meeting.id}, namespace=NS, callback=True)["ok"] is True
