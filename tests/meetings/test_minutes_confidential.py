"""Confidential ("Mật") documents in the minutes: the signed PDF is one document for everyone, so it
counts them ("02 tài liệu mật") and never names one; the minutes page names only those the reader
may read (app.permissions.can_view_document) and counts the rest."""

from __future__ import annotations

import re
import subprocess
from html import unescape

from meetings.models import MeetingState
from meetings.services.documents.access import set_document_access
from tests.conftest import login
from tests.meetings.test_minutes_views import HTML
from tests.support.factories import create_document
from tests.support.minutes import closed_meeting_with_signers, sign_by_secretary_and_chair

SECRET_FOR_CHAIR = "Phương án bồi thường giải tỏa khu dân cư Mỹ Thọ"
SECRET_FOR_MEMBER = "Danh sách hộ dân chưa bàn giao mặt bằng"


def _meeting_with_confidential_documents():
    meeting, secretary, chair, member = closed_meeting_with_signers()  # with "Báo cáo quý I" on item 1
    meeting.state = MeetingState.published  # documents are added before the meeting ends
    item = meeting.agenda_items[0]
    for title, readers in ((SECRET_FOR_CHAIR, [chair.id]), (SECRET_FOR_MEMBER, [chair.id, member.id])):
        document = create_document(meeting, secretary, pages=1, agenda_item=item, title=title)
        set_document_access(secretary, document, confidential=True, observer_visible=False, recipient_ids=readers)
    meeting.state = MeetingState.closed
    return meeting, secretary, chair, member


def _pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "bien-ban.pdf"
    path.write_bytes(data)
    return " ".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split()
    )


def _documents_lines(client, meeting) -> list[str]:
    page = client.get(f"/meetings/{meeting.id}/minutes", headers=HTML).get_data(as_text=True)
    return [
        " ".join(unescape(re.sub(r"<[^>]+>", " ", line)).split())
        for line in re.findall(r'data-testid="item-documents">(.*?)</p>', page, re.S)
    ], page


def test_the_signed_and_the_preview_pdf_count_confidential_documents_without_their_titles(app, client, store, tmp_path):
    meeting, secretary, chair, _member = _meeting_with_confidential_documents()
    login(client, secretary)
    preview = client.get(f"/meetings/{meeting.id}/minutes/preview.pdf")
    assert preview.status_code == 200 and preview.mimetype == "application/pdf"
    for data in (preview.data, sign_by_secretary_and_chair(meeting, secretary, chair, "Thống nhất.")):
        text = _pdf_text(data, tmp_path)
        assert "Tài liệu: Báo cáo quý I; 02 tài liệu mật." in text
        assert SECRET_FOR_CHAIR not in text and SECRET_FOR_MEMBER not in text
        assert "Mỹ Thọ" not in text and "bàn giao mặt bằng" not in text


def test_the_minutes_page_names_only_what_the_reader_may_read(app, client, store):
    meeting, secretary, chair, member = _meeting_with_confidential_documents()
    login(client, member)  # named on one of the two
    lines, page = _documents_lines(client, meeting)
    assert lines == [f"Tài liệu: Báo cáo quý I; {SECRET_FOR_MEMBER} (Mật); 01 tài liệu mật"]
    assert SECRET_FOR_CHAIR not in page and "Mỹ Thọ" not in page

    client.post("/logout")
    login(client, chair)  # named on both
    lines, page = _documents_lines(client, meeting)
    assert lines == [f"Tài liệu: Báo cáo quý I; {SECRET_FOR_CHAIR} (Mật); {SECRET_FOR_MEMBER} (Mật)"]
    assert "tài liệu mật" not in page

    client.post("/logout")
    login(client, secretary)  # the edit form: the secretary reads every document of the meeting
    lines, page = _documents_lines(client, meeting)
    assert 'name="narrative"' in page
    assert lines == [f"Tài liệu: Báo cáo quý I; {SECRET_FOR_CHAIR} (Mật); {SECRET_FOR_MEMBER} (Mật)"]
