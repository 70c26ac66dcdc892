"""Issue 12 item 1, the PDF corpus: every hostile file is uploaded through the real route into the
real S3 server; it is refused with a Vietnamese message and nothing stored, or accepted as designed
(exactly one document, its bytes and page images) — and then what a member downloads carries no
active content (JavaScript, launch or other actions, attached files): it is neutralised when the
copy is stamped (documents/watermark.py, neutralise_page)."""

from __future__ import annotations

import io

import pikepdf
import pytest

from app.extensions import db
from documents.models import Document
from tests.conftest import login
from tests.documents.helpers import post_pdf, snapshot
from tests.hostile.pdf_corpus import corpus
from tests.support.counts import report
from tests.support.factories import create_meeting, create_user

CORPUS = corpus()
REFUSED = {
    "not-a-pdf": (415, "không phải PDF"),
    "text-as-pdf": (415, "không phải PDF"),
    "empty": (400, "Tệp rỗng"),
    "truncated": (400, "bị hỏng"),
    "header-only": (400, "bị hỏng"),
    "encrypted-user-password": (400, "mật khẩu"),
    "page-bomb": (400, "quá nhiều trang"),
    "page-bomb-lying-count": (400, "bị hỏng"),
    "page-tree-loop": (400, "bị hỏng"),
}
ACCEPTED = {  # name → pages
    "xref-damaged": 2,  # repaired by the reader, as any PDF viewer does
    "encrypted-owner-only": 2,  # opens without a password
    "deep-nesting": 2,
    "javascript": 2,
    "launch-action": 2,
    "embedded-files": 2,
    "huge-image": 2,  # declared 200,000 × 200,000: the renderer does not allocate it
}
ACTIVE = (b"/JavaScript", b"/JS", b"/Launch", b"/OpenAction", b"/EmbeddedFile", b"/FileAttachment", b"/AA")


def test_the_corpus_is_complete():
    assert set(CORPUS) == set(REFUSED) | set(ACCEPTED)
    report(f"\nhostile pdf corpus: {len(CORPUS)} files ({len(REFUSED)} refused, {len(ACCEPTED)} accepted)")


@pytest.fixture
def room(app, client):
    secretary, member = create_user(), create_user(full_name="Trần Thị Bích")
    meeting = create_meeting({secretary: "secretary", member: "member"}, items=1)
    login(client, secretary)
    return meeting, member


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_hostile_pdf_is_refused_and_nothing_is_stored(client, store, room, name):
    meeting, _member = room
    filename, data = CORPUS[name]
    before = snapshot(store)
    response = post_pdf(client, meeting, data, filename, title="Tài liệu thử")
    status, words = REFUSED[name]
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert words in response.get_json()["error"]
    assert snapshot(store) == before
    assert client.get(f"/meetings/{meeting.id}").status_code == 200  # the server is fine afterwards


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_a_hostile_pdf_accepted_reaches_members_without_active_content(app, client, store, room, name):
    meeting, member = room
    filename, data = CORPUS[name]
    before = snapshot(store)
    response = post_pdf(client, meeting, data, filename, title="Tài liệu thử")
    assert response.status_code == 201, response.get_data(as_text=True)[:300]
    document = db.session.get(Document, response.get_json()["document"]["id"])
    after = snapshot(store)
    assert after["documents"] == before["documents"] + 1
    new_keys = set(after["keys"]) - set(before["keys"])
    assert new_keys == {document.object_key} | {document.thumbnail_key(p) for p in range(document.thumbnail_count)}
    assert document.page_count == ACCEPTED[name] and store.read_bytes(document.object_key) == data
    client.post("/logout")
    login(client, member)
    download = client.get(f"/documents/{document.id}/download")
    assert download.status_code == 200 and download.data.startswith(b"%PDF-")
    with pikepdf.open(io.BytesIO(download.data)) as pdf:  # every object, decompressed
        assert len(pdf.pages) == ACCEPTED[name]
        assert "/OpenAction" not in pdf.Root and "/Names" not in pdf.Root and "/AcroForm" not in pdf.Root
        assert not pdf.attachments
        for page in pdf.pages:
            assert "/AA" not in page.obj
            for annot in page.obj.get("/Annots", []):
                assert annot.get("/Subtype") != "/FileAttachment"
                assert "/AA" not in annot
                assert annot.get("/A", {}).get("/S") in (None, "/GoTo", "/URI")
        raw = io.BytesIO()
        pdf.save(raw, compress_streams=False, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    for marker in ACTIVE:
        assert marker not in raw.getvalue(), marker
    assert b"payload.exe" not in raw.getvalue() and b"cmd.exe" not in raw.getvalue()


def test_the_active_content_was_there_in_the_upload():
    """The check above could not pass by accident: the uploads themselves carry it."""
    for name, marker in (
        ("javascript", b"/JavaScript"),
        ("launch-action", b"/Launch"),
        ("embedded-files", b"/EmbeddedFile"),
    ):
        with pikepdf.open(io.BytesIO(CORPUS[name][1])) as pdf:
            raw = io.BytesIO()
            pdf.save(raw, compress_streams=False, object_stream_mode=pikepdf.ObjectStreamMode.disable)
        assert marker in raw.getvalue(), name
