"""The secretariat's pages over HTTP: allowed, forbidden (403), invisible (404), bad input (4xx in
Vietnamese, nothing changed)."""

import re

import pytest
import sqlalchemy as sa

from app.extensions import db
from meetings.models import Meeting, MeetingRole, MeetingState, Substitution
from tests.conftest import login
from tests.support.factories import cast_meeting, create_agenda_item, create_body, create_user
from tests.support.floor import check_in_all


@pytest.fixture(autouse=True)
def _body(app):
    """The active body the meetings below are created for (by name or by id)."""
    body = create_body("UBND xã Mỹ Thọ")
    FORM["body_id"] = str(body.id)
    return body


def switch(client, user):
    """Log out whoever is logged in on this client, then log ``user`` in."""
    client.post("/logout")
    login(client, user)


def _meeting(meeting_id):
    db.session.expire_all()
    return db.session.get(Meeting, meeting_id)


FORM = {
    "title": "Phiên họp thường kỳ tháng 12",
    "body_id": "",  # the _body fixture's id
    "kind": "regular",
    "starts_at": "2026-12-01T07:30",
    "ends_at": "2026-12-01T11:00",
    "place": "Phòng họp số 1",
    "video_url": "",
}


def test_create_meeting_form(client, people):
    login(client, people["secretariat"])
    page = client.get("/meetings/new").get_data(as_text=True)
    assert "Tên cuộc họp" in page and "Bắt đầu (giờ Việt Nam)" in page and "Thường kỳ" in page
    # who sees a draft, in words the secretary can check: the chair does too (see app/permissions.py)
    assert "chỉ chủ trì và thư ký thấy để chuẩn bị; thành viên nhận giấy mời khi công bố" in page
    response = client.post("/meetings/new", data=FORM)
    assert response.status_code == 302
    meeting = db.session.scalar(sa.select(Meeting).where(Meeting.title == FORM["title"]))
    assert response.headers["Location"].endswith(f"/meetings/{meeting.id}/manage")
    assert meeting.starts_at.hour == 0 and meeting.starts_at.minute == 30  # 07:30 in Vietnam is 00:30 UTC
    manage = client.get(f"/meetings/{meeting.id}/manage").get_data(as_text=True)
    assert "Thành phần dự họp" in manage and "Chương trình họp" in manage and 'value="2026-12-01T07:30"' in manage


@pytest.mark.parametrize(
    "change,message",
    [
        ({"title": ""}, "Vui lòng nhập tên cuộc họp."),
        ({"starts_at": ""}, "Vui lòng nhập thời gian bắt đầu."),
        ({"ends_at": "2026-12-01T06:00"}, "Thời gian kết thúc phải sau thời gian bắt đầu."),
        ({"video_url": "không phải url"}, "Đường dẫn họp trực tuyến phải là địa chỉ http(s) hợp lệ."),
    ],
)
def test_create_meeting_bad_input(client, people, change, message):
    login(client, people["secretariat"])
    count = db.session.scalar(sa.select(sa.func.count(Meeting.id)))
    response = client.post("/meetings/new", data=FORM | change)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Meeting.id))) == count


def test_members_may_not_create_or_manage(client, people):
    meeting = cast_meeting(people)
    login(client, people["member"])
    assert client.get("/meetings/new").status_code == 403
    assert client.post("/meetings/new", data=FORM).status_code == 403
    assert client.get(f"/meetings/{meeting.id}/manage").status_code == 403
    assert client.post(f"/meetings/{meeting.id}/cancel").status_code == 403
    assert _meeting(meeting.id).state == MeetingState.published


def test_outsiders_get_404_everywhere(client, people):
    meeting = cast_meeting(people)
    item = create_agenda_item(meeting, "A")
    login(client, people["outsider"])
    for method, url in [
        ("get", f"/meetings/{meeting.id}"),
        ("get", f"/meetings/{meeting.id}/manage"),
        ("post", f"/meetings/{meeting.id}/edit"),
        ("post", f"/meetings/{meeting.id}/publish"),
        ("post", f"/meetings/{meeting.id}/members"),
        ("post", f"/meetings/{meeting.id}/agenda"),
        ("post", f"/meetings/{meeting.id}/agenda/{item.id}/delete"),
        ("post", f"/meetings/{meeting.id}/agenda/reorder"),
        ("post", f"/meetings/{meeting.id}/substitutions"),
    ]:
        response = getattr(client, method)(url)
        assert response.status_code == 404, url
        assert "Không tìm thấy" in response.get_data(as_text=True)
    assert _meeting(meeting.id).agenda_items[0].title == "A"


