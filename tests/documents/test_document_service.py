import io

import pytest
import sqlalchemy as sa

from app.errors import NotFound, PermissionDenied, ValidationError
from app.extensions import db
from documents.models import Document
from meetings.services.documents import open_document, store_document
from tests.support.factories import create_meeting, create_user
from tests.support.pdfs import make_pdf


def _count(meeting):
    return db.session.scalar(sa.select(sa.func.count(Document.id)).where(Document.meeting_id == meeting.id))


def test_stored_document_facts_and_bytes(app, store):
    import hashlib

    secretary = create_user("doc-sec")
    meeting = create_meeting({secretary: "secretary"})
    data = make_pdf(3)
    document = store_document(secretary, meeting, io.BytesIO(data), "Báo cáo.pdf", title="Báo cáo quý I")
    assert document.page_count == 3 and document.size == len(data)
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert "Cao Lãnh" in document.text
    assert document.object_key.startswith(f"meetings/{meeting.id}/documents/")
    assert b"".join(open_document(secretary, document)) == data
    assert store.stat(document.object_key).size == len(data)


@pytest.mark.parametrize(
    "payload,message",
    [(b"", "rỗng"), (b"PK\x03\x04 this is a docx renamed to pdf", "không phải PDF"), (make_pdf(2)[:900], "hỏng")],
)
def test_invalid_uploads_are_refused_and_nothing_is_stored(app, store, payload, message):
    secretary = create_user()
    meeting = create_meeting({secretary: "secretary"})
    before = set(store.list_keys(f"meetings/{meeting.id}/"))
    with pytest.raises(ValidationError) as info:
        store_document(secretary, meeting, io.BytesIO(payload), "tai-lieu.pdf")
    assert message in str(info.value)
    assert _count(meeting) == 0 and set(store.list_keys(f"meetings/{meeting.id}/")) == before


def test_only_preparers_may_upload(app):
    member, outsider = create_user(), create_user()
    meeting = create_meeting({member: "member"})
    with pytest.raises(PermissionDenied):
        store_document(member, meeting, io.BytesIO(make_pdf(1)), "x.pdf")
    with pytest.raises(NotFound):
        store_document(outsider, meeting, io.BytesIO(make_pdf(1)), "x.pdf")
    assert _count(meeting) == 0


def test_outsider_cannot_open_a_document(app, client):
    from tests.conftest import login

    secretary, outsider = create_user(), create_user()
    meeting = create_meeting({secretary: "secretary"})
    document = store_document(secretary, meeting, io.BytesIO(make_pdf(1)), "x.pdf")
    with pytest.raises(NotFound):
        open_document(outsider, document)
    login(client, outsider)
    response = client.get(f"/documents/{document.id}/download", headers={"Accept": "text/html"})
    assert response.status_code == 404 and b"%PDF" not in response.data
