"""Numbers larger than the database holds, in a URL or a JSON body: 404 / 400 with a Vietnamese
JSON message, never a 500 (found by schemathesis; app/converters.py, app/errors.py)."""

from app.auth.services import issue_token
from tests.support.factories import create_meeting, create_user

HUGE = 317464333781395701760


def test_a_huge_id_in_the_url_is_not_found(client):
    admin = create_user(role="admin")
    _, raw = issue_token(admin)
    for method, url in (
        ("GET", f"/api/v1/meetings/{HUGE}"),
        ("DELETE", f"/api/v1/bodies/1/members/{HUGE}"),
        ("GET", f"/api/v1/meetings/{2**31}"),
    ):
        response = client.open(url, method=method, headers={"Authorization": f"Bearer {raw}"})
        assert response.status_code == 404, url
        assert "Không tìm thấy" in response.get_json()["error"]


def test_a_huge_id_in_a_json_body_is_a_bad_request(client):
    secretary = create_user()
    meeting = create_meeting({secretary: "secretary"})
    _, raw = issue_token(secretary)
    response = client.post(
        f"/api/v1/meetings/{meeting.id}/members",
        json={"user_id": HUGE, "role": "member"},
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code in (400, 404), response.get_data(as_text=True)
    assert response.is_json and response.get_json()["error"]
    assert client.get(f"/api/v1/meetings/{meeting.id}", headers={"Authorization": f"Bearer {raw}"}).status_code == 200
