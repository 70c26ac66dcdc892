"""Export of a closed meeting's record: ZIP with the record PDF, the documents and XML metadata."""

import hashlib
import io
import xml.etree.ElementTree as ET
import zipfile

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from app.extensions import db
from app.models import SystemRole
from meetings.models import MeetingMember, MeetingRole, MeetingState
from meetings.services.documents import set_document_access, store_document
from tests.conftest import login
from tests.support.factories import create_meeting, create_user
from tests.support.pdfs import make_text_pdf


@pytest.fixture
def record(app):
    secretary = create_user("x-sec", SystemRole.secretariat, full_name="Lê Hoàng Nam")
    member = create_user("x-member", full_name="Đỗ Thị Hồng")
    meeting = create_meeting(
        {secretary: "secretary", member: "member"}, title="Phiên họp tháng 3 năm 2020 – Cao Lãnh", items=2
    )
    items = list(meeting.agenda_items)
    first = make_text_pdf("Báo cáo kinh tế – xã hội quý I", "Trang hai")
    second = make_text_pdf("Kế hoạch sử dụng đất năm 2020")
    docs = [
        store_document(secretary, meeting, io.BytesIO(first), "Báo cáo quý I.pdf", agenda_item=items[0]),
        store_document(secretary, meeting, io.BytesIO(second), "Kế hoạch đất.pdf", agenda_item=items[1]),
    ]
    meeting.state = MeetingState.closed
    db.session.flush()
    return meeting, secretary, member, docs, [first, second]


