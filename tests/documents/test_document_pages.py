"""Every document route answers 404 to someone outside the meeting (nothing is revealed, nothing
changes), sends anonymous visitors to the login page, and refuses malformed input in Vietnamese."""

import io

import pytest

from tests.conftest import login
from tests.documents.helpers import snapshot
from tests.support.factories import create_document, create_meeting, create_user
from tests.support.pdfs import make_pdf


@pytest.fixture
def doc(app):
    secretary, member = create_user(), create_user()
    meeting = create_meeting({secretary: "secretary", member: "member"}, items=1)
    return create_document(meeting, secretary, pages=1, agenda_item=meeting.agenda_items[0]), secretary, member


def _routes(document):
    d = document.id
    return [
        ("get", f"/documents/{d}", None),
        ("get", f"/documents/{d}/view", None),
        ("get", f"/documents/{d}/download", None),
        ("get", f"/documents/{d}/versions/1/view", None),
        ("get", f"/documents/{d}/versions/1/download", None),
        ("get", f"/documents/{d}/thumbnails/1.jpg", None),
        ("post", f"/documents/{d}/replace", {"file": (io.BytesIO(make_pdf(1)), "x.pdf")}),
        ("post", f"/documents/{d}/access", {"observer_visible": "1"}),
    ]


def test_outsider_gets_404_everywhere_and_nothing_changes(app, store, doc):
    document, _secretary, _member = doc
    client = app.test_client()
    login(client, create_user())
    before = snapshot(store)
    for method, url, data in _routes(document):
        response = getattr(client, method)(url, data=data, headers={"Accept": "text/html"})
        assert response.status_code == 404, url
        assert "Không tìm thấy" in response.get_data(as_text=True) and b"%PDF" not in response.data
    assert snapshot(store) == before and not document.observer_visible


def test_anonymous_is_sent_to_login(app, doc):
    document, _secretary, _member = doc
    client = app.test_client()
    for method, url, data in _routes(document):
        response = getattr(client, method)(url, data=data, headers={"Accept": "text/html"})
        assert response.status_code == 302 and "/login" in response.headers["Location"], url


def test_member_reads_but_does_not_manage(app, doc):
    document, _secretary, member = doc
    client = app.test_client()
    login(client, member)
    page = client.get(f"/documents/{document.id}").get_data(as_text=True)
    assert document.title in page and "Thay bằng phiên bản mới" not in page and "Quyền xem" not in page
    assert client.get(f"/documents/{document.id}/thumbnails/1.jpg").status_code == 200
    assert client.post(f"/documents/{document.id}/access", data={"observer_visible": "1"}).status_code == 403
    assert not document.observer_visible


def test_malformed_access_form(app, doc):
    document, secretary, _member = doc
    client = app.test_client()
    login(client, secretary)
    response = client.post(
        f"/documents/{document.id}/access",
        data={"confidential": "1", "recipient_ids": "abc"},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400 and "recipient_ids" in response.get_json()["error"]
    page = client.get(f"/documents/{document.id}").get_data(as_text=True)
    assert "Thay bằng phiên bản mới" in page and "Quyền xem" in page
    assert not document.confidential
