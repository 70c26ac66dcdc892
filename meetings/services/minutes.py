"""Minutes: the draft assembled from the meeting, edited by the secretary, versioned, locked,
signed (secretary first, then chair) and verified.

Speakers and votes slot in through :func:`minutes_document`: each agenda item's
:class:`~documents.minutes_pdf.MinutesItem` is where their lines go (who spoke and how long:
meetings/services/minutes_speeches.py; closed votes: meetings/services/minutes_floor.py).
"""

from __future__ import annotations

import hashlib
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from app import audit
from app.errors import ValidationError
from app.extensions import db
from app.models.base import utcnow
from app.permissions import Perm, has_perm, require_perm
from app.text import clean_line, clean_multiline
from documents.minutes_pdf import SIGNING_CHAIN, render_minutes_pdf
from documents.offload import run_cpu_bound
from documents.signing import VerificationReport, verify_pdf
from meetings.models import (
    AgendaConclusion,
    AttendanceRecord,
    AttendanceStatus,
    Meeting,
    MeetingState,
    MinutesDraft,
    MinutesState,
    MinutesVersion,
)
from meetings.services import minutes_records
from meetings.services.minutes_floor import speeches_of
from meetings.services.minutes_reading import (  # noqa: F401  (re-exported: callers use minutes.*)
    DEFAULT_RECIPIENTS,
    MAX_TEXT,
    MAX_VERIFY_BYTES,
    SIGNING_ORDER,
    _guest,
    _item_documents,
    _person,
    attendance_of,
    conclusions_of,
    default_recipients,
    end_time,
    get_draft,
    latest_signed,
    may_sign_now,
    minutes_document,
    next_signer_role,
    signature_count,
    start_time,
)
from meetings.services.minutes_speeches import speech_lines


# -- editing ----------------------------------------------------------------------------------
def _refuse_if_frozen(meeting: Meeting, draft: MinutesDraft | None) -> None:
    if signature_count(meeting) > 0 or (draft is not None and draft.state == MinutesState.signed):
        raise ValidationError(_("Biên bản đã có chữ ký số; không thể sửa nội dung."), status_code=409)
    if draft is not None and draft.state == MinutesState.locked:
        raise ValidationError(_("Biên bản đã khóa để ký; mở khóa trước khi sửa."), status_code=409)


def _snapshot(draft: MinutesDraft, meeting: Meeting) -> dict:
    return {
        "number": draft.number,
        "narrative": draft.narrative,
        "recipients": draft.recipients,
        "started_at": draft.started_at.isoformat() if draft.started_at else None,
        "closed_at": draft.closed_at.isoformat() if draft.closed_at else None,
        "conclusions": {str(k): v for k, v in conclusions_of(meeting).items()},
        "speeches": {str(k): v for k, v in speeches_of(meeting).items()},
        "attendance": [
            {
                "user_id": e.user_id,
                "status": e.status.value,
                "reason": e.reason,
                "substitute_name": e.substitute_name,
                "source": e.source,
            }
            for e in attendance_of(meeting)
        ],
    }


