"""Signing a written answer: the member's ballot ("PHIẾU LẤY Ý KIẾN", Decree 30 layout) as a PDF with
their answer and comment, signed PAdES with their own stored credential (the same stack as the minutes:
``documents.signing.sign_pdf``, ``minutes_records.signer_provider``), kept in the object store. The
report notes which answers were signed; anyone who may see the ballot's answers can verify the file."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
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
from meetings.services.opinion_ballot_answers import claim_open, refuse_unless_open_now
from meetings.services.opinion_ballot_report import _issuer
from meetings.services.opinion_ballots import local_text

FIELD = "ThanhVien"
MM = 72 / 25.4


@dataclass(frozen=True)
class AnswerSheet:
    """What a member's ballot PDF states: plain values, read before the transaction ends."""

    issuer: tuple[str, ...]
    place: str
    parent: tuple[str, ...]
    body: str
    title: str
    question: str
    draft_filename: str
    draft_sha256: str
    full_name: str
    office: str
    choice_label: str  # in Vietnamese: the ballot is an official document
    comment: str
    answered_at: datetime
    signed_on: datetime  # the letterhead's date


def render_answer_pdf(sheet: AnswerSheet):
    """The ballot PDF and the box (0-based page, points) of the signature field to create."""
    head = Letterhead(
        issuer=sheet.issuer,
        parent=sheet.parent,
        number="",
        issued=sheet.signed_on.astimezone(LOCAL_TZ).date(),
        place=sheet.place,
        author=sheet.body,
    )
    pdf = layout.OfficialPdf()
    pdf.set_title(nfc(f"Phiếu lấy ý kiến: {sheet.title}"))
    pdf.set_author(nfc(sheet.full_name))
    pdf.set_creator("phonghop – phiếu lấy ý kiến thành viên")
    pdf.set_lang("vi-VN")
    pdf.set_creation_date(datetime.combine(head.issued, time(8, 0), tzinfo=LOCAL_TZ))
    pdf.add_page()
    layout.draw_letterhead(pdf, head, False)
    layout.draw_title(pdf, "PHIẾU LẤY Ý KIẾN THÀNH VIÊN UBND", (f"về {sheet.title}",))
    blocks = (
        Para(f"Nội dung xin ý kiến: {sheet.question}"),
        Para(f"Dự thảo kèm theo: {sheet.draft_filename}."),
        Para(f"Mã SHA-256 của dự thảo: {sheet.draft_sha256}."),
        Para(f"Thành viên: **{sheet.full_name}** – {sheet.office}."),
        Para(f"Ý kiến: **{sheet.choice_label}**."),
        Para(f"Nội dung góp ý: {(sheet.comment or 'không có').rstrip('.')}."),
        Para(f"Thời điểm trả lời: {local_text(sheet.answered_at)} (giờ Việt Nam)."),
    )
    layout.draw_body(pdf, blocks)
    if pdf.get_y() + 45 > pdf.h - 20:
        pdf.add_page()
    top = pdf.get_y() + 8
    left, width, height = 110.0, 85.0, 32.0
    box = (left * MM, (pdf.h - top - height) * MM, (left + width) * MM, (pdf.h - top) * MM)
    return bytes(pdf.output()), (pdf.page_no() - 1, box)


def _render_and_sign(sheet: AnswerSheet, signer, appearance: Appearance, reason: str, location: str, tsa_url):
    """Render, then sign (one trip to the thread pool under gevent; no database)."""
    pdf, (page, box) = render_answer_pdf(sheet)
    return sign_pdf(
        pdf, signer, FIELD, appearance, reason=reason, location=location, tsa_url=tsa_url, new_field=(page, box)
    )


@dataclass(frozen=True)
class _SigningPlan:
    """What one signed answer needs, read before the transaction ends (the model:
    meetings/services/minutes_signing.py)."""

    ballot_id: int
    row_id: int
    user_id: int
    now: datetime
    as_read: tuple  # the row's (choice, comment, answered_at, signed_sha256) when read: unchanged at the record
    answer: tuple | None  # (choice, comment) recorded with the signature (answer_ballot); None: the recorded one
    sheet: AnswerSheet
    provider: object  # the member's credential (the PKCS#12, opened with the passphrase when signing)
    appearance: Appearance
    reason: str
    location: str


def sign_answer(actor, ballot: OpinionBallot, passphrase: str, *, now: datetime | None = None):
    """Sign ``actor``'s recorded answer; changing the answer later drops the signature (it no longer
    says what the member answered), so a signed answer is the last one sent. See ``_sign`` for the steps;
    an answer changed meanwhile (another tab) refuses with 409 and keeps nothing."""
    now = now or utcnow()
    require_opinion_ballot(actor, ballot)
    row = ballot.recipient_of(actor)
    if row is None:
        raise PermissionDenied()
    refuse_unless_open_now(ballot, now)
    db.session.refresh(row)
    if not row.answered:
        raise ValidationError(_("Hãy gửi ý kiến trước khi ký số phiếu."))
    return _sign(_plan(actor, ballot, row, passphrase, now, None), passphrase)


