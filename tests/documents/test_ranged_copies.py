"""Opening a document is cheap and range-capable (issue 11): the copy is the version's prepared base
from the store plus a per-viewer tail; HTTP ranges read exactly that copy, every page of it carries
the viewer's watermark, one open is one access-log row however many ranges follow, and a viewer
without access gets 404 on ranged requests too. Real S3 (weed mini), real pypdf and poppler."""

import io
import subprocess

import pytest
from pypdf import PdfReader

from app.extensions import db
from meetings.models import AccessAction
from meetings.services.documents.copies import base_key, manifest_key
from tests.conftest import login
from tests.documents.helpers import audit_rows
from tests.support.factories import create_document, create_meeting, create_user

NAME = "Nguyễn Thị Hồng Nhung"


@pytest.fixture
def setting(app):
    secretary = create_user(full_name="Lê Hoàng Nam", unit="Văn phòng UBND xã")
    member = create_user(full_name=NAME, unit="Phòng Kinh tế")
    stranger = create_user(full_name="Phạm Văn Tư")
    meeting = create_meeting({secretary: "secretary", member: "member"}, items=1)
    document = create_document(meeting, secretary, pages=6, agenda_item=meeting.agenda_items[0], title="Tờ trình")
    db.session.commit()
    return document, secretary, member, stranger


def _client(app, user):
    client = app.test_client()
    login(client, user)
    return client


def _texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def _poppler_pages(data: bytes) -> list[str]:
    out = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    return out.split("\f")[:-1]


def _ranged(client, url: str, size: int, step: int, **headers) -> bytes:
    parts = []
    for start in range(0, size, step):
        end = min(size, start + step) - 1
        response = client.get(url, headers={"Range": f"bytes={start}-{end}", **headers})
        assert response.status_code == 206, response.status_code
        assert response.headers["Content-Range"] == f"bytes {start}-{end}/{size}"
        assert int(response.headers["Content-Length"]) == end - start + 1 == len(response.data)
        parts.append(response.data)
    return b"".join(parts)


def test_ranges_read_exactly_the_copy_that_the_full_download_sends(app, store, setting):
    document, _secretary, member, _stranger = setting
    client = _client(app, member)
    url = f"/documents/{document.id}/view?copy=tabletopen0001"
    full = client.get(url)
    assert full.status_code == 200 and full.headers["Accept-Ranges"] == "bytes"
    etag, size, data = full.headers["ETag"], int(full.headers["Content-Length"]), full.data
    assert etag == '"tabletopen0001"' and size == len(data)
    assert data.startswith(store.read_bytes(base_key(document.object_key)))  # the base streams from the store

    # pieces small enough that several fall in the tail and one straddles the base/tail boundary
    assert _ranged(client, url, size, 7000) == data
    last = client.get(url, headers={"Range": "bytes=-100"})
    assert last.status_code == 206 and last.data == data[-100:]
    rest = client.get(url, headers={"Range": f"bytes={size - 5000}-"})
    assert rest.data == data[-5000:] and rest.headers["Content-Range"] == f"bytes {size - 5000}-{size - 1}/{size}"
    matching = client.get(f"/documents/{document.id}/view", headers={"Range": "bytes=10-19", "If-Range": etag})
    assert matching.status_code == 206 and matching.data == data[10:20]

    # a range outside the copy: 416 naming its length, nothing sent
    bad = client.get(url, headers={"Range": f"bytes={size + 10}-{size + 20}"})
    assert bad.status_code == 416 and bad.headers["Content-Range"] == f"bytes */{size}" and b"%PDF" not in bad.data
    assert "nằm ngoài tệp" in bad.get_data(as_text=True)
    # If-Range naming another copy: the range is not applied to this one, the whole copy comes
    stale = client.get(f"/documents/{document.id}/view", headers={"Range": "bytes=0-9", "If-Range": '"no-such-copy1"'})
    assert stale.status_code == 200 and len(stale.data) == int(stale.headers["Content-Length"]) > 10
    assert stale.headers["ETag"] != etag

    # the original object is untouched
    assert store.read_bytes(document.object_key) != data[: len(store.read_bytes(document.object_key))]


