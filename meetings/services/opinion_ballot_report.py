"""What closing a written opinion ballot computes: the result under the ballot's rules, the SHA-256 of its
answers, and the report "Báo cáo tổng hợp kết quả lấy ý kiến thành viên UBND" (Decree 30 layout, Noto
fonts) and its text for the archive's search index. The close itself — read, render outside any
transaction, record in a short write — is meetings/services/opinion_ballot_closing.py. Reading the
draft and the report: permission, access log, the reader's watermark."""

from __future__ import annotations

import io
import logging
import tempfile
from dataclasses import dataclass
from datetime import datetime, time
from typing import BinaryIO

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _

from app.extensions import db
from app.permissions import require_opinion_ballot
from documents import official_layout as layout
from documents.official_spec import Column, DocumentSpec, Heading, Letterhead, Para, Signature, Table, nfc
from documents.offload import run_cpu_bound
from documents.pdf import inspect_pdf
from documents.storage import get_store
from documents.watermark import Stamp, stamp_pdf
from meetings.floor_rules import FloorRules
from meetings.localtime import LOCAL_TZ
from meetings.models import AccessAction, AccessLog, OpinionBallot, OpinionBallotRecipient, OpinionChoice
from meetings.notices import Notice, notice
from meetings.services.documents.audit import Client

log = logging.getLogger(__name__)
REPORT_TITLE = "Báo cáo tổng hợp kết quả lấy ý kiến thành viên UBND"


def _local(value: datetime) -> str:
    return value.astimezone(LOCAL_TZ).strftime("%H:%M %d/%m/%Y")


@dataclass(frozen=True)
class AnswerFacts:
    """One recipient's answer as the database holds it, read with a plain SELECT (never the session's
    possibly older objects): what the close counts, hashes and prints, and compares again before it
    records the result. Same attribute names as ``OpinionBallotRecipient``."""

    user_id: int
    full_name: str
    office: str
    choice: OpinionChoice | None
    comment: str
    answered_at: datetime | None
    signed_sha256: str | None

    @property
    def answered(self) -> bool:
        return self.choice is not None


def answer_facts(ballot_id: int) -> tuple[AnswerFacts, ...]:
    """The recipients' answers in the ballot's order (``OpinionBallot.recipients``)."""
    r = OpinionBallotRecipient
    rows = db.session.execute(
        sa.select(r.user_id, r.full_name, r.office, r.choice, r.comment, r.answered_at, r.signed_sha256)
        .where(r.ballot_id == ballot_id)
        .order_by(r.position)
    ).all()
    return tuple(AnswerFacts(*row) for row in rows)


def answers_document(ballot: OpinionBallot, answers=None) -> dict:
    """What the hash covers: the question, the rules, every recipient and their answer (``answers``:
    ``answer_facts``; by default the session's ``ballot.recipients``)."""
    answers = ballot.recipients if answers is None else answers
    return {
        "ballot": ballot.id,
        "title": ballot.title,
        "question": ballot.question,
        "body": ballot.body,
        "deadline": ballot.deadline.isoformat(),
        "rules": ballot.rules,
        "draft_sha256": ballot.draft_sha256,
        "answers": [
            {
                "user_id": r.user_id,
                "name": r.full_name,
                "office": r.office,
                "choice": r.choice.value if r.choice else None,
                "comment": r.comment,
                "answered_at": r.answered_at.isoformat() if r.answered_at else None,
                "signed_sha256": r.signed_sha256,
            }
            for r in answers
        ],
    }


def tally(ballot: OpinionBallot, answers=None) -> dict:
    """Đồng ý counts in favour; the majority basis is the rules' (all members asked by default)."""
    answers = ballot.recipients if answers is None else answers
    rules = FloorRules.from_dict(ballot.rules)
    counts = {c.value: 0 for c in OpinionChoice}
    for r in answers:
        if r.choice is not None:
            counts[r.choice.value] += 1
    total = len(answers)
    answered = sum(counts.values())
    decision = rules.decide(
        in_favour=counts["agree"],
        against=counts["disagree"],
        abstain=counts["other"],
        total_members=total,
        present=answered,
    )
    with force_locale("vi"):
        unit = _("phiếu") if decision.basis_kind.value == "votes_cast" else _("thành viên")
        verdict = _("Thông qua") if decision.passed else _("Không thông qua")
        summary = _(
            "Đồng ý %(n)s/%(basis)s %(unit)s (%(percent)s) — %(verdict)s",
            n=decision.in_favour,
            basis=decision.basis,
            unit=unit,
            percent=decision.percent_text,
            verdict=verdict,
        )
        rule = _("%(threshold)s %(basis)s đồng ý", threshold=rules.majority.text, basis=rules.majority_basis.label)
    return {
        "counts": counts,
        "total": total,
        "answered": answered,
        "not_answered": total - answered,
        "signed": sum(1 for r in answers if r.signed_sha256),
        "passed": decision.passed,
        "basis": decision.basis,
        "basis_kind": decision.basis_kind.value,
        "required": decision.required,
        "percent": decision.percent_text,
        "summary": summary,
        "rule": rule,
    }


