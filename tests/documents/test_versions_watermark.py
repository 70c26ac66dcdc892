"""Replacing a document keeps the old version for those preparing the meeting; every copy that
leaves the app carries the viewer's name, unit and the time on every page, while the original
object in the store stays byte-for-byte the same; every open and download is in the access log."""

import hashlib
import io
import subprocess
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader, PdfWriter

from app.extensions import db
from app.models import SystemRole
from documents.watermark import Stamp, stamp_pdf
from meetings.models import AccessAction
from meetings.services.documents import deliver_document
from tests.conftest import login
from tests.documents.helpers import JSON, audit_rows, snapshot
from tests.support.factories import create_document, create_meeting, create_user
from tests.support.pdfs import make_docx, make_pdf


def _texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


@pytest.fixture
def setting(app):
    secretary = create_user(full_name="Lê Hoàng Nam", unit="Văn phòng HĐND và UBND huyện")
    member = create_user(full_name="Nguyễn Văn Bình", unit="Phòng Nội vụ")
    office = create_user(role=SystemRole.secretariat, full_name="Trần Thị Thu")
    meeting = create_meeting({secretary: "secretary", member: "member"}, items=1)
    document = create_document(meeting, secretary, pages=3, agenda_item=meeting.agenda_items[0], title="Tờ trình")
    return meeting, document, secretary, member, office


def _client(app, user):
    client = app.test_client()
    login(client, user)
    return client


def test_download_carries_the_viewer_on_every_page_and_the_original_is_unchanged(app, store, setting):
    _meeting, document, _secretary, member, _office = setting
    original = store.read_bytes(document.object_key)
    assert hashlib.sha256(original).hexdigest() == document.sha256
    client = _client(app, member)
    for path, disposition, action in (
        ("download", "attachment", AccessAction.download),
        ("view", "inline", AccessAction.open),
    ):
        response = client.get(f"/documents/{document.id}/{path}")
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        assert response.headers["Content-Disposition"].startswith(disposition)
        assert response.headers["Cache-Control"] == "private, no-store"
        data = response.data
        assert data != original and int(response.headers["Content-Length"]) == len(data)
        texts = _texts(data)
        assert len(texts) == 3
        for n, text in enumerate(texts, 1):
            assert "Nguyễn Văn Bình" in text and "Phòng Nội vụ" in text and "giờ Việt Nam" in text
            assert f"Nội dung trang {n}/3" in text  # the content is still there
        # pdftotext (poppler) reads the same on every page
        pdftotext = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout
        pages = pdftotext.decode().split("\f")[:3]
        assert all("Người xem: Nguyễn Văn Bình · Phòng Nội vụ" in page for page in pages)
        assert audit_rows(document, action)[-1].user_id == member.id
    after = store.read_bytes(document.object_key)
    assert hashlib.sha256(after).hexdigest() == document.sha256 and after == original


def test_stamp_names_the_time_in_vietnam(app, setting):
    _meeting, document, _secretary, member, _office = setting
    delivery = deliver_document(member, document, AccessAction.download, now=datetime(2026, 11, 27, 1, 15, tzinfo=UTC))
    text = _texts(b"".join(delivery.chunks()))[0]
    assert "08:15 27/11/2026 (giờ Việt Nam)" in text


def test_stamp_follows_rotated_and_offset_pages(tmp_path):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(2))))
    writer.pages[0].rotate(90)
    writer.pages[1].mediabox.lower_left = (50, 50)
    source = io.BytesIO()
    writer.write(source)
    target = io.BytesIO()
    assert stamp_pdf(source, target, Stamp(footer="Người xem: Phạm Thị Lan", diagonal="Phạm Thị Lan")) == 2
    assert all("Người xem: Phạm Thị Lan" in t for t in _texts(target.getvalue()))


