"""Signing a written answer: the member's ballot ("PHIẾU LẤY Ý KIẾN", Decree 30 layout) as a PDF with
their answer and comment, signed PAdES with their own stored credential (the same stack as the minutes:
``documents.signing.sign_pdf``, ``minutes_records.signer_provider``), kept in the object store. The
report notes which answers were signed; anyone who may see the ballot's answers can verify the file."""

from __future__ import annotations

import uuid
from datetime import datetime, time

from flask import current_app
from flask_babel import force_locale, format_datetime
from flask_babel import gettext as _

from app.errors import NotFound, PermissionDenied, ValidationError
from app.extensions import db
from app.models.base import utcnow
from app.permissions import Perm, has_perm, require_opinion_ballot
from documents import official_layout as layout
from documents.official_spec import Letterhead, Para, nfc
from documents.offload import run_cpu_bound
from documents.signing import Appearance, SigningError, VerificationReport, sign_pdf, verify_pdf
from documents.storage import get_store
from meetings.localtime import LOCAL_TZ
from meetings.models import OpinionBallot, OpinionBallotRecipient
from meetings.services import minutes_records
from meetings.services.opinion_ballot_report import _issuer
from meetings.services.opinion_ballots import _refuse_if_not_open, local_text

FIELD = "ThanhVien"
MM = 72 / 25.4


def render_answer_pdf(ballot: OpinionBallot, row: OpinionBallotRecipient, when: datetime):
    """The ballot PDF and the box (0-based page, points) of the signature field to create."""
    issuer, place, parent = _issuer(ballot.host_body)
    head = Letterhead(
        issuer=issuer,
        parent=parent,
        number="",
        issued=when.astimezone(LOCAL_TZ).date(),
        place=place,
        author=ballot.body,
    )
    pdf = layout.OfficialPdf()
    pdf.set_title(nfc(f"Phiếu lấy ý kiến: {ballot.title}"))
    pdf.set_author(nfc(row.full_name))
    pdf.set_creator("phonghop – phiếu lấy ý kiến thành viên")
    pdf.set_lang("vi-VN")
    pdf.set_creation_date(datetime.combine(head.issued, time(8, 0), tzinfo=LOCAL_TZ))
    pdf.add_page()
    layout.draw_letterhead(pdf, head, False)
    layout.draw_title(pdf, "PHIẾU LẤY Ý KIẾN THÀNH VIÊN UBND", (f"về {ballot.title}",))
    blocks = (
        Para(f"Nội dung xin ý kiến: {ballot.question}"),
        Para(f"Dự thảo kèm theo: {ballot.draft_filename}."),
        Para(f"Mã SHA-256 của dự thảo: {ballot.draft_sha256}."),
        Para(f"Thành viên: **{row.full_name}** – {row.office}."),
        Para(f"Ý kiến: **{row.choice.label}**."),
        Para(f"Nội dung góp ý: {(row.comment or 'không có').rstrip('.')}."),
        Para(f"Thời điểm trả lời: {local_text(row.answered_at)} (giờ Việt Nam)."),
    )
    layout.draw_body(pdf, blocks)
    if pdf.get_y() + 45 > pdf.h - 20:
        pdf.add_page()
    top = pdf.get_y() + 8
    left, width, height = 110.0, 85.0, 32.0
    box = (left * MM, (pdf.h - top - height) * MM, (left + width) * MM, (pdf.h - top) * MM)
    return bytes(pdf.output()), (pdf.page_no() - 1, box)


def sign_answer(actor, ballot: OpinionBallot, passphrase: str, *, now: datetime | None = None):
    """Sign ``actor``'s current answer; changing the answer later drops the signature (it no longer
    says what the member answered), so a signed answer is the last one sent."""
    now = now or utcnow()
    require_opinion_ballot(actor, ballot)
    row = ballot.recipient_of(actor)
    if row is None:
        raise PermissionDenied()
    _refuse_if_not_open(ballot, now)
    if not row.answered:
        raise ValidationError(_("Hãy gửi ý kiến trước khi ký số phiếu."))
    if not passphrase:
        raise ValidationError(_("Cần nhập mật khẩu chứng thư số để ký."))
    provider = minutes_records.signer_provider(actor)
    with force_locale("vi"):
        pdf, (page, box) = render_answer_pdf(ballot, row, now)
    appearance = Appearance(row.full_name, row.office or _("Thành viên UBND"), format_datetime(now, "HH:mm dd/MM/yyyy"))
    try:
        signer = provider.open(passphrase)
        signed = run_cpu_bound(
            sign_pdf,
            pdf,
            signer,
            FIELD,
            appearance,
            reason=_("Ký phiếu lấy ý kiến thành viên"),
            location=ballot.body,
            tsa_url=current_app.config.get("TSA_URL") or None,
            new_field=(page, box),
        )
    except SigningError as exc:
        raise ValidationError(str(exc)) from exc
    key = f"opinion-ballots/{ballot.id}/answers/{row.user_id}-{uuid.uuid4().hex}.pdf"
    import io

    put = get_store().put_stream(key, io.BytesIO(signed), length=len(signed), content_type="application/pdf")
    row.signed_key, row.signed_sha256, row.signed_at = key, put.sha256, now
    db.session.flush()
    return row


def signed_answer(actor, ballot: OpinionBallot, user_id: int) -> tuple[OpinionBallotRecipient, bytes]:
    """A signed answer: its member, or — once closed — whoever may see the ballot (the secretariat
    also while open: a signed file is the member's statement, like the answer it carries)."""
    require_opinion_ballot(actor, ballot)
    row = next((r for r in ballot.recipients if r.user_id == user_id), None)
    mine = row is not None and row.user_id == actor.id
    allowed = mine or ballot.state.value == "closed" or has_perm(actor, Perm.OPINION_BALLOT_MANAGE)
    if row is None or not row.signed_key or not allowed:
        raise NotFound()
    return row, get_store().read_bytes(row.signed_key)


def verify_answer(actor, ballot: OpinionBallot, user_id: int) -> VerificationReport:
    _row, data = signed_answer(actor, ballot, user_id)
    return run_cpu_bound(verify_pdf, data, minutes_records.trust_roots_pem())
