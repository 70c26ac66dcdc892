"""Minutes: the draft assembled from the meeting, edited by the secretary, versioned, locked,
signed (secretary first, then chair) and verified.

Speakers and votes slot in through :func:`minutes_document`: each agenda item's
:class:`~documents.minutes_pdf.MinutesItem` is where their lines go (who spoke and how long:
meetings/services/minutes_speeches.py; closed votes: meetings/services/minutes_floor.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import format_datetime
from flask_babel import gettext as _

from app import audit
from app.errors import ValidationError
from app.extensions import db
from app.models import User
from app.models.base import utcnow
from app.permissions import Perm, has_perm, require_perm
from app.text import clean_line, clean_multiline
from documents.minutes_pdf import SIGNING_CHAIN, render_minutes_pdf
from documents.offload import run_cpu_bound
from documents.signing import Appearance, SigningError, VerificationReport, sign_pdf, verify_pdf
from meetings.models import (
    AgendaConclusion,
    AttendanceRecord,
    AttendanceStatus,
    Meeting,
    MeetingRole,
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


# -- signing ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class _SigningPlan:
    """What one signature needs, read from the database before the transaction ends: plain values
    only, so rendering and signing never touch the session (nor hold SQLite's write lock)."""

    meeting_id: int
    actor_id: int
    draft_id: int
    locked_at: datetime | None
    count: int  # signatures already there
    field: str
    document: object | None  # the MinutesDocument to render (first signature), else None
    base_key: str | None  # the stored revision to add to (later signatures)
    base_sha256: str | None
    provider: object  # the signer's credential (the PKCS#12, opened with the passphrase when signing)
    appearance: Appearance
    location: str
    complete: bool  # this signature is the last one of SIGNING_ORDER
    index_title: str
    index_text: str | None  # for the archive's search index, with the last signature


def sign_minutes(actor, meeting: Meeting, passphrase: str):
    """Add ``actor``'s signature (secretary first, then chair) as an incremental update.

    Three steps, so that no database transaction (SQLite: the whole database's write lock; PostgreSQL:
    the audit chain's head row) is open during the seconds of rendering and signing, which would
    stall every page turn of the room: (1) check and read what is needed, then END the transaction
    (this commits the session); (2) render, sign and put the object in the store, touching no
    database; (3) in a short write, check again that the minutes
    are still locked as they were and that nobody signed meanwhile, then record the revision. If
    something changed in between, the signature is not kept (its object is discarded) and the signer
    is told to reload: never two signatures in one slot, never a signature over content that changed.
    The caller commits the recorded revision."""
    plan = _plan_signature(actor, meeting, passphrase)
    db.session.commit()  # nothing of ours is pending: this ends the reading transaction
    signed = _produce_signature(plan, passphrase)
    key, stored = minutes_records.put_signed_object(plan.meeting_id, signed, plan.count + 1)
    try:
        return _record_signature(plan, key, stored)
    except BaseException:
        minutes_records.discard_signed_object(key)
        raise


def _plan_signature(actor, meeting: Meeting, passphrase: str) -> _SigningPlan:
    require_perm(actor, Perm.MINUTES_SIGN, meeting)
    if meeting.state != MeetingState.closed:
        raise ValidationError(_("Chỉ ký biên bản sau khi cuộc họp đã kết thúc."))
    draft = get_draft(meeting)
    if draft is None or draft.state == MinutesState.editing:
        raise ValidationError(_("Biên bản chưa được khóa; thư ký cần khóa bản dự thảo trước khi ký."))
    if draft.state == MinutesState.signed:
        raise ValidationError(_("Biên bản đã được ký đủ."), status_code=409)
    latest = minutes_records.latest_signed(meeting.id)
    count = latest.signatures if latest else 0
    role, field = SIGNING_ORDER[count]
    my_role = meeting.role_of(actor)
    if my_role != role:
        if my_role == MeetingRole.chair:
            raise ValidationError(_("Thư ký ký trước; chủ tọa ký sau khi thư ký đã ký."), status_code=409)
        raise ValidationError(_("Bạn đã ký biên bản này hoặc không phải lượt ký của bạn."), status_code=409)
    if not passphrase:
        raise ValidationError(_("Cần nhập mật khẩu chứng thư số để ký."))
    provider = minutes_records.signer_provider(actor)
    title = _("Thư ký") if role == MeetingRole.secretary else _("Chủ tọa")
    if actor.position:
        title = f"{title} – {actor.position}"
    return _SigningPlan(
        meeting_id=meeting.id,
        actor_id=actor.id,
        draft_id=draft.id,
        locked_at=draft.locked_at,
        count=count,
        field=field,
        document=minutes_document(meeting, draft) if count == 0 else None,
        base_key=latest.object_key if latest else None,
        base_sha256=latest.sha256 if latest else None,
        provider=provider,
        appearance=Appearance(actor.full_name, title, format_datetime(utcnow(), "HH:mm dd/MM/yyyy")),
        location=meeting.body,
        complete=count + 1 == len(SIGNING_ORDER),
        index_title=_("Biên bản: %(title)s", title=meeting.title),
        index_text=minutes_document(meeting, draft).plain_text() if count + 1 == len(SIGNING_ORDER) else None,
    )


def _produce_signature(plan: _SigningPlan, passphrase: str) -> bytes:
    """The signed bytes; no database."""
    if plan.document is not None:
        base = run_cpu_bound(render_minutes_pdf, plan.document, plan.locked_at)
    else:
        base = minutes_records.read_object(plan.base_key, plan.base_sha256)
    try:
        signer = plan.provider.open(passphrase)
        signed = run_cpu_bound(
            sign_pdf,
            base,
            signer,
            plan.field,
            plan.appearance,
            reason=_("Ký biên bản cuộc họp"),
            location=plan.location,
            tsa_url=current_app.config.get("TSA_URL") or None,
        )
    except SigningError as exc:
        raise ValidationError(str(exc)) from exc
    return signed


def _record_signature(plan: _SigningPlan, key: str, stored):
    """The short write: the minutes must still be locked as they were read, with the same signatures.
    The draft's row is claimed first (a conditional UPDATE: SQLite's write lock, PostgreSQL's row
    lock), so an unlock or another signature cannot slip in between this check and the commit."""
    claimed = db.session.execute(
        sa.update(MinutesDraft)
        .where(
            MinutesDraft.id == plan.draft_id,
            MinutesDraft.state == MinutesState.locked,
            MinutesDraft.locked_at == plan.locked_at,
        )
        .values(state=MinutesState.locked)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not claimed:
        raise ValidationError(
            _("Biên bản vừa được mở khóa hoặc thay đổi trong lúc ký; chữ ký chưa được lưu. Vui lòng tải lại trang."),
            status_code=409,
        )
    latest = minutes_records.latest_signed(plan.meeting_id)
    if (latest.signatures if latest else 0) != plan.count:
        raise ValidationError(_("Biên bản vừa được ký bởi người khác; vui lòng tải lại trang."), status_code=409)
    record = minutes_records.record_signed_revision(plan.meeting_id, key, stored, plan.count + 1, plan.actor_id)
    meeting = db.session.get(Meeting, plan.meeting_id)
    actor = db.session.get(User, plan.actor_id)
    audit.record(
        "minutes.sign", actor=actor, target=f"meeting:{meeting.id}", signature=plan.count + 1, sha256=record.sha256
    )
    if plan.complete:
        db.session.get(MinutesDraft, plan.draft_id).state = MinutesState.signed
        _index_text(meeting, plan.index_title, plan.index_text)
    db.session.flush()
    return record


def _index_text(meeting: Meeting, title: str, text: str) -> None:
    from meetings.archive.search_index import index_source

    index_source("minutes", meeting.id, meeting.id, title, text)


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
