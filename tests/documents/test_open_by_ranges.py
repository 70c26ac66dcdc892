"""How the live page opens a document (issue 11, the meeting-start storm): one request opens a new
copy and brings its first chunk (``?copy=<token>&open=1`` with a Range), the other chunks are
range requests naming the copy by ``If-Range``. Those are answered from one query and the copy's
tail: nothing re-stamped, written or logged — yet access taken away since the open stops them at
once. The prepared base puts what page 1 needs (its image, the carrier font) in the first chunk.
Real S3 (weed mini), real qpdf, pypdf and poppler."""

import io
import re
import subprocess

import pikepdf
import pytest
from pypdf import PdfReader

from app.extensions import db
from bench.packs import scanned_pack
from documents.stamping import prepare_base
from meetings.models import AccessAction, MeetingMember
from meetings.services.documents import set_document_access
from meetings.services.documents.copies import BASE_CHUNK
from tests.conftest import login
from tests.documents.helpers import audit_rows
from tests.support.factories import create_document, create_meeting, create_user

NAME = "Trần Thị Thu Hà"


@pytest.fixture
def setting(app):
    secretary = create_user(full_name="Lê Hoàng Nam", unit="Văn phòng UBND xã")
    member = create_user(full_name=NAME, unit="Phòng Tài chính")
    meeting = create_meeting({secretary: "secretary", member: "member"}, items=1)
    document = create_document(meeting, secretary, pages=5, agenda_item=meeting.agenda_items[0], title="Tờ trình")
    db.session.commit()
    return document, secretary, member


def _client(app, user):
    client = app.test_client()
    login(client, user)
    return client


def _open(client, document, token: str, chunk: int = 4096):
    response = client.get(
        f"/documents/{document.id}/view?copy={token}&open=1", headers={"Range": f"bytes=0-{chunk - 1}"}
    )
    assert response.status_code == 206, response.status_code
    return response, int(response.headers["Content-Range"].split("/")[1])


def test_the_open_brings_the_first_chunk_and_its_ranges_are_neither_logged_nor_written(app, store, setting):
    document, _secretary, member = setting
    client = _client(app, member)
    first, size = _open(client, document, "liveopen00001")
    etag = first.headers["ETag"]
    assert etag == '"liveopen00001"' and first.headers["Content-Range"] == f"bytes 0-4095/{size}"
    keys = sorted(store.list_keys(""))
    parts = [first.data]
    url = f"/documents/{document.id}/view?copy=liveopen00001"
    for start in range(4096, size, 4096):
        end = min(size, start + 4096) - 1
        response = client.get(url, headers={"Range": f"bytes={start}-{end}", "If-Range": etag})
        assert response.status_code == 206 and response.headers["ETag"] == etag
        assert response.headers["Content-Range"] == f"bytes {start}-{end}/{size}"
        parts.append(response.data)
    copy = b"".join(parts)
    pages = PdfReader(io.BytesIO(copy)).pages
    assert len(pages) == 5 and all(NAME in page.extract_text() for page in pages)
    assert "Bản sao không hợp lệ" not in "".join(page.extract_text() for page in pages)
    # one open, one row; the ranges wrote nothing to the store
    assert [(r.user_id, r.document_version) for r in audit_rows(document, AccessAction.open)] == [(member.id, 1)]
    assert sorted(store.list_keys("")) == keys
    # the API answers a range of that copy the same way (a bearer client naming it by If-Range)
    api = client.get(f"/api/v1/documents/{document.id}/download", headers={"Range": "bytes=100-199", "If-Range": etag})
    assert api.status_code == 206 and api.data == copy[100:200]
    assert len(audit_rows(document, AccessAction.open)) == 1 and not audit_rows(document, AccessAction.download)


def test_opening_again_under_open_is_a_new_open(app, setting):
    document, _secretary, member = setting
    client = _client(app, member)
    _open(client, document, "liveopen00002")
    _open(client, document, "liveopen00003")
    assert len(audit_rows(document, AccessAction.open)) == 2


def test_access_taken_away_after_the_open_stops_its_ranges(app, store, setting):
    document, secretary, member = setting
    client = _client(app, member)
    first, size = _open(client, document, "liveopen00004")
    etag, url = first.headers["ETag"], f"/documents/{document.id}/view?copy=liveopen00004"
    assert client.get(url, headers={"Range": "bytes=4096-8191", "If-Range": etag}).status_code == 206

    # made "Mật" for the secretary alone: the member's open copy no longer answers
    set_document_access(secretary, document, confidential=True, observer_visible=False, recipient_ids=[secretary.id])
    db.session.commit()
    refused = client.get(url, headers={"Range": "bytes=4096-8191", "If-Range": etag})
    assert refused.status_code == 404 and b"%PDF" not in refused.data and refused.data[:10] != first.data[4096:4106]

    # named on it: the same copy answers again
    set_document_access(
        secretary, document, confidential=True, observer_visible=False, recipient_ids=[secretary.id, member.id]
    )
    db.session.commit()
    again = client.get(url, headers={"Range": "bytes=0-99", "If-Range": etag})
    assert again.status_code == 206 and again.data == first.data[:100]

    # taken off the meeting: gone again, on the web and through the API alike
    db.session.query(MeetingMember).filter_by(meeting_id=document.meeting_id, user_id=member.id).delete()
    db.session.commit()
    for path in (url, f"/api/v1/documents/{document.id}/download"):
        response = client.get(path, headers={"Range": "bytes=0-99", "If-Range": etag})
        assert response.status_code == 404 and b"%PDF" not in response.data
    assert len(audit_rows(document, AccessAction.open)) == 1


def _offsets(path) -> dict[int, int]:
    """Object number → byte offset of every object stored outside object streams (qpdf)."""
    out = subprocess.run(["qpdf", "--show-xref", str(path)], capture_output=True, text=True, check=True).stdout
    return {int(n): int(o) for n, o in re.findall(r"^(\d+)/0: uncompressed; offset = (\d+)$", out, re.M)}


def test_what_page_one_needs_is_in_the_first_chunk_of_the_base(tmp_path):
    """A 40-page scanned pack (~7 MB): page 1's image, its contents and the carrier font's file lie
    in the first 512 KB of the base, page 40's image well past it (PDF.js draws page 1 of the
    copy from its first and last chunk)."""
    pack, base = tmp_path / "pack.pdf", tmp_path / "base.pdf"
    scanned_pack(pack, 40, 170)
    with open(pack, "rb") as source, open(base, "w+b") as target:
        prepare_base(source, target)
    offsets = _offsets(base)
    with pikepdf.open(base) as pdf:
        first, last = pdf.pages[0], pdf.pages[-1]
        image = next(v for k, v in first.Resources.XObject.items() if v.Subtype == "/Image")
        slot = next(v for k, v in first.Resources.XObject.items() if k.startswith("/PhonghopWm"))
        font = slot.Resources.Font["/PhonghopF"].DescendantFonts[0].FontDescriptor.FontFile2
        needed = [image, font, *first.obj.Contents]
        last_image = next(v for v in last.Resources.XObject.values() if v.Subtype == "/Image")
        assert all(offsets[obj.objgen[0]] + len(obj.read_raw_bytes()) < BASE_CHUNK for obj in needed)
        assert offsets[last_image.objgen[0]] > 4 * BASE_CHUNK
        assert base.stat().st_size > 12 * BASE_CHUNK