def test_every_page_of_a_ranged_copy_carries_the_viewer(app, setting):
    document, _secretary, member, _stranger = setting
    client = _client(app, member)
    url = f"/documents/{document.id}/view?copy=tabletopen0002"
    size = int(client.get(url, headers={"Range": "bytes=0-0"}).headers["Content-Range"].split("/")[1])
    data = _ranged(client, url, size, 16384)
    texts = _texts(data)
    assert len(texts) == 6
    for n, text in enumerate(texts, 1):
        assert NAME in text and "Phòng Kinh tế" in text and "giờ Việt Nam" in text
        assert f"Nội dung trang {n}/6" in text and "Bản sao không hợp lệ" not in text
    pages = _poppler_pages(data)
    assert len(pages) == 6
    assert all(f"Người xem: {NAME} · Phòng Kinh tế" in page for page in pages)


def test_cutting_the_tail_off_gives_no_usable_copy(app, store, setting):
    """The trade-off of an incremental watermark: the base (the copy cut at its length) is a valid
    PDF, but its pages are painted over with a notice; only the tail turns that into the mark."""
    document, _secretary, member, _stranger = setting
    data = _client(app, member).get(f"/documents/{document.id}/download").data
    base = store.read_bytes(base_key(document.object_key))
    cut = data[: len(base)]
    assert cut == base and len(data) - len(base) < 20_000  # the per-viewer tail is small
    pages = _poppler_pages(cut)
    assert len(pages) == 6
    assert all("Bản sao không hợp lệ" in page and NAME not in page for page in pages)
    # drawn, the cut copy's page is white where the original's content is; the whole copy shows it
    original, whole, cut_page = (_gray(pdf) for pdf in (store.read_bytes(document.object_key), data, cut))
    ink = [i for i, p in enumerate(original) if p < 128]
    assert len(ink) > 200
    assert sum(1 for i in ink if cut_page[i] > 200) > 0.9 * len(ink)
    assert sum(1 for i in ink if whole[i] < 128) > 0.9 * len(ink)


def _gray(pdf: bytes) -> bytes:
    """Page 1 drawn by poppler in grey, one byte a pixel."""
    pgm = subprocess.run(
        ["pdftoppm", "-r", "50", "-f", "1", "-l", "1", "-gray", "-"], input=pdf, capture_output=True, check=True
    ).stdout
    return pgm[pgm.index(b"255\n") + 4 :]


def test_one_open_is_one_access_row_however_many_ranges_follow(app, setting):
    document, _secretary, member, _stranger = setting
    client = _client(app, member)
    url = f"/documents/{document.id}/view?copy=tabletopen0003"
    size = int(client.get(url).headers["Content-Length"])
    _ranged(client, url, size, 20000)
    assert [(r.user_id, r.document_version) for r in audit_rows(document, AccessAction.open)] == [(member.id, 1)]
    # a plain request (a link, the browser's own viewer) is a new open; a range naming no copy
    # then reuses the viewer's latest plain copy: still one row more, not two
    plain = f"/documents/{document.id}/view"
    second = client.get(plain)
    assert second.status_code == 200 and second.headers["ETag"] != '"tabletopen0003"'
    again = client.get(plain, headers={"Range": "bytes=0-99"})
    assert again.status_code == 206 and again.headers["ETag"] == second.headers["ETag"]
    assert again.data == second.data[:100]
    assert len(audit_rows(document, AccessAction.open)) == 2
    third = client.get(f"/documents/{document.id}/view?copy=tabletopen0004")
    assert third.headers["ETag"] not in (second.headers["ETag"], '"tabletopen0003"')
    assert len(audit_rows(document, AccessAction.open)) == 3
    assert [r.user_id for r in audit_rows(document)].count(member.id) == 3