def test_replacing_keeps_the_old_version_for_the_secretariat_only(app, store, setting):
    meeting, document, secretary, member, office = setting
    old_key, old_sha = document.object_key, document.sha256
    sec = _client(app, secretary)
    response = sec.post(
        f"/documents/{document.id}/replace",
        content_type="multipart/form-data",
        headers=JSON,
        data={"file": (io.BytesIO(make_pdf(2, body="Phiên bản hai")), "to-trinh-v2.pdf")},
    )
    assert response.status_code == 200 and response.get_json()["document"]["version"] == 2
    db.session.expire_all()
    assert (document.version, document.page_count, document.filename) == (2, 2, "to-trinh-v2.pdf")
    (old,) = document.versions
    assert (old.version, old.object_key, old.sha256, old.replaced_by_id) == (1, old_key, old_sha, secretary.id)
    assert hashlib.sha256(store.read_bytes(old_key)).hexdigest() == old_sha  # old bytes kept as they were
    assert audit_rows(document, AccessAction.replace)[0].user_id == secretary.id

    # members read the current version only
    mem = _client(app, member)
    assert "Phiên bản hai" in _texts(mem.get(f"/documents/{document.id}/download").data)[0]
    assert mem.get(f"/documents/{document.id}/versions/1/download").status_code == 403
    assert mem.get(f"/documents/{document.id}/versions/1/view").status_code == 403
    assert "Các phiên bản trước" not in mem.get(f"/documents/{document.id}").get_data(as_text=True)

    # the meeting's secretary and the secretariat reach version 1, watermarked
    for user, client in ((secretary, sec), (office, _client(app, office))):
        response = client.get(f"/documents/{document.id}/versions/1/view")
        assert response.status_code == 200
        first = _texts(response.data)[0]
        assert "Nội dung trang 1/3" in first and user.full_name in first
        assert "Các phiên bản trước" in client.get(f"/documents/{document.id}").get_data(as_text=True)
    assert sec.get(f"/documents/{document.id}/versions/7/view").status_code == 404
    opened = audit_rows(document, AccessAction.open)
    assert [(e.user_id, e.document_version) for e in opened] == [(secretary.id, 1), (office.id, 1)]
    assert meeting.id == opened[0].meeting_id


def test_invalid_or_forbidden_replacement_changes_nothing(app, store, setting):
    _meeting, document, secretary, member, _office = setting
    before = snapshot(store)
    sec = _client(app, secretary)
    response = sec.post(
        f"/documents/{document.id}/replace",
        content_type="multipart/form-data",
        headers=JSON,
        data={"file": (io.BytesIO(make_docx()), "to-trinh.docx")},
    )
    assert response.status_code == 415 and "Chỉ nhận PDF" in response.get_json()["error"]
    mem = _client(app, member)
    response = mem.post(
        f"/documents/{document.id}/replace",
        content_type="multipart/form-data",
        headers=JSON,
        data={"file": (io.BytesIO(make_pdf(1)), "x.pdf")},
    )
    assert response.status_code == 403
    db.session.expire_all()
    assert snapshot(store) == before and document.version == 1 and document.versions == []


def test_a_new_version_is_announced_to_exactly_its_readers(app, store):
    from meetings.models import MeetingState
    from meetings.services.documents import replace_document, set_document_access
    from meetings.services.notifications import list_notifications

    secretary = create_user(role=SystemRole.secretariat, full_name="Lê Hoàng Nam")
    named, other, guest = create_user(), create_user(), create_user()
    meeting = create_meeting(
        {secretary: "secretary", named: "member", other: "member", guest: "observer"}, state=MeetingState.draft, items=1
    )
    public = create_document(meeting, secretary, agenda_item=meeting.agenda_items[0], title="Tờ trình")
    secret = create_document(meeting, secretary, agenda_item=meeting.agenda_items[0], title="Báo cáo mật")
    set_document_access(secretary, secret, confidential=True, observer_visible=False, recipient_ids=[named.id])
    replace_document(secretary, public, io.BytesIO(make_pdf(2)), "moi.pdf")
    assert not any(list_notifications(u) for u in (named, other, guest))  # a draft: nobody was invited yet

    meeting.state = MeetingState.published
    replace_document(secretary, public, io.BytesIO(make_pdf(2)), "moi.pdf")
    replace_document(secretary, secret, io.BytesIO(make_pdf(2)), "moi.pdf")
    text = f"Tài liệu «Tờ trình» của cuộc họp «{meeting.title}» đã được thay bằng phiên bản 3."
    assert [n.text for n in list_notifications(other)] == [text]  # not told of the secret one
    assert {n.text for n in list_notifications(named)} == {
        text,
        f"Tài liệu «Báo cáo mật» của cuộc họp «{meeting.title}» đã được thay bằng phiên bản 2.",
    }
    assert list_notifications(guest) == [] and list_notifications(secretary) == []  # guests see neither; not the actor
