"""Helpers for minutes tests: a closed meeting with a chair and a secretary who hold demo-CA
certificates, and byte-level tampering of signed PDFs."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from app.models import SystemRole
from demo.ca import issue_demo_credential
from tests.support.factories import create_document, create_meeting, create_user

P12_PASSPHRASE = "mat-khau-chung-thu"


def closed_meeting_with_signers(items: int = 2, documents: bool = True):
    secretary = create_user(role=SystemRole.secretariat, full_name="Lê Hoàng Nam", position="Chuyên viên Văn phòng")
    chair = create_user(full_name="Nguyễn Văn Chủ", position="Chủ tịch UBND huyện")
    member = create_user(full_name="Trần Thị Đào", position="Trưởng phòng Nội vụ")
    meeting = create_meeting(
        {chair: "chair", secretary: "secretary", member: "member"},
        state="published",
        title="Phiên họp thường kỳ tháng 3 năm 2020 – thử nghiệm",
        items=items,
    )
    if documents:
        create_document(meeting, secretary, pages=1, agenda_item=meeting.agenda_items[0], title="Báo cáo quý I")
    from app.extensions import db
    from meetings.models import MeetingState

    meeting.state = MeetingState.closed
    db.session.flush()
    issue_demo_credential(secretary, P12_PASSPHRASE)
    issue_demo_credential(chair, P12_PASSPHRASE)
    return meeting, secretary, chair, member


def pdfsig(path: Path) -> str:
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, timeout=60).stdout


def stated_signing_times(data: bytes) -> list:
    """The time each signature states (its /M: a PAdES signature has no CMS signing-time), in signing order."""
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    return [s.self_reported_timestamp for s in sorted(reader.embedded_signatures, key=lambda s: s.signed_revision)]


def flip(data: bytes, offset: int) -> bytes:
    out = bytearray(data)
    out[offset] ^= 0x01
    return bytes(out)


def signing_time_offsets(data: bytes) -> list[int]:
    """Offsets of the last year digit in each signature dictionary's /M (D:YYYY…) entry, in file order
    (pyHanko escapes the colon as \\072)."""
    return [m.start(1) for m in re.finditer(rb"/M \(D(?::|\\072)\d{3}(\d)", data)]


def page_content_offset(data: bytes) -> int:
    """Offset of a byte inside page 1's content stream (the text every signature covers)."""
    import io

    from pypdf import PdfReader

    ref = PdfReader(io.BytesIO(data)).pages[0].get("/Contents").indirect_reference
    start = data.index(b"\n%d 0 obj" % ref.idnum)
    return data.index(b"stream", start) + len(b"stream\n") + 20


def contents_offsets(data: bytes) -> list[int]:
    """Offsets of the hex signature value (/Contents <…>) of each signature, in file order."""
    return [m.start(1) for m in re.finditer(rb"/Contents <([0-9a-fA-F]{64})", data)]


def approve_substitute(meeting, absent, substitute, reason: str = "", secretary=None):
    """``absent`` names ``substitute`` and the secretary approves, through the real services (while the
    meeting is still published); the meeting's state is restored afterwards."""
    from app.extensions import db
    from meetings.models import MeetingRole, MeetingState
    from meetings.services.substitutions import decide_substitution, request_substitution

    state = meeting.state
    meeting.state = MeetingState.published
    db.session.flush()
    secretary = secretary or meeting.members_with_role(MeetingRole.secretary)[0]
    sub = request_substitution(absent, meeting, substitute, reason)
    decide_substitution(secretary, meeting, sub, approve=True)
    meeting.state = state
    db.session.flush()
    return sub


def hold_live_session(meeting, *attendees, at=None):
    """Each attendee's tablet joins the live session and later leaves (presence.changed events);
    ``at`` dates those events (e.g. within a session held at mocked times)."""
    import sqlalchemy as sa

    from app.extensions import db
    from meetings.models import MeetingEvent
    from meetings.services.live import join_presence, leave_presence

    before = (
        db.session.scalar(sa.select(sa.func.max(MeetingEvent.seq)).where(MeetingEvent.meeting_id == meeting.id)) or 0
    )
    for n, user in enumerate(attendees):
        join_presence(user, meeting, f"tablet-{meeting.id}-{n}")
    for n, _user in enumerate(attendees):
        leave_presence(f"tablet-{meeting.id}-{n}")
    if at is not None:
        db.session.execute(
            sa.update(MeetingEvent)
            .where(MeetingEvent.meeting_id == meeting.id, MeetingEvent.seq > before)
            .values(created_at=at)
        )
        db.session.expire_all()


