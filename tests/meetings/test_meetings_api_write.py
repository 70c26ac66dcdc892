"""JSON API for the secretariat: create, update, state changes, members, agenda; 401/403/404 and
bad input (400 in Vietnamese, nothing changed)."""

import pytest
import sqlalchemy as sa

from app.auth.services import issue_token
from app.extensions import db
from meetings.models import Meeting, MeetingRole, MeetingState
from tests.support.factories import cast_meeting, create_agenda_item, create_body


@pytest.fixture(autouse=True)
def _body(app):
    """The active body the meetings below are created for (by name or by id)."""
    return create_body("UBND xã Mỹ Thọ")


def bearer(user):
    return {"Authorization": f"Bearer {issue_token(user)[1]}"}


def _meeting(meeting_id):
    db.session.expire_all()
    return db.session.get(Meeting, meeting_id)


NEW = {
    "title": "Phiên họp chuyên đề chuyển đổi số",
    "body": "UBND xã Mỹ Thọ",
    "kind": "thematic",
    "starts_at": "2026-12-10T14:00",
    "ends_at": "2026-12-10T16:30",
    "place": "Phòng họp số 2",
}


def test_create_update_publish_over_the_api(client, people):
    office = bearer(people["secretariat"])
    response = client.post("/api/v1/meetings", json=NEW, headers=office)
    assert response.status_code == 201
    body = response.get_json()
    assert body["state"] == "draft" and body["kind"] == "thematic"
    assert body["starts_at"] == "2026-12-10T07:00:00+00:00"  # 14:00 in Vietnam
    meeting_id = body["id"]
    response = client.patch(
        f"/api/v1/meetings/{meeting_id}",
        json={"place": "Hội trường", "starts_at": "2026-12-10T13:30:00+07:00"},
        headers=office,
    )
    assert response.get_json()["place"] == "Hội trường"
    assert response.get_json()["starts_at"] == "2026-12-10T06:30:00+00:00"
    for user, role in ((people["chair"], "chair"), (people["secretary"], "secretary"), (people["member"], None)):
        payload = {"user_id": user.id} | ({"role": role} if role else {})
        assert client.post(f"/api/v1/meetings/{meeting_id}/members", json=payload, headers=office).status_code == 201
    client.patch(
        f"/api/v1/meetings/{meeting_id}/members/{people['member'].id}", json={"role": "observer"}, headers=office
    )
    assert _meeting(meeting_id).role_of(people["member"]) == MeetingRole.observer
    response = client.post(f"/api/v1/meetings/{meeting_id}/publish", headers=office)
    assert response.status_code == 200 and response.get_json()["state"] == "published"
    response = client.post(f"/api/v1/meetings/{meeting_id}/publish", headers=office)
    assert response.status_code == 409
    assert response.get_json()["error"] == "Không thể công bố cuộc họp đang ở trạng thái «Đã công bố»."
    response = client.delete(f"/api/v1/meetings/{meeting_id}/members/{people['member'].id}", headers=office)
    assert [m["id"] for m in response.get_json()["members"]] == [people["chair"].id, people["secretary"].id]


def test_agenda_over_the_api(client, people):
    meeting = cast_meeting(people)
    office = bearer(people["secretary"])
    url = f"/api/v1/meetings/{meeting.id}/agenda"
    first = client.post(
        url, json={"title": "Báo cáo", "duration_minutes": 30, "presenter_id": people["member"].id}, headers=office
    )
    assert first.status_code == 201
    a = first.get_json()["agenda"][0]["id"]
    client.post(url, json={"title": "Kết luận"}, headers=office)
    body = client.post(
        url,
        json={"title": "Ý kiến xã Nhị Mỹ", "parent_id": a, "presenter_name": "Chủ tịch UBND xã Nhị Mỹ"},
        headers=office,
    ).get_json()
    assert [(i["number"], i["title"]) for i in body["agenda"]] == [
        ("1", "Báo cáo"),
        ("1.1", "Ý kiến xã Nhị Mỹ"),
        ("2", "Kết luận"),
    ]
    b = body["agenda"][2]["id"]
    body = client.put(f"{url}/order", json={"order": [b, a]}, headers=office).get_json()
    assert [i["number"] + " " + i["title"] for i in body["agenda"]] == [
        "1 Kết luận",
        "2 Báo cáo",
        "2.1 Ý kiến xã Nhị Mỹ",
    ]
    body = client.patch(f"{url}/{b}", json={"title": "Kết luận của Chủ tịch"}, headers=office).get_json()
    assert body["agenda"][0]["title"] == "Kết luận của Chủ tịch"
    body = client.delete(f"{url}/{b}", headers=office).get_json()
    assert [i["number"] for i in body["agenda"]] == ["1", "1.1"]
    # members read it (numbered) but may not change it
    reader = bearer(people["member"])
    assert client.get(url, headers=reader).get_json()["agenda"][0]["number"] == "1"
    assert client.post(url, json={"title": "Chen ngang"}, headers=reader).status_code == 403
    assert client.get(url, headers=bearer(people["outsider"])).status_code == 404


