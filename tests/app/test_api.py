from app.auth.services import issue_token, revoke_tokens
from app.models import SystemRole
from meetings.models import MeetingState
from tests.conftest import login
from tests.support.factories import create_meeting, create_user


def bearer(raw):
    return {"Authorization": f"Bearer {raw}"}


def test_me_without_credentials_is_401_json(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.is_json and "đăng nhập" in response.get_json()["error"]


def test_me_with_token(client):
    user = create_user("api-me", full_name="Trần Thị Bình")
    _, raw = issue_token(user)
    body = client.get("/api/v1/me", headers=bearer(raw)).get_json()
    assert body["login"] == "api-me" and body["full_name"] == "Trần Thị Bình" and body["system_role"] == "member"


def test_a_token_client_may_choose_its_language(client):
    """?lang on an API URL must not cost a token client its login (a session write would make
    Flask-Login's strong protection drop the token's user)."""
    user = create_user("api-lang")
    _, raw = issue_token(user)
    for lang in ("en", "vi"):
        response = client.get(f"/api/v1/me?lang={lang}", headers=bearer(raw))
        assert response.status_code == 200 and response.get_json()["login"] == "api-lang"
        assert "remember_token=;" not in response.headers.get("Set-Cookie", "")
    missing = client.get("/api/v1/meetings/999999?lang=en", headers=bearer(raw))
    assert missing.status_code == 404 and missing.get_json()["error"] == "The requested content was not found."


def test_me_with_session(client):
    user = create_user("api-session")
    login(client, user)
    assert client.get("/api/v1/me").get_json()["login"] == "api-session"


def test_revoked_and_forged_tokens_are_refused(client):
    user = create_user("api-revoke")
    _, raw = issue_token(user)
    assert client.get("/api/v1/me", headers=bearer(raw)).status_code == 200
    assert revoke_tokens(user) == 1
    assert client.get("/api/v1/me", headers=bearer(raw)).status_code == 401
    assert client.get("/api/v1/me", headers=bearer("php_forged")).status_code == 401
    assert client.get("/api/v1/me", headers=bearer("")).status_code == 401


def test_meetings_lists_exactly_what_the_caller_may_see(client):
    member, outsider = create_user("api-m"), create_user("api-out")
    archivist = create_user("api-arch", SystemRole.archivist)
    visible = create_meeting({member: "member"}, title="Họp công khai")
    closed = create_meeting({member: "member"}, state=MeetingState.closed, title="Họp đã xong")
    create_meeting({member: "member"}, state=MeetingState.draft, title="Họp dự thảo")
    _, raw = issue_token(member)
    ids = {m["id"] for m in client.get("/api/v1/meetings", headers=bearer(raw)).get_json()["meetings"]}
    assert ids == {visible.id, closed.id}
    _, raw_out = issue_token(outsider)
    assert client.get("/api/v1/meetings", headers=bearer(raw_out)).get_json() == {"meetings": []}
    _, raw_arch = issue_token(archivist)
    body = client.get("/api/v1/meetings?state=closed", headers=bearer(raw_arch)).get_json()
    assert [m["id"] for m in body["meetings"]] == [closed.id]
    assert body["meetings"][0]["title"] == "Họp đã xong"


def test_meeting_detail_and_its_errors(client):
    member, outsider = create_user("api-d"), create_user("api-d-out")
    meeting = create_meeting({member: "member"}, items=2)
    _, raw = issue_token(member)
    body = client.get(f"/api/v1/meetings/{meeting.id}", headers=bearer(raw)).get_json()
    assert body["id"] == meeting.id and body["my_role"] == "member"
    assert [i["title"] for i in body["agenda"]] == ["Nội dung 1", "Nội dung 2"]
    _, raw_out = issue_token(outsider)
    response = client.get(f"/api/v1/meetings/{meeting.id}", headers=bearer(raw_out))
    assert response.status_code == 404 and response.is_json
    assert client.get("/api/v1/meetings/999999", headers=bearer(raw)).status_code == 404


def test_bad_state_filter_is_a_400_in_vietnamese(client):
    user = create_user("api-bad")
    _, raw = issue_token(user)
    response = client.get("/api/v1/meetings?state=xyz", headers=bearer(raw))
    assert response.status_code == 400 and "Trạng thái không hợp lệ" in response.get_json()["error"]