def answer_and_sign(
    actor, ballot: OpinionBallot, row: OpinionBallotRecipient, choice, comment: str, passphrase: str, *, now
):
    """``answer_ballot`` with a passphrase (it has checked the ballot and the answer): the ballot PDF
    states the new answer, and the answer is recorded with its signature in one short write — a wrong
    passphrase records nothing."""
    db.session.refresh(row)
    return _sign(_plan(actor, ballot, row, passphrase, now, (choice, comment)), passphrase)


def _plan(actor, ballot: OpinionBallot, row: OpinionBallotRecipient, passphrase: str, now, answer) -> _SigningPlan:
    if not passphrase:
        raise ValidationError(_("Cần nhập mật khẩu chứng thư số để ký."))
    provider = minutes_records.signer_provider(actor)
    issuer, place, parent = _issuer(ballot.host_body)
    choice, comment = answer if answer is not None else (row.choice, row.comment)
    with force_locale("vi"):
        label = choice.label
    sheet = AnswerSheet(
        issuer=issuer,
        place=place,
        parent=parent,
        body=ballot.body,
        title=ballot.title,
        question=ballot.question,
        draft_filename=ballot.draft_filename,
        draft_sha256=ballot.draft_sha256,
        full_name=row.full_name,
        office=row.office,
        choice_label=label,
        comment=comment,
        answered_at=now if answer is not None else row.answered_at,
        signed_on=now,
    )
    return _SigningPlan(
        ballot_id=ballot.id,
        row_id=row.id,
        user_id=row.user_id,
        now=now,
        as_read=(row.choice, row.comment, row.answered_at, row.signed_sha256),
        answer=answer,
        sheet=sheet,
        provider=provider,
        appearance=Appearance(
            row.full_name, row.office or _("Thành viên UBND"), format_datetime(now, "HH:mm dd/MM/yyyy")
        ),
        reason=_("Ký phiếu lấy ý kiến thành viên"),
        location=ballot.body,
    )


def _sign(plan: _SigningPlan, passphrase: str) -> OpinionBallotRecipient:
    """Three steps, so that no database transaction is open during the seconds of rendering and signing
    (SQLite: the whole database's write lock, which under gevent stalls the live rooms; PostgreSQL: the
    ballot's row lock): (1) check and read (``_plan``), then END the transaction (this commits the
    session); (2) render, sign and put the object in the store, touching no database; (3) the short
    write: claim the ballot's row (``claim_open``: still open, so no close slips in before the commit),
    check that the member's answer is still the one read in (1), and record. What changed meanwhile is
    refused with 409 and the signed object discarded: a signed ballot states the member's last answer.
    The caller commits."""
    db.session.commit()  # nothing of ours is pending: this ends the reading transaction
    try:
        signer = plan.provider.open(passphrase)
        signed = run_cpu_bound(
            _render_and_sign,
            plan.sheet,
            signer,
            plan.appearance,
            plan.reason,
            plan.location,
            current_app.config.get("TSA_URL") or None,
        )
    except SigningError as exc:
        raise ValidationError(str(exc)) from exc
    key = f"opinion-ballots/{plan.ballot_id}/answers/{plan.user_id}-{uuid.uuid4().hex}.pdf"
    put = get_store().put_stream(key, io.BytesIO(signed), length=len(signed), content_type="application/pdf")
    try:
        return _record(plan, key, put.sha256)
    except BaseException:
        get_store().delete(key)
        raise


def _record(plan: _SigningPlan, key: str, sha256: str) -> OpinionBallotRecipient:
    claim_open(plan.ballot_id, plan.now)
    row = db.session.get(OpinionBallotRecipient, plan.row_id)
    db.session.refresh(row)  # as the database holds it, under the claim
    if (row.choice, row.comment, row.answered_at, row.signed_sha256) != plan.as_read:
        raise ValidationError(
            _(
                "Ý kiến của bạn vừa được thay đổi (ở một cửa sổ hoặc thiết bị khác) trong lúc ký; "
                "chữ ký chưa được lưu. Vui lòng tải lại trang."
            ),
            status_code=409,
        )
    if plan.answer is not None:
        row.choice, row.comment = plan.answer
        row.answered_at = plan.now
    row.signed_key, row.signed_sha256, row.signed_at = key, sha256, plan.now
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