@pytest.mark.parametrize(
    "method,path,payload",
    [
        ("post", "/api/v1/meetings", NEW),
        ("patch", "/api/v1/meetings/{id}", {"title": "x"}),
        ("post", "/api/v1/meetings/{id}/cancel", None),
        ("post", "/api/v1/meetings/{id}/members", {"user_id": 1}),
        ("delete", "/api/v1/meetings/{id}/members/1", None),
        ("post", "/api/v1/meetings/{id}/agenda", {"title": "x"}),
        ("put", "/api/v1/meetings/{id}/agenda/order", {"order": []}),
    ],
)
def test_write_routes_401_403_404(client, people, method, path, payload):
    meeting = cast_meeting(people)
    url = path.format(id=meeting.id)
    response = getattr(client, method)(url, json=payload)
    assert response.status_code == 401 and "đăng nhập" in response.get_json()["error"]
    expected_member = 403
    response = getattr(client, method)(url, json=payload, headers=bearer(people["member"]))
    assert response.status_code == expected_member and response.is_json
    if "{id}" in path:
        response = getattr(client, method)(url, json=payload, headers=bearer(people["outsider"]))
        assert response.status_code == 404
        response = getattr(client, method)(path.format(id=999999), json=payload, headers=bearer(people["secretariat"]))
        assert response.status_code == 404
    fresh = _meeting(meeting.id)
    assert fresh.state == MeetingState.published and fresh.agenda_items == [] and len(fresh.members) == 4


@pytest.mark.parametrize(
    "payload,message",
    [
        ({**NEW, "title": ""}, "Vui lòng nhập tên cuộc họp."),
        ({**NEW, "title": 42}, "Trường title phải là chuỗi ký tự."),
        ({**NEW, "ends_at": "2026-12-10T13:00"}, "Thời gian kết thúc phải sau thời gian bắt đầu."),
        ({**NEW, "starts_at": "mai"}, "Thời gian bắt đầu không đúng định dạng"),
        ({**NEW, "starts_at": 1765350000}, "phải là chuỗi ngày giờ ISO 8601"),
        ({**NEW, "kind": "weekly"}, "Loại cuộc họp không hợp lệ"),
        ([1, 2], "Cần gửi dữ liệu JSON."),
    ],
)
def test_create_bad_input_creates_nothing(client, people, payload, message):
    count = db.session.scalar(sa.select(sa.func.count(Meeting.id)))
    response = client.post("/api/v1/meetings", json=payload, headers=bearer(people["secretariat"]))
    assert response.status_code == 400 and message in response.get_json()["error"]
    assert db.session.scalar(sa.select(sa.func.count(Meeting.id))) == count


def test_agenda_bad_input_changes_nothing(client, people):
    meeting = cast_meeting(people)
    other = cast_meeting(people)
    create_agenda_item(meeting, "A")
    b = create_agenda_item(meeting, "B")
    foreign = create_agenda_item(other, "X")
    office = bearer(people["secretariat"])
    url = f"/api/v1/meetings/{meeting.id}/agenda"
    for payload, message in (
        ({"title": "x", "duration_minutes": "30"}, "duration_minutes phải là số nguyên"),
        ({"title": "x", "duration_minutes": 0}, "Thời lượng phải là số phút"),
        ({"title": ""}, "Vui lòng nhập tên nội dung."),
    ):
        response = client.post(url, json=payload, headers=office)
        assert response.status_code == 400 and message in response.get_json()["error"]
    response = client.put(f"{url}/order", json={"order": [b.id, foreign.id]}, headers=office)
    assert response.status_code == 400 and "cùng cấp" in response.get_json()["error"]
    assert client.patch(f"{url}/{foreign.id}", json={"title": "y"}, headers=office).status_code == 404
    response = client.post(
        f"/api/v1/meetings/{meeting.id}/members", json={"user_id": people["member"].id}, headers=office
    )
    assert response.status_code == 400 and "đã có trong thành phần" in response.get_json()["error"]
    assert [(i.title, i.position) for i in _meeting(meeting.id).agenda_items] == [("A", 0), ("B", 1)]
    assert _meeting(other.id).agenda_items[0].title == "X"