def test_archivist_exports_zip_with_pdf_and_well_formed_xml(client, record):
    meeting, secretary, member, docs, data = record
    archivist = create_user("x-arch", SystemRole.archivist)
    login(client, archivist)
    response = client.get(f"/archive/meetings/{meeting.id}/record.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert f"ho-so-cuoc-hop-{meeting.id}.zip" in response.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = archive.namelist()
    assert names == ["tai-lieu/01-bao-cao-quy-i.pdf", "tai-lieu/02-ke-hoach-dat.pdf", "ho-so.pdf", "metadata.xml"]
    assert archive.read("tai-lieu/01-bao-cao-quy-i.pdf") == data[0]
    assert archive.read("tai-lieu/02-ke-hoach-dat.pdf") == data[1]

    root = ET.fromstring(archive.read("metadata.xml"))  # well-formed, or this raises
    assert root.tag == "meetingRecord" and root.get("exportedBy") == "x-arch"
    assert root.findtext("meeting/title") == meeting.title and root.findtext("meeting/body") == "UBND huyện Cao Lãnh"
    assert root.find("meeting").get("state") == "closed"
    assert {(m.get("login"), m.get("role"), m.findtext("fullName")) for m in root.iter("member")} == {
        ("x-sec", "secretary", "Lê Hoàng Nam"),
        ("x-member", "member", "Đỗ Thị Hồng"),
    }
    listed = root.findall("documents/document")
    assert (
        [d.findtext("sha256") for d in listed]
        == [hashlib.sha256(b).hexdigest() for b in data]
        == [d.sha256 for d in docs]
    )
    assert [d.findtext("path") for d in listed] == names[:2]
    assert listed[1].findtext("filename") == "Kế hoạch đất.pdf"
    assert root.findtext("recordPdf/sha256") == hashlib.sha256(archive.read("ho-so.pdf")).hexdigest()

    pdf = PdfReader(io.BytesIO(archive.read("ho-so.pdf")))
    assert len(pdf.pages) == 1 + 2 + 1
    cover = " ".join(pdf.pages[0].extract_text().split())
    assert "HỒ SƠ CUỘC HỌP" in cover and meeting.title in cover and docs[0].sha256 in cover
    assert "Kế hoạch sử dụng đất năm 2020" in pdf.pages[3].extract_text()


def test_only_archivists_and_the_secretariat_export_members_and_observers_get_404(client, record):
    """The record holds the original files, unstamped, and the attendance list: it is the
    archivists' and the secretariat's (Perm.RECORD_EXPORT). Members and observers of the meeting are
    answered like outsiders, and nothing is logged for them."""
    from meetings.models import AccessLog

    meeting, secretariat, member, *_ = record
    observer, chair = create_user("x-observer"), create_user("x-chair")
    db.session.add(MeetingMember(meeting_id=meeting.id, user_id=observer.id, role=MeetingRole.observer))
    db.session.add(MeetingMember(meeting_id=meeting.id, user_id=chair.id, role=MeetingRole.chair))
    db.session.flush()
    for refused in (member, observer, chair, create_user("x-outsider"), create_user("x-admin", SystemRole.admin)):
        client.post("/logout")
        login(client, refused)
        response = client.get(f"/archive/meetings/{meeting.id}/record.zip", headers={"Accept": "application/json"})
        assert response.status_code == 404 and response.mimetype == "application/json", refused.login
        assert db.session.scalar(sa.select(sa.func.count(AccessLog.id)).where(AccessLog.user_id == refused.id)) == 0
    assert client.get("/archive/meetings/999999/record.zip").status_code == 404

    plain_secretary = create_user("x-plain-sec")  # a member of staff who is this meeting's secretary
    db.session.add(MeetingMember(meeting_id=meeting.id, user_id=plain_secretary.id, role=MeetingRole.secretary))
    db.session.flush()
    for allowed in (create_user("x-arch", SystemRole.archivist), secretariat, plain_secretary):
        client.post("/logout")
        login(client, allowed)
        response = client.get(f"/archive/meetings/{meeting.id}/record.zip")
        assert response.status_code == 200 and response.mimetype == "application/zip", allowed.login
        assert "metadata.xml" in zipfile.ZipFile(io.BytesIO(response.data)).namelist()


def test_the_archive_page_offers_the_export_only_to_those_who_may(client, record, monkeypatch):
    from app.permissions import SYSTEM_ROLE_MEETING_PERMS, Perm

    meeting, *_ = record
    login(client, create_user("x-arch", SystemRole.archivist))
    link = f'href="/archive/meetings/{meeting.id}/record.zip"'
    assert link in client.get("/archive").get_data(as_text=True)
    grants = SYSTEM_ROLE_MEETING_PERMS[SystemRole.archivist]
    monkeypatch.setitem(grants, "closed", grants["closed"] - {Perm.RECORD_EXPORT})
    page = client.get("/archive").get_data(as_text=True)
    assert meeting.title in page and link not in page and "Xuất hồ sơ" not in page


def test_only_closed_meetings_are_exported(client, record):
    meeting, secretary, *_ = record
    meeting.state = MeetingState.published
    db.session.flush()
    login(client, secretary)
    response = client.get(f"/archive/meetings/{meeting.id}/record.zip", headers={"Accept": "application/json"})
    assert response.status_code == 409 and "đã kết thúc" in response.get_json()["error"]


def test_tampered_document_stops_the_export(client, record, app):
    meeting, secretary, member, docs, _ = record
    from documents.storage import get_store

    forged = make_text_pdf("Nội dung bị thay đổi")
    get_store().put_stream(docs[1].object_key, io.BytesIO(forged), length=len(forged), content_type="application/pdf")
    login(client, secretary)
    response = client.get(f"/archive/meetings/{meeting.id}/record.zip")
    assert response.status_code == 500
    assert "không khớp mã băm SHA-256" in response.get_data(as_text=True)


def _export(client, user, meeting):
    client.post("/logout")
    login(client, user)
    response = client.get(f"/archive/meetings/{meeting.id}/record.zip")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    cover = " ".join(PdfReader(io.BytesIO(archive.read("ho-so.pdf"))).pages[0].extract_text().split())
    return archive, ET.fromstring(archive.read("metadata.xml")), cover


def test_withheld_documents_are_counted_on_the_cover_and_in_the_metadata_never_named(client, record):
    meeting, secretary, member, docs, _data = record
    guest_archivist = create_user("x-guest", SystemRole.archivist)  # an archivist invited as an observer
    db.session.add(MeetingMember(meeting_id=meeting.id, user_id=guest_archivist.id, role=MeetingRole.observer))
    meeting.state = MeetingState.published  # access is set while the meeting is prepared
    set_document_access(secretary, docs[1], confidential=True, observer_visible=False, recipient_ids=[member.id])
    set_document_access(secretary, docs[0], confidential=False, observer_visible=False)
    meeting.state = MeetingState.closed
    db.session.commit()
    note = "Hồ sơ không gồm 1 tài liệu mật (chỉ người được chỉ định mới được xem)."

    archive, root, cover = _export(client, create_user("x-arch", SystemRole.archivist), meeting)
    assert [n for n in archive.namelist() if n.startswith("tai-lieu/")] == ["tai-lieu/01-bao-cao-quy-i.pdf"]
    assert note in cover and "Kế hoạch" not in cover and "Cuộc họp không có tài liệu" not in cover
    withheld = root.find("withheld")
    assert (withheld.get("confidential"), withheld.get("notForObservers"), withheld.text) == ("1", "0", note)
    assert "Kế hoạch" not in archive.read("metadata.xml").decode()
    assert [d.findtext("title") for d in root.iter("document")] == ["Báo cáo quý I"]

    archive, root, cover = _export(client, secretary, meeting)  # the secretariat sees every document
    assert len([n for n in archive.namelist() if n.startswith("tai-lieu/")]) == 2
    assert "Hồ sơ không gồm" not in cover
    withheld = root.find("withheld")
    assert (withheld.get("confidential"), withheld.get("notForObservers"), withheld.text) == ("0", "0", None)

    archive, root, cover = _export(client, guest_archivist, meeting)  # neither is for guests
    assert not [n for n in archive.namelist() if n.startswith("tai-lieu/")]
    assert note in cover and "Hồ sơ không gồm 1 tài liệu không dành cho khách mời." in cover
    assert "Cuộc họp không có tài liệu" not in cover and "Báo cáo" not in cover
    assert (root.find("withheld").get("confidential"), root.find("withheld").get("notForObservers")) == ("1", "1")


def test_the_record_states_when_it_was_held_and_who_attended(client, record):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from meetings.models import AttendanceRecord, AttendanceStatus

    meeting, secretary, member, _docs, _data = record
    vn = ZoneInfo("Asia/Ho_Chi_Minh")
    meeting.started_at = datetime(2020, 3, 19, 8, 0, tzinfo=vn)  # held a week before the planned day
    meeting.ended_at = datetime(2020, 3, 19, 10, 15, tzinfo=vn)
    db.session.add(
        AttendanceRecord(
            meeting_id=meeting.id, user_id=member.id, status=AttendanceStatus.absent, reason="Đi công tác tỉnh"
        )
    )
    db.session.flush()
    login(client, create_user("x-arch2", SystemRole.archivist))
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/archive/meetings/{meeting.id}/record.zip").data))
    root = ET.fromstring(archive.read("metadata.xml"))
    assert root.findtext("meeting/startedAt") == "2020-03-19T08:00:00+07:00"
    assert root.findtext("meeting/endedAt") == "2020-03-19T10:15:00+07:00"
    assert root.findtext("meeting/startsAt") != root.findtext("meeting/startedAt")  # the plan is kept beside it
    attendance = {m.get("login"): (m.get("attendance"), m.get("reason")) for m in root.iter("member")}
    assert attendance == {"x-sec": ("present", None), "x-member": ("absent", "Đi công tác tỉnh")}
    pdf = PdfReader(io.BytesIO(archive.read("ho-so.pdf")))
    cover = " ".join(pdf.pages[0].extract_text().split())
    assert "Thời gian: 08:00 19/03/2020 – 10:15" in cover
    assert "Đỗ Thị Hồng" in cover and "Vắng mặt – Đi công tác tỉnh" in cover
    assert pdf.metadata.title == f"Hồ sơ cuộc họp: {meeting.title}" and pdf.metadata.author == meeting.body
    modes = {info.filename: (info.external_attr >> 16) & 0o777 for info in archive.infolist()}
    assert set(modes.values()) == {0o644}, modes  # metadata.xml no longer extracts as 0600
