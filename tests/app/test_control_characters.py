"""Control characters in names and titles (app/text.py): removed by the services, whatever the
path — web form, JSON API, CLI. A NUL byte in an upload's file name used to be a 500 on PostgreSQL
("text fields cannot contain NUL"), and the API answered it with an HTML page."""

from __future__ import annotations

import io
import json

import pytest
import sqlalchemy as sa

from app.auth.services import create_user as create_account
from app.auth.services import issue_token
from app.errors import ValidationError
from app.extensions import db
from app.text import clean_line, clean_multiline
from documents.models import Document
from meetings.models import AgendaItem, Meeting, Task
from tests.conftest import login
from tests.support.factories import create_meeting, create_user
from tests.support.pdfs import make_pdf

CONTROLS = "\x00\x01\x07\x1b\x7f\x9b\ud800"


def bearer(user) -> dict:
    return {"Authorization": f"Bearer {issue_token(user)[1]}"}


def test_the_helper_removes_controls_and_keeps_what_was_meant():
    assert clean_line(f" Báo{CONTROLS} cáo\tquý\r\nI ") == "Báo cáo quý I"
    assert clean_multiline(f"Dòng 1\r\n\tDòng{CONTROLS} 2\rDòng 3\u2028") == "Dòng 1\n\tDòng 2\nDòng 3"
    assert clean_line(None) == clean_multiline("") == ""
    assert clean_line("Cao Lãnh – Đồng Tháp ✓") == "Cao Lãnh – Đồng Tháp ✓"  # only controls go
    with pytest.raises(ValidationError, match="chuỗi ký tự"):
        clean_line(["not", "text"])


@pytest.fixture
def secretary(app):
    user = create_user(full_name="Lê Hoàng Nam")
    meeting = create_meeting({user: "secretary"}, items=1)
    return user, meeting


def test_api_upload_with_a_nul_in_the_file_name_and_title(client, secretary):
    user, meeting = secretary
    response = client.post(
        f"/api/v1/meetings/{meeting.id}/documents?filename=B%C3%A1o%00c%C3%A1o.pdf&title=T%E1%BB%9D%00%07tr%C3%ACnh",
        data=make_pdf(1),
        headers={**bearer(user), "Content-Type": "application/pdf"},
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert (body["filename"], body["title"]) == ("Báocáo.pdf", "Tờtrình")
    document = db.session.get(Document, body["id"])
    assert (document.filename, document.title) == ("Báocáo.pdf", "Tờtrình")


def test_form_upload_with_controls_in_the_name_and_no_title(client, secretary):
    user, meeting = secretary
    login(client, user)
    response = client.post(
        f"/meetings/{meeting.id}/documents",
        content_type="multipart/form-data",
        data={"file": (io.BytesIO(make_pdf(1)), "Kế\x00 hoạch\x1b.pdf"), "title": "\x00\x01"},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    document = db.session.get(Document, response.get_json()["document"]["id"])
    assert (document.filename, document.title) == ("Kế hoạch.pdf", "Kế hoạch")  # title from the name


def test_meeting_and_agenda_texts_over_the_api(client, app):
    from app.models import SystemRole
    from tests.support.factories import create_body

    create_body("UBND xã Mỹ Thọ")
    office = bearer(create_user(role=SystemRole.secretariat))
    payload = {
        "title": "Phiên họp\x00 thường kỳ\ud800",
        "body": "UBND\x07 xã Mỹ Thọ",
        "place": "Phòng\r\nhọp 1",
        "starts_at": "2026-12-10T14:00",
    }
    # sent as JSON escapes ("\\u0000", "\\ud800"), as a client would
    response = client.post(
        "/api/v1/meetings", data=json.dumps(payload), content_type="application/json", headers=office
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    meeting = db.session.get(Meeting, response.get_json()["id"])
    assert (meeting.title, meeting.body, meeting.place) == ("Phiên họp thường kỳ", "UBND xã Mỹ Thọ", "Phòng họp 1")

    refused = client.post("/api/v1/meetings", json={**payload, "title": "\x00\x00"}, headers=office)
    assert refused.status_code == 400 and refused.mimetype == "application/json"
    assert refused.get_json()["error"] == "Vui lòng nhập tên cuộc họp."

    item = client.post(
        f"/api/v1/meetings/{meeting.id}/agenda",
        headers=office,
        json={"title": "Báo cáo\x00 tình hình", "description": "Đoạn 1\x00\r\nĐoạn 2"},
    )
    assert item.status_code == 201, item.get_data(as_text=True)
    row = db.session.scalar(sa.select(AgendaItem).where(AgendaItem.meeting_id == meeting.id))
    assert (row.title, row.description) == ("Báo cáo tình hình", "Đoạn 1\nĐoạn 2")


def test_task_texts_through_the_page(client, secretary):
    user, meeting = secretary
    meeting.state = "closed"
    db.session.flush()
    login(client, user)
    response = client.post(
        f"/meetings/{meeting.id}/tasks",
        data={
            "title": "Rà soát\x00 hồ sơ",
            "conclusion": "Kết luận\x00\r\nsố 1",
            "assignee_unit": "Phòng\x07 Nội vụ",
            "deadline": "2099-01-31",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    task = db.session.scalar(sa.select(Task).where(Task.meeting_id == meeting.id))
    assert (task.title, task.conclusion, task.assignee_unit) == ("Rà soát hồ sơ", "Kết luận\nsố 1", "Phòng Nội vụ")


def test_user_names(app):
    user = create_account(
        "  tv.moi\x00 ",
        "Nguyễn\x00 Văn\tAn",
        "mat-khau-dai",
        position="Ủy\x1b viên",
        unit="UBND\x00",
        email="an@example.vn\x00",
    )
    assert (user.login, user.full_name, user.position, user.unit, user.email) == (
        "tv.moi",
        "Nguyễn Văn An",
        "Ủy viên",
        "UBND",
        "an@example.vn",
    )
    with pytest.raises(ValidationError, match="họ và tên"):
        create_account("tv.khac", "\x00\x01", "mat-khau-dai")


def test_a_nul_in_the_login_is_a_refused_login_not_a_500(client):
    create_user("nul.login")
    response = client.post("/login", data={"login": "nul.login\x00", "password": "sai-mat-khau"})
    assert response.status_code == 401