def save_draft(
    actor,
    meeting: Meeting,
    *,
    number: str = "",
    narrative: str = "",
    closed_at: datetime | None = None,
    started_at: datetime | None = None,
    recipients: str = "",
    conclusions: dict[int, str] | None = None,
    attendance: dict[int, dict] | None = None,
    speeches: dict[int, str] | None = None,
) -> MinutesVersion:
    """Save what the secretary wrote and keep it as a new version."""
    require_perm(actor, Perm.MINUTES_EDIT, meeting)
    draft = get_draft(meeting)
    _refuse_if_frozen(meeting, draft)
    number, narrative, recipients = clean_line(number), clean_multiline(narrative), clean_multiline(recipients)
    if len(number) > 60:
        raise ValidationError(_("Số biên bản quá dài (tối đa 60 ký tự)."))
    if len(narrative) > MAX_TEXT or len(recipients) > 5000:
        raise ValidationError(_("Nội dung biên bản quá dài."))
    if started_at is not None and started_at.tzinfo is None:
        raise ValidationError(_("Giờ bắt đầu không hợp lệ."))
    if closed_at is not None and closed_at.tzinfo is None:
        raise ValidationError(_("Giờ kết thúc không hợp lệ."))
    start, end = started_at or start_time(meeting, draft), closed_at or end_time(meeting, draft)
    if end is not None and end < start:
        raise ValidationError(_("Giờ kết thúc phải sau giờ bắt đầu cuộc họp."))
    items = {item.id for item in meeting.agenda_items}
    conclusions, speeches = conclusions or {}, speeches or {}
    if (set(conclusions) | set(speeches)) - items:
        raise ValidationError(_("Kết luận gắn với mục chương trình không thuộc cuộc họp này."))
    attendance = attendance or {}
    if attendance and meeting.state not in (MeetingState.in_session, MeetingState.closed):
        # before the session the lines would freeze a guess: they follow the check-ins until then
        raise ValidationError(_("Chưa thể ghi điểm danh khi cuộc họp chưa bắt đầu."))
    members = {e.user_id for e in attendance_of(meeting)}
    if set(attendance) - members:
        raise ValidationError(_("Điểm danh có người không thuộc thành phần cuộc họp."))
    for entry in attendance.values():
        try:
            entry["status"] = AttendanceStatus(entry.get("status") or "present")
        except ValueError as exc:
            raise ValidationError(_("Trạng thái điểm danh không hợp lệ.")) from exc
        entry["reason"] = clean_line(entry.get("reason"))[:500]
        entry["substitute_name"] = clean_line(entry.get("substitute_name"))[:200]
        if entry["status"] == AttendanceStatus.substitute and not entry["substitute_name"]:
            raise ValidationError(_("Cần ghi tên người dự thay."))

    if draft is None:
        draft = MinutesDraft(meeting_id=meeting.id)
        db.session.add(draft)
    draft.number, draft.narrative, draft.recipients = number, narrative, recipients
    draft.started_at = started_at or start_time(meeting, draft)
    draft.closed_at = closed_at or end_time(meeting, draft)
    draft.updated_at = utcnow()
    existing = {
        c.agenda_item_id: c
        for c in db.session.scalars(sa.select(AgendaConclusion).where(AgendaConclusion.meeting_id == meeting.id))
    }
    built = speech_lines(meeting)
    for item_id in set(conclusions) | set(speeches):
        row = existing.setdefault(item_id, AgendaConclusion(meeting_id=meeting.id, agenda_item_id=item_id, text=""))
        if item_id in conclusions:
            row.text = clean_multiline(conclusions[item_id] or "")[:MAX_TEXT]
        if item_id in speeches:  # the same as the built lines: keep following the floor's log
            text = "\n".join(line.rstrip() for line in clean_multiline(speeches[item_id] or "").splitlines())[:MAX_TEXT]
            row.speeches = None if text == built.get(item_id, "") else text
        db.session.add(row)
    records = {
        r.user_id: r
        for r in db.session.scalars(sa.select(AttendanceRecord).where(AttendanceRecord.meeting_id == meeting.id))
    }
    for user_id, entry in attendance.items():
        row = records.get(user_id) or AttendanceRecord(meeting_id=meeting.id, user_id=user_id)
        row.status, row.reason, row.substitute_name = entry["status"], entry["reason"], entry["substitute_name"]
        db.session.add(row)
    db.session.flush()
    last = db.session.scalar(sa.select(sa.func.max(MinutesVersion.number)).where(MinutesVersion.draft_id == draft.id))
    version = MinutesVersion(
        meeting_id=meeting.id,
        draft_id=draft.id,
        number=(last or 0) + 1,
        snapshot=_snapshot(draft, meeting),
        author_id=actor.id,
    )
    db.session.add(version)
    db.session.flush()
    return version


def list_versions(actor, meeting: Meeting) -> list[MinutesVersion]:
    require_perm(actor, Perm.MINUTES_VIEW, meeting)
    return list(
        db.session.scalars(
            sa.select(MinutesVersion)
            .where(MinutesVersion.meeting_id == meeting.id)
            .order_by(MinutesVersion.number.desc())
        )
    )