def result_summary(result: dict) -> Notice:
    """The result's one line in the reader's language (``.render()``), rebuilt from the stored
    numbers: ``result["summary"]`` is the record's Vietnamese, as the signed report states it."""
    return notice(
        "Đồng ý %(n)s/%(basis)s %(unit)s (%(percent)s) — %(verdict)s",
        n=result["counts"]["agree"],
        basis=result["basis"],
        unit=notice("phiếu") if result.get("basis_kind") == "votes_cast" else notice("thành viên"),
        percent=result["percent"],
        verdict=notice("Thông qua") if result["passed"] else notice("Không thông qua"),
    )


# -- the report -------------------------------------------------------------------------------
def _issuer(body) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    """The letterhead of a ``Body`` (Decree 30/2020): ("ỦY BAN NHÂN DÂN", "XÃ MỸ THỌ"), the place
    "Mỹ Thọ", and the governing body above it, ("UBND TỈNH ĐỒNG THÁP",) for a commune under a province
    (nothing for a province or a body without a parent)."""
    name = (getattr(body, "name", body) or "").strip()
    for prefix in ("UBND ", "Ủy ban nhân dân ", "ỦY BAN NHÂN DÂN "):
        if name.startswith(prefix):
            name = name[len(prefix) :]
    place = name
    for level in ("tỉnh ", "thành phố ", "xã ", "phường ", "đặc khu ", "huyện "):
        if place.lower().startswith(level):
            place = place[len(level) :]
    parent = getattr(body, "parent", None)
    above = (parent.name.upper().replace("ỦY BAN NHÂN DÂN ", "UBND "),) if parent is not None else ()
    return ("ỦY BAN NHÂN DÂN", name.upper()), place or name, above


def report_spec(ballot: OpinionBallot, answers, result: dict, closed_at: datetime, answers_sha256: str) -> DocumentSpec:
    """The report's content as plain data (rendered later, outside any transaction)."""
    issuer, place, parent = _issuer(ballot.host_body)
    asker = ballot.created_by.full_name if ballot.created_by else ""
    rows = []
    for n, r in enumerate(answers, 1):
        answer = r.choice.label if r.choice else "Không trả lời"
        if r.signed_sha256:
            answer += " (đã ký số)"
        rows.append(
            (str(n), r.full_name, r.office, answer, r.comment or "", _local(r.answered_at) if r.answered_at else "")
        )
    missing = [r.full_name for r in answers if r.choice is None]
    counts = result["counts"]
    body = (
        Para(
            f"Ngày {ballot.created_at.astimezone(LOCAL_TZ).strftime('%d/%m/%Y')}, Văn phòng đã gửi phiếu lấy ý kiến "
            f"thành viên {ballot.body} về «{ballot.title}». Nội dung xin ý kiến: {ballot.question} "
            f"Hạn trả lời: {_local(ballot.deadline)} (giờ Việt Nam)."
        ),
        Heading("I. THÀNH VIÊN ĐƯỢC LẤY Ý KIẾN VÀ Ý KIẾN TRẢ LỜI"),
        Table(
            columns=(
                Column("STT", 0.7, "C"),
                Column("Họ và tên", 1.7),
                Column("Chức vụ", 2.0),
                Column("Ý kiến", 1.3),
                Column("Nội dung góp ý", 2.1),
                Column("Thời điểm trả lời", 1.6, "C"),
            ),
            rows=tuple(rows),
        ),
        Heading("II. KẾT QUẢ TỔNG HỢP"),
        Para(
            f"Số thành viên được lấy ý kiến: {result['total']}; đã trả lời: {result['answered']}; "
            f"không trả lời: {result['not_answered']}."
        ),
        Para(
            f"Đồng ý: {counts['agree']}; Không đồng ý: {counts['disagree']}; Ý kiến khác: {counts['other']}. "
            f"Số phiếu có chữ ký số: {result['signed']}."
        ),
        Para("Thành viên không trả lời: " + (", ".join(missing) if missing else "không có") + "."),
        Para(f"Quy tắc áp dụng: nội dung được thông qua khi có {result['rule']}."),
        Para(f"**Kết quả: {result['summary']}.**"),
        Para("Mã SHA-256 của các phiếu trả lời (để đối chiếu):"),
        Para(f"{answers_sha256[:32]} {answers_sha256[32:]}"),  # two halves: fits the line
    )
    return DocumentSpec(
        letterhead=Letterhead(
            issuer=issuer,
            parent=parent,
            number="Số:         /BC-UBND",
            issued=closed_at.astimezone(LOCAL_TZ).date(),
            place=place,
            author=ballot.body,
        ),
        kind="BÁO CÁO",
        subject=("Tổng hợp kết quả lấy ý kiến thành viên UBND", f"về {ballot.title}"),
        body=body,
        recipients=("Chủ tịch, các Phó Chủ tịch UBND;", "Các thành viên UBND;", "Lưu: VT."),
        signature=Signature(capacity=("NGƯỜI TỔNG HỢP",), name=asker),
    )


