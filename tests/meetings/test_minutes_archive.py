"""Signed minutes reach the archive: their text is searchable (without diacritics too) once fully
signed, and the record export carries the signed PDF byte for byte — and never a confidential
document to someone not named on it."""

import hashlib
import io
import xml.etree.ElementTree as ET
import zipfile

import pytest

from app.errors import NotFound
from app.models import SystemRole
from meetings.archive.record_export import export_meeting_record
from meetings.archive.search import ArchiveQuery, search_archive
from meetings.models import MeetingState, SearchSource
from meetings.services import minutes as svc
from meetings.services import minutes_records
from meetings.services.documents import set_document_access
from tests.support.factories import create_document, create_user
from tests.support.minutes import P12_PASSPHRASE, closed_meeting_with_signers

NARRATIVE = "Thống nhất giao Phòng Tài nguyên và Môi trường rà soát quỹ đất công trước ngày 30/6."


def _sign_all(meeting, secretary, chair):
    svc.save_draft(secretary, meeting, number="15/BB-UBND", narrative=NARRATIVE)
    svc.lock_draft(secretary, meeting)
    svc.sign_minutes(secretary, meeting, P12_PASSPHRASE)
    return svc.sign_minutes(chair, meeting, P12_PASSPHRASE)


def _minutes_hits(actor, words):
    return [h for h in search_archive(actor, ArchiveQuery(words=words)).hits if h.source == SearchSource.minutes]


def test_fully_signed_minutes_are_searchable_without_diacritics(app):
    meeting, secretary, chair, member = closed_meeting_with_signers()
    archivist = create_user(role=SystemRole.archivist)
    svc.save_draft(secretary, meeting, number="15/BB-UBND", narrative=NARRATIVE)
    svc.lock_draft(secretary, meeting)
    svc.sign_minutes(secretary, meeting, P12_PASSPHRASE)
    assert _minutes_hits(archivist, "quy dat cong") == []  # one signature: not the final record yet
    svc.sign_minutes(chair, meeting, P12_PASSPHRASE)
    hits = _minutes_hits(archivist, "quy dat cong")
    assert [h.meeting.id for h in hits] == [meeting.id]
    assert "<mark>" in hits[0].snippet and "đất" in hits[0].snippet  # original diacritics, highlighted
    assert _minutes_hits(archivist, "BIÊN BẢN")  # the PDF's own text, not only the narrative
    outsider = create_user()
    assert _minutes_hits(outsider, "quy dat cong") == []


def test_record_export_carries_the_signed_minutes_and_hides_confidential_documents(app):
    meeting, secretary, chair, member = closed_meeting_with_signers()
    meeting.state = MeetingState.published  # documents are added before the meeting ends
    secret = create_document(meeting, secretary, pages=1, title="Tài liệu mật")
    set_document_access(secretary, secret, confidential=True, observer_visible=False, recipient_ids=[secretary.id])
    meeting.state = MeetingState.closed
    signed = _sign_all(meeting, secretary, chair)
    signed_bytes = minutes_records.read_signed_revision(signed)

    def export(actor):
        out = io.BytesIO()
        export_meeting_record(actor, meeting, out)
        return zipfile.ZipFile(io.BytesIO(out.getvalue()))

    with pytest.raises(NotFound):  # the record is the archive's, not a member's (Perm.RECORD_EXPORT)
        export(member)
    for_archivist = export(create_user(role=SystemRole.archivist))  # an archivist is not a named reader either
    names = for_archivist.namelist()
    assert names[0] == f"tai-lieu/01-bien-ban-{meeting.id}.pdf"
    assert hashlib.sha256(for_archivist.read(names[0])).hexdigest() == signed.sha256
    assert for_archivist.read(names[0]) == signed_bytes
    assert not any("tai-lieu-mat" in n for n in names)
    assert len([n for n in names if n.startswith("tai-lieu/")]) == 2  # minutes + the one ordinary document
    root = ET.fromstring(for_archivist.read("metadata.xml"))  # the minutes apart: their id is not a document's
    assert [(m.get("id"), m.get("signatures"), m.findtext("path")) for m in root.findall("signedMinutes")] == [
        (str(signed.id), "2", names[0])
    ]
    assert [d.get("kind") for d in root.iter("document")] == ["document"]
    assert root.find("withheld").get("confidential") == "1" and "Tài liệu mật" not in root.find("withheld").text
    for_secretary = export(secretary)
    assert len([n for n in for_secretary.namelist() if n.startswith("tai-lieu/")]) == 3