def test_no_access_is_404_on_ranged_requests_too(app, store, setting):
    document, _secretary, member, stranger = setting
    url = f"/documents/{document.id}/view?copy=tabletopen0005"
    assert _client(app, member).get(url).status_code == 200
    other = _client(app, stranger)
    for headers in ({"Range": "bytes=0-99"}, {"Range": "bytes=0-99", "If-Range": '"tabletopen0005"'}, {}):
        for path in ("view?copy=tabletopen0005", "download", "view"):
            response = other.get(f"/documents/{document.id}/{path}", headers=headers)
            assert response.status_code == 404 and b"%PDF" not in response.data
    # nor does another member's token reach a copy made for someone else
    secretary_copy = _client(app, setting[1]).get(url, headers={"Range": "bytes=0-99"})
    assert secretary_copy.headers["ETag"] == '"tabletopen0005"'
    data = _client(app, setting[1]).get(url).data
    assert NAME not in "".join(_texts(data)) and "Lê Hoàng Nam" in _texts(data)[0]
    assert [r.user_id for r in audit_rows(document, AccessAction.open)].count(stranger.id) == 0
    assert store.exists(manifest_key(document.object_key))


def test_a_name_the_carrier_font_lacks_is_stamped_the_slow_way(app, setting):
    document, _secretary, _member, _stranger = setting
    from meetings.models import MeetingMember, MeetingRole

    guest = create_user(full_name="Жанна Иванова", unit="Đoàn khảo sát")
    db.session.add(MeetingMember(meeting_id=document.meeting_id, user_id=guest.id, role=MeetingRole.member))
    db.session.commit()
    response = _client(app, guest).get(f"/documents/{document.id}/view", headers={"Range": "bytes=0-99"})
    assert response.status_code == 200 and response.headers["Accept-Ranges"] == "none"
    assert all("Жанна Иванова" in text for text in _texts(response.data))
    assert len(audit_rows(document, AccessAction.open)) == 1


def test_the_mark_stands_upright_on_turned_and_offset_pages():
    """Pages turned by /Rotate (90, 180, 270) and one whose media box does not start at 0,0: the
    footer is read as one line by poppler on every page, as the page is shown."""
    from pypdf import PdfWriter

    from documents.stamping import make_tail, prepare_base
    from documents.watermark import Stamp
    from tests.support.pdfs import make_pdf

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(4))))
    writer.pages[0].rotate(90)
    writer.pages[1].mediabox.lower_left = (50, 50)
    writer.pages[2].rotate(180)
    writer.pages[3].rotate(270)
    source, base = io.BytesIO(), io.BytesIO()
    writer.write(source)
    manifest = prepare_base(source, base)
    assert sorted(manifest.slots.values()) == [(545.28, 791.89), (595.28, 841.89), (841.89, 595.28)]
    copy = base.getvalue() + make_tail(
        manifest, Stamp(footer="Người xem: Phạm Thị Lan · 08:15", diagonal="Phạm Thị Lan")
    )
    assert all("Người xem: Phạm Thị Lan" in text for text in _texts(copy))
    assert all("Người xem: Phạm Thị Lan · 08:15" in page for page in _poppler_pages(copy))


def test_the_background_job_prepares_the_base_once_and_is_idempotent(app, store, setting):
    """What the work queue runs when a document is uploaded or replaced, or a meeting published."""
    from meetings.services.documents import prepare_document_copies
    from meetings.services.documents.copies import _manifests

    document = setting[0]
    assert not store.exists(base_key(document.object_key))
    assert prepare_document_copies(document.id) is True
    base = store.read_bytes(base_key(document.object_key))
    _manifests.clear()  # as another process would: it reads what the job left in the store
    assert prepare_document_copies(document.id) is True
    assert store.read_bytes(base_key(document.object_key)) == base
    assert prepare_document_copies(10**9) is False
    data = _client(app, setting[2]).get(f"/documents/{document.id}/view").data
    assert data.startswith(base) and NAME in _texts(data)[0]
