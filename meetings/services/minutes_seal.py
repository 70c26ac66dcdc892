"""The agency seal ("Đóng dấu cơ quan"): after the secretary and the chair have signed, the văn thư
(the archivist role, "văn thư / lưu trữ", who keeps the seal under Decree 30/2020) may add the seal
of the meeting's body as a third PAdES signature, through the same signing path (documents/signing.py)
as an incremental update: the two signatures stay valid.
Optional: minutes are complete with two signatures; the seal comes last and only once."""

from __future__ import annotations

from flask import current_app
from flask_babel import format_datetime
from flask_babel import gettext as _

from app import audit
from app.errors import ValidationError
from app.models.base import utcnow
from app.permissions import Perm, has_perm, require_perm
from documents.minutes_pdf import SEAL_FIELD, seal_box
from documents.offload import run_cpu_bound
from documents.signing import Appearance, SigningError, sign_pdf
from meetings.models import Meeting, MeetingState, MinutesState
from meetings.services import minutes_records
from meetings.services.minutes import SIGNING_ORDER, get_draft, signature_count

SEALED_COUNT = len(SIGNING_ORDER) + 1


def is_sealed(meeting: Meeting) -> bool:
    return signature_count(meeting) >= SEALED_COUNT


def may_seal_now(actor, meeting: Meeting) -> bool:
    draft = get_draft(meeting)
    return (
        has_perm(actor, Perm.MINUTES_SEAL, meeting)
        and draft is not None
        and draft.state == MinutesState.signed
        and signature_count(meeting) == len(SIGNING_ORDER)
    )


def seal_minutes(actor, meeting: Meeting, passphrase: str):
    """Add the seal of ``meeting.body`` to the fully signed minutes; returns the new stored revision."""
    require_perm(actor, Perm.MINUTES_SEAL, meeting)
    if meeting.state != MeetingState.closed:
        raise ValidationError(_("Chỉ đóng dấu biên bản sau khi cuộc họp đã kết thúc."))
    count = signature_count(meeting)
    if count >= SEALED_COUNT:
        raise ValidationError(_("Biên bản đã được đóng dấu cơ quan."), status_code=409)
    draft = get_draft(meeting)
    if count < len(SIGNING_ORDER) or draft is None or draft.state != MinutesState.signed:
        raise ValidationError(_("Chỉ đóng dấu sau khi thư ký và chủ tọa đã ký biên bản."), status_code=409)
    if not passphrase:
        raise ValidationError(_("Cần nhập mật khẩu chứng thư số của dấu cơ quan."))
    provider = minutes_records.seal_provider(meeting.body)
    base = minutes_records.read_signed_revision(minutes_records.latest_signed(meeting.id))
    box = run_cpu_bound(seal_box, base)
    appearance = Appearance(
        meeting.body,
        _("Dấu cơ quan – văn thư %(name)s", name=actor.full_name),
        format_datetime(utcnow(), "HH:mm dd/MM/yyyy"),
    )
    try:
        signer = provider.open(passphrase)
        signed = run_cpu_bound(
            sign_pdf,
            base,
            signer,
            SEAL_FIELD,
            appearance,
            reason=_("Đóng dấu cơ quan"),
            location=meeting.body,
            tsa_url=current_app.config.get("TSA_URL") or None,
            new_field=(box.page, box.box),
        )
    except SigningError as exc:
        raise ValidationError(str(exc)) from exc
    record = minutes_records.store_signed_revision(meeting.id, signed, count + 1, actor.id)
    audit.record("minutes.seal", actor=actor, target=f"meeting:{meeting.id}", sha256=record.sha256)
    return record
