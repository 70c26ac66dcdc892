"""Uploading through HTTP into the real S3 server: what is stored, what is recorded, and every
invalid upload refused with its Vietnamese message while the database and bucket stay unchanged."""

import hashlib

import pytest

from app.extensions import db
from documents.models import Document
from meetings.models import AccessAction
from tests.conftest import login
from tests.documents.helpers import JSON, audit_rows, post_pdf, snapshot
from tests.support.factories import create_meeting, create_user
from tests.support.pdfs import encrypt_pdf, make_docx, make_heavy_pdf, make_pdf


@pytest.fixture
def prepared(app, client):
    secretary, member = create_user(), create_user()
    meeting = create_meeting({secretary: "secretary", member: "member"}, items=2)
    login(client, secretary)
    return meeting, secretary, member


def test_upload_stores_bytes_thumbnails_facts_and_an_audit_row(client, store, prepared):
    meeting, secretary, _member = prepared
    item = meeting.agenda_items[1]
    data = make_pdf(4, title="Báo cáo cải cách hành chính")
    response = post_pdf(
        client, meeting, data, "Báo cáo CCHC.pdf", agenda_item_id=str(item.id), title="Báo cáo CCHC quý I"
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    document = db.session.get(Document, body["document"]["id"])
    assert (document.title, document.filename, document.agenda_item_id) == (
        "Báo cáo CCHC quý I",
        "Báo cáo CCHC.pdf",
        item.id,
    )
    assert document.page_count == 4 and document.sha256 == hashlib.sha256(data).hexdigest()
    assert "cải cách hành chính" in document.text
    assert store.read_bytes(document.object_key) == data
    assert document.thumbnail_count == 4
    thumb = store.read_bytes(document.thumbnail_key(0))
    assert thumb[:3] == b"\xff\xd8\xff"  # JPEG
    assert document.thumbnail_key(0).startswith(document.object_key[:-4] + "/")
    # the answer carries the item's fresh document list for the page
    assert f'data-document-id="{document.id}"' in body["html"] and "Báo cáo CCHC quý I" in body["html"]
    (entry,) = audit_rows(document)
    assert entry.action == AccessAction.upload and entry.user_id == secretary.id
    assert entry.user_agent.startswith("Werkzeug/") and entry.ip_address == "127.0.0.1"
    # the first-page thumbnail is served to those who may read the document
    image = client.get(f"/documents/{document.id}/thumbnails/1.jpg")
    assert image.status_code == 200 and image.data == thumb and image.mimetype == "image/jpeg"
    assert client.get(f"/documents/{document.id}/thumbnails/9.jpg").status_code == 404


def test_form_without_javascript_redirects_to_the_meeting(client, prepared):
    meeting, _secretary, _member = prepared
    response = post_pdf(
        client,
        meeting,
        make_pdf(1),
        "to-trinh.pdf",
        agenda_item_id=str(meeting.agenda_items[0].id),
        headers={"Accept": "text/html"},
    )
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/meetings/{meeting.id}")
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "to-trinh" in page and "doc-upload" in page and "upload-progress" in page


def test_owner_password_only_pdf_is_accepted(client, prepared):
    meeting, _secretary, _member = prepared
    response = post_pdf(client, meeting, encrypt_pdf(make_pdf(2), user_password=""), "han-che.pdf")
    assert response.status_code == 201 and response.get_json()["document"]["page_count"] == 2


INVALID = [
    ("empty", b"", "tai-lieu.pdf", 400, "Tệp rỗng (0 byte)."),
    ("renamed zip", b"PK\x03\x04 not really a pdf", "bao-cao.pdf", 415, "không phải PDF"),
    ("text file", "Đây là văn bản thường".encode(), "van-ban.pdf", 415, "không phải PDF"),
    ("word docx", make_docx(), "to-trinh.docx", 415, "Chỉ nhận PDF; hãy chuyển sang PDF trước"),
    ("word docx named pdf", make_docx(), "to-trinh.pdf", 415, "Chỉ nhận PDF; hãy chuyển sang PDF trước"),
    ("old word doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "bao-cao.doc", 415, "Chỉ nhận PDF"),
    ("truncated head", make_pdf(3)[:900], "tai-lieu.pdf", 400, "bị hỏng hoặc không đầy đủ"),
    ("truncated tail", make_pdf(5)[:-300], "tai-lieu.pdf", 400, "bị hỏng hoặc không đầy đủ"),
    ("corrupted body", make_pdf(2)[:400] + b"\x00garbage" * 200 + b"\n%%EOF\n", "tai-lieu.pdf", 400, "bị hỏng"),
    ("encrypted", encrypt_pdf(make_pdf(2)), "mat.pdf", 400, "được đặt mật khẩu"),
]


@pytest.mark.parametrize("payload,filename,status,message", [c[1:] for c in INVALID], ids=[c[0] for c in INVALID])
def test_invalid_upload_is_refused_and_nothing_changes(client, store, prepared, payload, filename, status, message):
    meeting, _secretary, _member = prepared
    before = snapshot(store)
    response = post_pdf(client, meeting, payload, filename, agenda_item_id=str(meeting.agenda_items[0].id))
    assert response.status_code == status
    assert message in response.get_json()["error"]
    assert snapshot(store) == before


def test_invalid_upload_shows_the_message_on_an_html_page(client, store, prepared):
    meeting, _secretary, _member = prepared
    before = snapshot(store)
    response = post_pdf(client, meeting, make_docx(), "to-trinh.docx", headers={"Accept": "text/html"})
    html = response.get_data(as_text=True)
    assert response.status_code == 415 and "Chỉ nhận PDF; hãy chuyển sang PDF trước" in html and "Traceback" not in html
    assert snapshot(store) == before


def test_over_the_limit_is_refused_by_the_service_and_by_flask(app, client, store, prepared, monkeypatch):
    meeting, _secretary, _member = prepared
    monkeypatch.setitem(app.config, "MAX_UPLOAD_MB", 1)
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 2 * 1024 * 1024)
    before = snapshot(store)
    # between the configured limit and Flask's request limit: the service's own check
    response = post_pdf(client, meeting, make_heavy_pdf(1.5))
    assert response.status_code == 413 and response.get_json()["error"] == "Tệp vượt quá dung lượng cho phép (1 MB)."
    # beyond MAX_CONTENT_LENGTH: Werkzeug refuses the body; the same message, as JSON or as a page
    response = post_pdf(client, meeting, make_heavy_pdf(3))
    assert response.status_code == 413 and response.get_json()["error"] == "Tệp vượt quá dung lượng cho phép (1 MB)."
    page = post_pdf(client, meeting, make_heavy_pdf(3), headers={"Accept": "text/html"})
    html = page.get_data(as_text=True)
    assert page.status_code == 413 and "Tệp vượt quá dung lượng cho phép (1 MB)." in html and "Traceback" not in html
    assert snapshot(store) == before


def test_missing_file_and_foreign_agenda_item(client, store, prepared):
    meeting, secretary, _member = prepared
    other = create_meeting({secretary: "secretary"}, items=1)
    before = snapshot(store)
    response = client.post(f"/meetings/{meeting.id}/documents", data={"title": "x"}, headers=JSON)
    assert response.status_code == 400 and response.get_json()["error"] == "Chưa chọn tệp để tải lên."
    response = post_pdf(client, meeting, make_pdf(1), agenda_item_id=str(other.agenda_items[0].id))
    assert response.status_code == 400 and "không thuộc cuộc họp này" in response.get_json()["error"]
    response = post_pdf(client, meeting, make_pdf(1), agenda_item_id="abc")
    assert response.status_code == 400 and "agenda_item_id" in response.get_json()["error"]
    assert snapshot(store) == before


def test_who_may_upload(app, store, prepared):
    meeting, _secretary, member = prepared
    outsider = create_user()
    before = snapshot(store)
    for user, status in ((member, 403), (outsider, 404)):
        client = app.test_client()
        login(client, user)
        response = post_pdf(client, meeting, make_pdf(1))
        assert response.status_code == status and response.get_json()["error"]
    anonymous = app.test_client().post(f"/meetings/{meeting.id}/documents", headers=JSON)
    assert anonymous.status_code == 401
    assert snapshot(store) == before
