"""Independent clients over the real server: bearer token for the API and for Socket.IO."""

import pytest
import requests
import socketio

pytestmark = pytest.mark.live


def _token(live, login):
    return live.flask("users", "token", login).stdout.strip()


def test_cli_token_authenticates_api_and_socket(live):
    token = _token(live, "uyvien1")
    assert token.startswith("php_")
    headers = {"Authorization": f"Bearer {token}"}
    me = requests.get(f"{live.url}/api/v1/me", headers=headers, timeout=10).json()
    assert me["login"] == "uyvien1"
    meetings = requests.get(f"{live.url}/api/v1/meetings", headers=headers, timeout=10).json()["meetings"]
    upcoming = [m for m in meetings if m["state"] == "published"]
    assert upcoming and upcoming[0]["my_role"] == "member"

    client = socketio.Client(reconnection=False)
    client.connect(live.url, namespaces=["/meeting"], auth={"token": token}, transports=["websocket"], wait_timeout=10)
    try:
        ack = client.call("meeting.join", {"meeting_id": upcoming[0]["id"]}, namespace="/meeting", timeout=10)
        assert ack["ok"] is True and ack["user_id"] == me["id"]
    finally:
        client.disconnect()


def test_socket_without_valid_token_is_refused(live):
    client = socketio.Client(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(
            live.url,
            namespaces=["/meeting"],
            auth={"token": "php_khong-hop-le"},
            transports=["websocket"],
            wait_timeout=10,
        )


def test_outsider_sees_no_meeting_and_cannot_join(live):
    member_meetings = requests.get(
        f"{live.url}/api/v1/meetings", timeout=10, headers={"Authorization": f"Bearer {_token(live, 'uyvien2')}"}
    ).json()["meetings"]
    token = _token(live, "ngoai")
    headers = {"Authorization": f"Bearer {token}"}
    assert requests.get(f"{live.url}/api/v1/meetings", headers=headers, timeout=10).json() == {"meetings": []}
    client = socketio.Client(reconnection=False)
    client.connect(live.url, namespaces=["/meeting"], auth={"token": token}, transports=["websocket"], wait_timeout=10)
    try:
        ack = client.call("meeting.join", {"meeting_id": member_meetings[0]["id"]}, namespace="/meeting", timeout=10)
        assert ack["ok"] is False and ack["error"]
    finally:
        client.disconnect()


def test_api_without_credentials_is_401_json(live):
    response = requests.get(f"{live.url}/api/v1/meetings", timeout=10)
    assert response.status_code == 401 and "đăng nhập" in response.json()["error"]