def test_secretary_of_the_meeting_manages_it_and_publishes(client, people):
    meeting = cast_meeting(people, state=MeetingState.draft)
    newcomer = create_user(full_name="Nguyễn Văn Mới")
    login(client, people["secretary"])
    response = client.post(f"/meetings/{meeting.id}/members", data={"user_id": newcomer.id, "role": "observer"})
    assert response.status_code == 302
    assert _meeting(meeting.id).role_of(newcomer) == MeetingRole.observer
    client.post(f"/meetings/{meeting.id}/members/{newcomer.id}/role", data={"role": "member"})
    assert _meeting(meeting.id).role_of(newcomer) == MeetingRole.member
    client.post(f"/meetings/{meeting.id}/members/{newcomer.id}/delete")
    assert _meeting(meeting.id).role_of(newcomer) is None
    assert client.post(f"/meetings/{meeting.id}/publish").status_code == 302
    assert _meeting(meeting.id).state == MeetingState.published
    page = client.get(f"/meetings/{meeting.id}/manage").get_data(as_text=True)
    assert "Đã công bố cuộc họp và gửi giấy mời." in page


def test_refusals_show_on_the_manage_page_and_change_nothing(client, people):
    meeting = cast_meeting(people)
    login(client, people["secretariat"])
    response = client.post(f"/meetings/{meeting.id}/members", data={"user_id": people["member"].id, "role": "member"})
    assert response.status_code == 400
    assert "đã có trong thành phần dự họp" in response.get_data(as_text=True)
    response = client.post(f"/meetings/{meeting.id}/members", data={"user_id": "abc", "role": "member"})
    assert response.status_code == 400 and "phải là số nguyên" in response.get_data(as_text=True)
    response = client.post(f"/meetings/{meeting.id}/publish")
    assert response.status_code == 409
    assert "Không thể công bố cuộc họp đang ở trạng thái «Đã công bố»." in response.get_data(as_text=True)
    response = client.post(f"/meetings/{meeting.id}/agenda", data={"title": "", "duration_minutes": "15"})
    assert response.status_code == 400 and "Vui lòng nhập tên nội dung." in response.get_data(as_text=True)
    response = client.post(f"/meetings/{meeting.id}/agenda", data={"title": "Ổn", "duration_minutes": "mười"})
    assert response.status_code == 400 and "Thời lượng phải là số nguyên." in response.get_data(as_text=True)
    response = client.post(f"/meetings/{meeting.id}/edit", data=FORM | {"title": ""})
    assert response.status_code == 400 and "Vui lòng nhập tên cuộc họp." in response.get_data(as_text=True)
    # refused by the service: the edit form stays open with the values as typed, beside the message
    response = client.post(
        f"/meetings/{meeting.id}/edit", data=FORM | {"ends_at": "2026-12-01T06:00", "place": "Hội trường B"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Thời gian kết thúc phải sau thời gian bắt đầu." in page
    assert re.search(r'<details class="card"\s+open>', page) and 'value="Hội trường B"' in page
    assert _meeting(meeting.id).place != "Hội trường B"
    fresh = _meeting(meeting.id)
    assert fresh.state == MeetingState.published and fresh.agenda_items == [] and len(fresh.members) == 4


def test_agenda_builder_over_http(client, people):
    meeting = cast_meeting(people, state=MeetingState.draft)
    login(client, people["secretariat"])
    for title in ("Báo cáo", "Tờ trình", "Kết luận"):
        client.post(
            f"/meetings/{meeting.id}/agenda",
            data={
                "title": title,
                "presenter_id": people["member"].id,
                "duration_minutes": "20",
                "description": "Mô tả",
            },
        )
    a, b, c = _meeting(meeting.id).agenda_items
    client.post(
        f"/meetings/{meeting.id}/agenda",
        data={"title": "Ý kiến các xã", "parent_id": a.id, "presenter_name": "Chủ tịch UBND xã Nhị Mỹ"},
    )
    client.post(f"/meetings/{meeting.id}/agenda/{b.id}", data={"title": "Tờ trình (sửa)", "duration_minutes": ""})
    client.post(f"/meetings/{meeting.id}/agenda/{c.id}/up")
    page = client.get(f"/meetings/{meeting.id}/manage").get_data(as_text=True)
    rows = re.findall(r'<span class="agenda-number">([\d.]+)</span>\s*<span class="builder-title">([^<]+)</span>', page)
    assert rows == [("1", "Báo cáo"), ("1.1", "Ý kiến các xã"), ("2", "Kết luận"), ("3", "Tờ trình (sửa)")]
    client.post(f"/meetings/{meeting.id}/agenda/{c.id}/delete")
    assert [i.title for i in _meeting(meeting.id).agenda_items if i.parent_id is None] == ["Báo cáo", "Tờ trình (sửa)"]


def test_reorder_json(client, people):
    meeting = cast_meeting(people)
    a, b, c = (create_agenda_item(meeting, t) for t in "ABC")
    child = create_agenda_item(meeting, "A.1", parent=a)
    login(client, people["secretary"])
    url = f"/meetings/{meeting.id}/agenda/reorder"
    response = client.post(url, json={"parent_id": None, "order": [c.id, a.id, b.id]})
    assert response.status_code == 200
    assert response.get_json()["items"] == [
        {"id": c.id, "number": "1"},
        {"id": a.id, "number": "2"},
        {"id": child.id, "number": "2.1"},
        {"id": b.id, "number": "3"},
    ]
    for body in (
        {"order": [a.id, b.id]},
        {"order": [a.id, b.id, c.id, child.id]},
        {"order": "x"},
        {"parent_id": "1", "order": [c.id, a.id, b.id]},
        [1, 2],
    ):
        response = client.post(url, json=body, headers={"Accept": "application/json"})
        assert response.status_code == 400 and response.is_json, body
        assert response.get_json()["error"]
    response = client.post(url, data="không phải json", headers={"Accept": "application/json"})
    assert response.status_code == 400 and response.get_json()["error"] == "Cần gửi dữ liệu JSON."
    db.session.expire_all()
    assert [
        i.title for i in sorted(_meeting(meeting.id).agenda_items, key=lambda i: (i.parent_id or 0, i.position))
    ] == ["C", "A", "B", "A.1"]
    switch(client, people["member"])
    assert client.post(url, json={"order": [a.id, b.id, c.id]}).status_code == 403


def test_member_detail_page_numbering_and_substitution(client, people):
    meeting = cast_meeting(people, title="Phiên họp tháng 12")
    a = create_agenda_item(
        meeting, "Báo cáo cải cách hành chính", duration_minutes=30, presenter_name="Trưởng phòng Nội vụ"
    )
    create_agenda_item(meeting, "Dịch vụ công mức độ 3", parent=a)
    create_agenda_item(meeting, "Kết luận")
    deputy = create_user(full_name="Phó phòng Nội vụ")
    login(client, people["member"])
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert '<span class="agenda-number">1.1</span> Dịch vụ công mức độ 3' in page
    assert '<span class="agenda-number">2</span> Kết luận' in page
    assert "Trình bày: Trưởng phòng Nội vụ" in page and "30 phút" in page
    assert f'href="/meetings/{meeting.id}/live"' in page and "Mở trên máy tính bảng" in page
    assert "Cử người dự thay" in page
    candidates = re.search(r'<select id="substitute_id".*?</select>', page, re.S).group(0)
    assert "Phó phòng Nội vụ" in candidates and people["archivist"].full_name not in candidates  # staff, not accounts
    mine = client.get("/meetings/mine").get_data(as_text=True)
    assert "Phiên họp tháng 12" in mine and '<span class="agenda-number">1.1</span> Dịch vụ công mức độ 3' in mine
    response = client.post(
        f"/meetings/{meeting.id}/substitutions", data={"substitute_id": deputy.id, "reason": "Đi công tác"}
    )
    assert response.status_code == 302
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Người dự thay: Phó phòng Nội vụ" in page and "Chờ duyệt" in page
    response = client.post(f"/meetings/{meeting.id}/substitutions", data={"substitute_id": ""})
    assert response.status_code == 400 and "Vui lòng chọn người dự thay." in response.get_data(as_text=True)
    sub = db.session.scalar(sa.select(Substitution).where(Substitution.meeting_id == meeting.id))
    switch(client, people["observer"])
    assert client.post(f"/meetings/{meeting.id}/substitutions", data={"substitute_id": deputy.id}).status_code == 403
    assert client.post(f"/meetings/{meeting.id}/substitutions/{sub.id}/approve").status_code == 403
    switch(client, people["secretariat"])
    manage = client.get(f"/meetings/{meeting.id}/manage").get_data(as_text=True)
    assert "Đề nghị dự thay" in manage and "Phó phòng Nội vụ" in manage
    assert client.post(f"/meetings/{meeting.id}/substitutions/{sub.id}/approve").status_code == 302
    assert _meeting(meeting.id).role_of(deputy) == MeetingRole.member
    response = client.post(f"/meetings/{meeting.id}/substitutions/{sub.id}/reject")
    assert response.status_code == 409 and "đã được xử lý" in response.get_data(as_text=True)
    assert client.post(f"/meetings/{meeting.id}/substitutions/999999/approve").status_code == 404


def test_state_buttons_over_http(client, people):
    meeting = cast_meeting(people)
    check_in_all(meeting, [people["chair"], people["member"]])  # the quorum: both voting members
    login(client, people["secretariat"])
    assert client.post(f"/meetings/{meeting.id}/start").status_code == 302
    assert _meeting(meeting.id).state == MeetingState.in_session
    response = client.post(f"/meetings/{meeting.id}/cancel")
    assert response.status_code == 409 and "Không thể hủy cuộc họp" in response.get_data(as_text=True)
    closed = client.post(f"/meetings/{meeting.id}/close")
    assert closed.status_code == 302 and _meeting(meeting.id).state == MeetingState.closed
    # a closed meeting is no longer edited: the secretary goes on to the minutes, not to a refusal
    assert closed.headers["Location"] == f"/meetings/{meeting.id}/minutes"
    assert "Cuộc họp đã kết thúc." in client.get(closed.headers["Location"]).get_data(as_text=True)
    assert client.post(f"/meetings/{meeting.id}/close").status_code == 403  # closed: no one edits any more


def test_a_past_date_is_allowed_with_a_warning_and_an_early_start_asks_first(client, people):
    from datetime import datetime, timedelta

    login(client, people["secretariat"])
    last_year = (datetime.now() - timedelta(days=400)).strftime("%Y-%m-%d")
    response = client.post(
        "/meetings/new",
        data=FORM | {"title": "Họp ghi lại", "starts_at": f"{last_year}T07:30", "ends_at": f"{last_year}T11:00"},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'class="flash flash-warning"' in page
    assert "Lưu ý: thời gian bắt đầu (07:30" in page and "đã qua" in page

    next_week = (datetime.now() + timedelta(days=7)).strftime("%Y-%m-%d")
    client.post(
        "/meetings/new",
        data=FORM | {"title": "Họp tuần sau", "starts_at": f"{next_week}T07:30", "ends_at": f"{next_week}T11:00"},
    )
    meeting = db.session.scalar(sa.select(Meeting).where(Meeting.title == "Họp tuần sau"))
    assert "đã qua" not in client.get(f"/meetings/{meeting.id}/manage").get_data(as_text=True)
    meeting.state = MeetingState.published  # publishing needs a chair and an agenda; not the point here
    db.session.flush()
    manage = client.get(f"/meetings/{meeting.id}/manage").get_data(as_text=True)
    assert (
        f"Cuộc họp được lên lịch lúc 07:30 {next_week[8:10]}/{next_week[5:7]}/{next_week[:4]}, chưa đến giờ." in manage
    )