def sign_by_secretary_and_chair(meeting, secretary, chair, conclusion: str = "") -> bytes:
    """The real flow: draft (with ``conclusion`` for the first agenda item), lock, the secretary
    signs, then the chair; returns the stored signed minutes."""
    from meetings.services import minutes as svc

    conclusions = {meeting.agenda_items[0].id: conclusion} if conclusion else None
    svc.save_draft(
        secretary, meeting, number="15/BB-UBND", narrative="Chủ tịch khai mạc phiên họp.", conclusions=conclusions
    )
    svc.lock_draft(secretary, meeting)
    svc.sign_minutes(secretary, meeting, P12_PASSPHRASE)
    svc.sign_minutes(chair, meeting, P12_PASSPHRASE)
    return svc.signed_minutes_bytes(secretary, meeting)[1]


def last_revision(data: bytes) -> int:
    """pyHanko's index of the file's last revision (0 = as first written): one %%EOF per revision."""
    return data.count(b"%%EOF") - 1


def word_box(data: bytes, word: str) -> tuple[int, tuple[float, float, float, float]]:
    """The first page (0-based) showing ``word`` and a box in PDF points over the whole text line
    holding it (from ``pdftotext -bbox``; its origin is top-left, PDF's bottom-left)."""
    import tempfile
    from html import unescape

    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(data)
        fh.flush()
        html = subprocess.run(["pdftotext", "-bbox", fh.name, "-"], capture_output=True, text=True, check=True).stdout
    for index, page in enumerate(re.findall(r"<page (.*?)</page>", html, re.S)):
        height = float(re.search(r'height="([\d.]+)"', page)[1])
        width = float(re.search(r'width="([\d.]+)"', page)[1])
        for attrs, text in re.findall(r"<word ([^>]*)>([^<]*)</word>", page):
            if unescape(text) == word:
                y_min, y_max = (float(re.search(rf'{k}="([\d.]+)"', attrs)[1]) for k in ("yMin", "yMax"))
                return index, (40.0, height - y_max - 3, width - 40.0, height - y_min + 3)
    raise AssertionError(f"{word!r} is not in the PDF")


def _overpaint(data: bytes, page: int, box, text: str, field_name: str) -> bytes:
    import io

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields

    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    fields.append_signature_field(writer, fields.SigFieldSpec(sig_field_name=field_name, on_page=page, box=box))
    ((_name, _value, ref),) = fields.enumerate_sig_fields(writer, with_name=field_name)
    width, height = box[2] - box[0], box[3] - box[1]
    font = writer.add_object(
        generic.DictionaryObject(
            {
                pdf_name("/Type"): pdf_name("/Font"),
                pdf_name("/Subtype"): pdf_name("/Type1"),
                pdf_name("/BaseFont"): pdf_name("/Helvetica"),
            }
        )
    )
    paint = b"q 1 1 1 rg 0 0 %.2f %.2f re f Q BT /F1 11 Tf 0 0 0 rg 2 %.2f Td (%s) Tj ET" % (
        width,
        height,
        height / 2 - 4,
        text.encode("ascii"),
    )
    appearance = generic.StreamObject(
        {
            pdf_name("/Type"): pdf_name("/XObject"),
            pdf_name("/Subtype"): pdf_name("/Form"),
            pdf_name("/BBox"): generic.ArrayObject([generic.FloatObject(v) for v in (0, 0, width, height)]),
            pdf_name("/Resources"): generic.DictionaryObject(
                {pdf_name("/Font"): generic.DictionaryObject({pdf_name("/F1"): font})}
            ),
        },
        stream_data=paint,
    )
    field = ref.get_object()
    field[pdf_name("/AP")] = generic.DictionaryObject({pdf_name("/N"): writer.add_object(appearance)})
    writer.update_container(field)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def overpaint_after_signing(data: bytes, word: str, text: str, field_name: str = "SuaDoi") -> bytes:
    """The attack: an incremental update after the last signature adds an *unsigned* signature field
    whose visible appearance paints a white box over the line holding ``word`` and writes ``text``
    (ASCII) there. pyHanko's own diff analysis rates this ``form_filling``."""
    from documents.offload import run_cpu_bound

    page, box = word_box(data, word)
    return run_cpu_bound(_overpaint, data, page, box, text, field_name)
