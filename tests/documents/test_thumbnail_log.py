"""Page thumbnails are in the access log: the first one a person is shown of a document's version
is logged as "thumbnail" ("Xem ảnh trang"), and the page flicks after it are not, for ten minutes."""

from __future__ import annotations

import io
import time

import pytest

from meetings.models import AccessAction
from meetings.services.documents import access as access_service
from meetings.services.documents import read_states, replace_document
from tests.conftest import login
from tests.documents.helpers import audit_rows
from tests.support.factories import create_document, create_meeting, create_user
from tests.support.pdfs import make_pdf


@pytest.fixture
def shown(app):
    secretary, member, other = create_user(), create_user(full_name="Phạm Văn Xem"), create_user()
    meeting = create_meeting({secretary: "secretary", member: "member", other: "member"})
    return create_document(meeting, secretary, pages=3), secretary, member, other


def _thumbs(document):
    return [
        (r.user_id, r.document_version, r.ip_address, r.channel) for r in audit_rows(document, AccessAction.thumbnail)
    ]


def test_the_first_thumbnail_is_logged_the_page_flicks_are_not(client, shown):
    document, secretary, member, other = shown
    login(client, member)
    for page in (1, 2, 3, 2, 1):
        response = client.get(f"/documents/{document.id}/thumbnails/{page}.jpg")
        assert response.status_code == 200 and response.mimetype == "image/jpeg"
    assert _thumbs(document) == [(member.id, 1, "127.0.0.1", "web")]
    # looking at the pictures of the pages is not reading the document
    assert read_states(member, document.meeting)[document.id].value == "unread"

    client.post("/logout")
    login(client, other)
    client.get(f"/documents/{document.id}/thumbnails/1.jpg")
    assert [row[0] for row in _thumbs(document)] == [member.id, other.id]

    replace_document(secretary, document, io.BytesIO(make_pdf(2)), "ban-moi.pdf")  # a new version is new
    client.get(f"/documents/{document.id}/thumbnails/1.jpg")
    client.get(f"/documents/{document.id}/thumbnails/2.jpg")
    assert [(row[0], row[1]) for row in _thumbs(document)] == [(member.id, 1), (other.id, 1), (other.id, 2)]


def test_after_the_window_it_is_logged_again(client, shown, monkeypatch):
    document, _secretary, member, _other = shown
    monkeypatch.setattr(access_service, "THUMBNAIL_LOG_EVERY", "1 per 1 second")
    login(client, member)
    client.get(f"/documents/{document.id}/thumbnails/1.jpg")
    client.get(f"/documents/{document.id}/thumbnails/2.jpg")
    time.sleep(1.1)
    client.get(f"/documents/{document.id}/thumbnails/3.jpg")
    assert len(_thumbs(document)) == 2


def test_a_refused_thumbnail_logs_nothing_and_the_audit_page_names_it(client, shown):
    document, _secretary, member, _other = shown
    outsider = create_user()
    login(client, outsider)
    assert client.get(f"/documents/{document.id}/thumbnails/1.jpg").status_code == 404
    client.post("/logout")
    login(client, member)
    assert client.get(f"/documents/{document.id}/thumbnails/9.jpg").status_code == 404
    assert _thumbs(document) == []
    client.get(f"/documents/{document.id}/thumbnails/1.jpg")
    client.post("/logout")
    from app.models import SystemRole

    login(client, create_user(role=SystemRole.archivist))
    page = client.get("/audit?action=thumbnail", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert page.count('data-action="thumbnail"') == 1 and "Xem ảnh trang" in page and "Phạm Văn Xem" in page