def render_report(spec: DocumentSpec, title: str) -> bytes:
    """The official layout, unsigned (no "(Đã ký)"): the report is a record the system compiled."""
    pdf = layout.OfficialPdf()
    pdf.set_title(nfc(title))
    pdf.set_author(nfc(spec.letterhead.author))
    pdf.set_subject(nfc(" ".join(spec.subject)))
    pdf.set_creator("phonghop – phiếu lấy ý kiến thành viên")
    pdf.set_lang("vi-VN")
    pdf.set_creation_date(datetime.combine(spec.letterhead.issued, time(8, 0), tzinfo=LOCAL_TZ))
    pdf.add_page()
    layout.draw_letterhead(pdf, spec.letterhead, False)
    layout.draw_title(pdf, spec.kind, spec.subject)
    layout.draw_body(pdf, spec.body, keep_last_with=layout.closing_height(spec.recipients, spec.signature, False))
    layout.draw_closing(pdf, spec.recipients, spec.signature, False)
    return bytes(pdf.output())


def report_text(pdf: bytes) -> str:
    """The report's text for the archive's search index (pypdf: CPU, run off the event loop)."""
    return inspect_pdf(io.BytesIO(pdf)).text or ""


# -- reading the draft and the report ---------------------------------------------------------
@dataclass
class BallotFile:
    """A watermarked copy in a temporary file (removed when closed)."""

    file: BinaryIO
    size: int
    filename: str

    def chunks(self, size: int = 256 * 1024):
        try:
            while chunk := self.file.read(size):
                yield chunk
        finally:
            self.file.close()


def deliver_ballot_file(
    actor, ballot: OpinionBallot, which: str, action: AccessAction, client: Client | None = None, *, now=None
) -> BallotFile:
    """The draft (``which="draft"``) or the report (``"report"``) stamped with the reader's name on
    every page; the access is logged (no meeting, no document row: the title names the file)."""
    from app.models.base import utcnow
    from meetings.services.documents.copies import WatermarkFailed

    require_opinion_ballot(actor, ballot)
    if which == "report":
        if not ballot.report_key:
            from app.errors import NotFound

            raise NotFound(_("Phiếu lấy ý kiến chưa có báo cáo tổng hợp."))
        key, filename = ballot.report_key, "bao-cao.pdf"
    else:
        key, filename = ballot.draft_key, ballot.draft_filename
    with force_locale("vi"):  # the access log is a record: in Vietnamese, whatever the reader's language
        title = (
            _("Báo cáo kết quả lấy ý kiến: %(t)s", t=ballot.title)
            if which == "report"
            else _("Dự thảo xin ý kiến: %(t)s", t=ballot.title)
        )
    when = (now or utcnow()).astimezone(LOCAL_TZ).strftime("%H:%M %d/%m/%Y")
    parts = [actor.full_name, actor.unit or actor.position, _("%(time)s (giờ Việt Nam)", time=when)]
    stamp = Stamp(footer=_("Người xem: %(who)s", who=" · ".join(p for p in parts if p)), diagonal=actor.full_name)
    source, target = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    try:
        for chunk in get_store().iter_object(key):
            source.write(chunk)
        try:
            run_cpu_bound(stamp_pdf, source, target, stamp)
        except Exception as exc:  # noqa: BLE001 - never send it unstamped
            log.exception("watermarking ballot %s %s failed", ballot.id, which)
            raise WatermarkFailed(
                _("Không thể đóng dấu tên người xem lên tài liệu; vui lòng báo quản trị hệ thống."), detail=repr(exc)
            ) from exc
        size = target.seek(0, 2)
        target.seek(0)
    except BaseException:
        target.close()
        raise
    finally:
        source.close()
    client = client or Client(channel="cli")
    db.session.add(
        AccessLog(
            user_id=actor.id,
            meeting_id=None,
            document_id=None,
            document_title=title[:500],
            action=action,
            channel=client.channel[:10],
            ip_address=(client.ip or "")[:45],
            user_agent=(client.user_agent or "")[:400],
        )
    )
    db.session.flush()
    return BallotFile(file=target, size=size, filename=filename)
