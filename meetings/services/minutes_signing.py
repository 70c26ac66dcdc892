"""Signing the minutes (secretary first, then chair), without holding a database transaction while the
PDF is rendered and signed (issue 11; docs/performance.md, "Signing minutes"). ``sign_minutes`` is
re-exported by meetings/services/minutes.py, where callers find it."""

from __future__ import annotations

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
from app.permissions import Perm, require_perm
from documents.minutes_pdf import render_minutes_pdf
from documents.offload import run_cpu_bound
from documents.signing import Appearance, SigningError, sign_pdf
from meetings.models import Meeting, MeetingRole, MeetingState, MinutesDraft, MinutesState
from meetings.services import minutes_records
from meetings.services.minutes_reading import SIGNING_ORDER, get_draft, minutes_document


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
    signed_at: datetime | None = None  # None: now (only the demo seed's replayed history sets a time)


def sign_minutes(actor, meeting: Meeting, passphrase: str, *, signed_at: datetime | None = None):
    """Add ``actor``'s signature (secretary first, then chair) as an incremental update.

    Three steps, so that no database transaction (SQLite: the whole database's write lock; PostgreSQL:
    the audit chain's head row) is open during the seconds of rendering and signing, which would
    stall every page turn of the room: (1) check and read what is needed, then END the transaction
    (this commits the session); (2) render, sign and put the object in the store, touching no
    database; (3) in a short write, check again that the minutes are still locked as they were and
    that nobody signed meanwhile, then record the revision. If
    something changed in between, the signature is not kept (its object is discarded) and the signer
    is told to reload: never two signatures in one slot, never a signature over content that changed.
    The caller commits the recorded revision.

    ``signed_at`` (aware) replays a signature made in the past — the demo seed's March-2020 minutes:
    it is the time in the PDF (/M, the visible stamp), of the revision's row and of the audit entry,
    and must fall after the lock and the previous signature, and within the certificate's validity.
    It is for server-side code replaying recorded history only: no route, form, API or socket may
    pass it (a signature made through them is dated now)."""
    plan = _plan_signature(actor, meeting, passphrase, signed_at)
    db.session.commit()  # nothing of ours is pending: this ends the reading transaction
    key, stored = _sign_and_store(plan, passphrase)
    try:
        return _record_signature(plan, key, stored)
    except BaseException:
        minutes_records.discard_signed_object(key)
        raise


def _plan_signature(actor, meeting: Meeting, passphrase: str, signed_at: datetime | None = None) -> _SigningPlan:
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
    if signed_at is not None:
        _check_replayed_time(signed_at, draft.locked_at, latest.created_at if latest else None)
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
        appearance=Appearance(actor.full_name, title, format_datetime(signed_at or utcnow(), "HH:mm dd/MM/yyyy")),
        location=meeting.body,
        complete=count + 1 == len(SIGNING_ORDER),
        index_title=_("Biên bản: %(title)s", title=meeting.title),
        index_text=minutes_document(meeting, draft).plain_text() if count + 1 == len(SIGNING_ORDER) else None,
        signed_at=signed_at,
    )


def _check_replayed_time(signed_at: datetime, locked_at: datetime | None, previous: datetime | None) -> None:
    """A replayed signature keeps the order of events: after the lock and the signature before it, not
    in the future. A programming error, not a user's (no user gives the time)."""
    if signed_at.tzinfo is None:
        raise ValueError("signed_at must be timezone-aware")
    if signed_at > utcnow() or (locked_at and signed_at < locked_at) or (previous and signed_at < previous):
        raise ValueError(f"signed_at {signed_at.isoformat()} is not after the lock and the previous signature")


def _sign_and_store(plan: _SigningPlan, passphrase: str):
    """Step (2): the signed revision, put in the store; returns its key and what the store kept.
    The CPU (render, signature) runs in the job worker's process when one is there to take it
    (meetings/services/minutes_signing_job.py: the server's event loop keeps its core), else here
    on the server's thread pool."""
    from meetings.services import minutes_signing_job

    reason, tsa_url = _("Ký biên bản cuộc họp"), current_app.config.get("TSA_URL") or None
    done = minutes_signing_job.sign_in_worker(plan, passphrase, reason, tsa_url)
    if done is not None:
        return done
    signed = produce_signature(plan, passphrase, reason, tsa_url)
    return minutes_records.put_signed_object(plan.meeting_id, signed, plan.count + 1)


def produce_signature(plan: _SigningPlan, passphrase: str, reason: str, tsa_url: str | None) -> bytes:
    """The signed bytes; no database (the server's thread pool, or the job worker)."""
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
            reason=reason,
            location=plan.location,
            tsa_url=tsa_url,
            signing_time=plan.signed_at,
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
    record = minutes_records.record_signed_revision(
        plan.meeting_id, key, stored, plan.count + 1, plan.actor_id, created_at=plan.signed_at
    )
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
