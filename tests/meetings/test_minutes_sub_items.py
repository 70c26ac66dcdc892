"""Sub-items (1.1 …) in the minutes: each has its place after its parent, its documents and its own
conclusion, on the minutes page (editing and read-only) and in the PDF."""

from __future__ import annotations

import io

from pypdf import PdfReader

from app.extensions import db
from meetings.models import MeetingState
from meetings.services import minutes as svc
from tests.conftest import login
from tests.meetings.test_minutes_views import HTML, _form
from tests.support.factories import create_agenda_item, create_document
from tests.support.minutes import closed_meeting_with_signers


def _meeting_with_a_sub_item():
    meeting, secretary, chair, member = closed_meeting_with_signers()
    first = sorted((i for i in meeting.agenda_items if i.parent_id is None), key=lambda i: i.position)[0]
    sub = create_agenda_item(meeting, "Thu ngân sách quý I", parent=first, presenter_name="Phòng Tài chính")
    meeting.state = MeetingState.published  # documents are uploaded before the meeting closes
    create_document(meeting, secretary, pages=1, agenda_item=sub, title="Phụ lục thu ngân sách")
    meeting.state = MeetingState.closed
    db.session.flush()
    return meeting, secretary, chair, sub


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_minutes_document_lists_sub_items_numbered_with_their_documents_and_conclusions(app, store):
    meeting, secretary, chair, sub = _meeting_with_a_sub_item()
    svc.save_draft(secretary, meeting, conclusions={sub.id: "Giao Phòng Tài chính đôn đốc thu."})
    doc = svc.minutes_document(meeting, svc.get_draft(meeting))
    assert [(i.number, i.title) for i in doc.items] == [
        ("1", "Nội dung 1"),
        ("1.1", "Thu ngân sách quý I"),
        ("2", "Nội dung 2"),
    ]
    assert doc.items[1].documents == ("Phụ lục thu ngân sách",) and doc.items[1].presenter == "Phòng Tài chính"
    assert doc.items[1].conclusion == "Giao Phòng Tài chính đôn đốc thu." and doc.items[0].conclusion == ""


def test_secretary_writes_a_sub_items_conclusion_and_it_reaches_page_and_pdf(app, client, store):
    meeting, secretary, chair, sub = _meeting_with_a_sub_item()
    login(client, secretary)
    page = client.get(f"/meetings/{meeting.id}/minutes", headers=HTML).get_data(as_text=True)
    field = page.split('data-number="1.1"')[1].split("</div>")[0]
    assert "1.1. Thu ngân sách quý I" in field and "Phụ lục thu ngân sách" in field
    assert f'name="conclusion-{sub.id}"' in field
    assert page.index('data-number="1"') < page.index('data-number="1.1"') < page.index('data-number="2"')

    form = _form(meeting, **{f"conclusion-{sub.id}": "Giao Phòng Tài chính đôn đốc thu."})
    assert client.post(f"/meetings/{meeting.id}/minutes", data=form).status_code == 302
    assert svc.conclusions_of(meeting)[sub.id] == "Giao Phòng Tài chính đôn đốc thu."

    text = " ".join(_pdf_text(client.get(f"/meetings/{meeting.id}/minutes/preview.pdf").data).split())
    assert "6.1. Nội dung 1" in text and "6.1.1. Thu ngân sách quý I" in text and "6.2. Nội dung 2" in text
    assert (
        text.index("6.1.1. Thu ngân sách quý I")
        < text.index("Tài liệu: Phụ lục thu ngân sách.")
        < text.index("Kết luận: Giao Phòng Tài chính đôn đốc thu.")
        < text.index("6.2. Nội dung 2")
    )

    assert client.post(f"/meetings/{meeting.id}/minutes/lock").status_code == 302
    page = client.get(f"/meetings/{meeting.id}/minutes", headers=HTML).get_data(as_text=True)
    shown = page.split('data-number="1.1"')[1].split("</li>")[0]  # read-only once locked
    assert "1.1. Thu ngân sách quý I" in shown and "Giao Phòng Tài chính đôn đốc thu." in shown
    assert "Phụ lục thu ngân sách" in shown and f'name="conclusion-{sub.id}"' not in page