def lock_draft(actor, meeting: Meeting) -> MinutesDraft:
    """Freeze the draft for signing."""
    require_perm(actor, Perm.MINUTES_EDIT, meeting)
    draft = get_draft(meeting)
    if draft is None:
        raise ValidationError(_("Chưa có bản dự thảo biên bản để khóa; hãy lưu bản dự thảo trước."))
    _refuse_if_frozen(meeting, draft)
    if not draft.number:
        raise ValidationError(_("Cần ghi số biên bản (ví dụ 15/BB-UBND) trước khi khóa để ký."))
    draft.state, draft.locked_at = MinutesState.locked, utcnow()
    db.session.flush()
    return draft


def unlock_draft(actor, meeting: Meeting) -> MinutesDraft:
    require_perm(actor, Perm.MINUTES_EDIT, meeting)
    draft = get_draft(meeting)
    if draft is None or draft.state == MinutesState.editing:
        raise ValidationError(_("Biên bản đang ở trạng thái soạn thảo."))
    if signature_count(meeting) > 0 or draft.state == MinutesState.signed:
        raise ValidationError(_("Biên bản đã có chữ ký số; không thể mở khóa."), status_code=409)
    draft.state, draft.locked_at = MinutesState.editing, None
    db.session.flush()
    if signature_count(meeting) > 0:  # signed while we looked (the write above now holds the row)
        raise ValidationError(_("Biên bản đã có chữ ký số; không thể mở khóa."), status_code=409)
    return draft


def preview_pdf(actor, meeting: Meeting) -> bytes:
    """The unsigned minutes as they would be signed now (for those who write or sign them), marked
    "DỰ THẢO" until they are signed."""
    if not has_perm(actor, Perm.MINUTES_SIGN, meeting):
        require_perm(actor, Perm.MINUTES_EDIT, meeting)
    draft = get_draft(meeting)
    return run_cpu_bound(
        render_minutes_pdf, minutes_document(meeting, draft, preview=True), draft.locked_at if draft else None
    )


# -- signing: meetings/services/minutes_signing.py (sign_minutes, re-exported) ---------------------
def signed_minutes_bytes(actor, meeting: Meeting):
    require_perm(actor, Perm.MINUTES_VIEW, meeting)
    record = minutes_records.latest_signed(meeting.id)
    if record is None:
        raise ValidationError(_("Cuộc họp chưa có biên bản đã ký."), status_code=404)
    return record, minutes_records.read_signed_revision(record)


# -- verification -----------------------------------------------------------------------------
def verify_minutes(actor, meeting: Meeting, data: bytes | None = None) -> tuple[VerificationReport, object]:
    """Verify an uploaded PDF (or, without one, the stored signed minutes) of a closed meeting.
    Returns the report and the stored revision the bytes are identical to, if any."""
    require_perm(actor, Perm.MINUTES_VIEW, meeting)
    if meeting.state != MeetingState.closed:
        raise ValidationError(_("Chỉ kiểm tra biên bản của cuộc họp đã kết thúc."))
    if data is None:
        record, data = signed_minutes_bytes(actor, meeting)
    else:
        record = minutes_records.known_revision(meeting.id, data)
    report = verify_bytes(data)
    _audit_verification(actor, f"meeting:{meeting.id}", data, report)
    return report, record


def verify_upload(actor, data: bytes) -> VerificationReport:
    """Archivists verify any minutes PDF, whatever meeting it comes from."""
    require_perm(actor, Perm.ARCHIVE_SEARCH)
    report = verify_bytes(data)
    _audit_verification(actor, "upload", data, report)
    return report


def _audit_verification(actor, target: str, data: bytes, report: VerificationReport) -> None:
    """The audit log keeps who verified which bytes (their SHA-256) and the verdict; the view commits."""
    audit.record(
        "minutes.verify", actor=actor, target=target, sha256=hashlib.sha256(data).hexdigest(), verdict=report.verdict
    )


def verify_bytes(data: bytes) -> VerificationReport:
    if not data:
        raise ValidationError(_("Chưa chọn tệp PDF cần kiểm tra."))
    if len(data) > MAX_VERIFY_BYTES:
        raise ValidationError(_("Tệp quá lớn để kiểm tra (tối đa 50 MB)."), status_code=413)
    if b"%PDF-" not in data[:1024]:
        raise ValidationError(_("Tệp không phải PDF."))
    return run_cpu_bound(verify_pdf, data, minutes_records.trust_roots_pem(), SIGNING_CHAIN)


from meetings.services.minutes_signing import sign_minutes  # noqa: E402, F401  (callers use minutes.*)
