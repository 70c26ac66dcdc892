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
    meeting = create_meeting({chair: "chair", secretary: "secretary", member: "member"}, state="published",
                             title="Phiên họp thường kỳ tháng 3 năm 2020 – thử nghiệm", items=items)
    if documents:
        create_document(meeting, secretary, pages=1, agenda_item=meeting.agenda_items[0], title="Báo cáo quý I")
    from meetings.models import MeetingState
    from app.extensions import db

    meeting.state = MeetingState.closed
    db.session.flush()
    issue_demo_credential(secretary, P12_PASSPHRASE)
    issue_demo_credential(chair, P12_PASSPHRASE)
    return meeting, secretary, chair, member


def pdfsig(path: Path) -> str:
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, timeout=60).stdout


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

    before = db.session.scalar(sa.select(sa.func.max(MeetingEvent.seq)).where(
        MeetingEvent.meeting_id == meeting.id)) or 0
    for n, user in enumerate(attendees):
        join_presence(user, meeting, f"tablet-{meeting.id}-{n}")
    for n, _user in enumerate(attendees):
        leave_presence(f"tablet-{meeting.id}-{n}")
    if at is not None:
        db.session.execute(sa.update(MeetingEvent).where(MeetingEvent.meeting_id == meeting.id,
                                                         MeetingEvent.seq > before).values(created_at=at))
        db.session.expire_all()
