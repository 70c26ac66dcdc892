"""Answering a written opinion ballot: a recipient's Đồng ý / Không đồng ý / Ý kiến khác, changed until
the ballot closes, signed with a passphrase (``opinion_ballot_signing``); the last answer closes it.
Every write to an answer first claims the ballot's row (``claim_open``), as a close does, so no answer
is written after the result was counted."""

from __future__ import annotations

import logging
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from app.errors import PermissionDenied, ValidationError
from app.extensions import db
from app.models.base import utcnow
from app.permissions import require_opinion_ballot
from app.text import clean_multiline
from meetings.models import OpinionBallot, OpinionBallotRecipient, OpinionBallotState, OpinionChoice
from meetings.services.opinion_ballots import as_aware, claim_while_open, close_ballot, local_text

log = logging.getLogger(__name__)
MAX_COMMENT = 4000  # a member's "ý kiến khác"


def _refuse_if_not_open(ballot: OpinionBallot, now: datetime) -> None:
    if ballot.state == OpinionBallotState.cancelled:
        raise ValidationError(_("Phiếu lấy ý kiến đã bị hủy; không thể gửi ý kiến."), status_code=409)
    if ballot.state == OpinionBallotState.closed:
        raise ValidationError(_("Phiếu lấy ý kiến đã kết thúc; không thể gửi hoặc sửa ý kiến."), status_code=409)
    _refuse_if_past_deadline(ballot, now)


def _refuse_if_past_deadline(ballot: OpinionBallot, now: datetime) -> None:
    if now >= as_aware(ballot.deadline):
        raise ValidationError(
            _(
                "Đã hết hạn trả lời lúc %(deadline)s (giờ Việt Nam); không thể gửi hoặc sửa ý kiến.",
                deadline=local_text(ballot.deadline),
            ),
            status_code=409,
        )


def refuse_unless_open_now(ballot: OpinionBallot, now: datetime) -> None:
    """The check before any work: the ballot's state as the database holds it now (this session may have
    read it before another process closed it)."""
    db.session.refresh(ballot, ["state"])
    _refuse_if_not_open(ballot, now)


def claim_open(ballot_id: int, now: datetime) -> OpinionBallot:
    """The first statement of every write to an open ballot's answers (an answer, a signature): a
    conditional UPDATE of the ballot's row that changes nothing but takes SQLite's write lock or
    PostgreSQL's row lock until the commit. A close claims the same row (``claim_close``), so it waits
    for this write or this write for the close — never an answer written after the result was counted.
    Refuses (409) a ballot that is no longer open, or past its deadline at ``now``."""
    claimed = claim_while_open(ballot_id, OpinionBallotState.open)
    ballot = db.session.get(OpinionBallot, ballot_id)
    if not claimed:
        db.session.refresh(ballot)
        _refuse_if_not_open(ballot, now)
        raise ValidationError(_("Phiếu lấy ý kiến không còn mở."), status_code=409)
    _refuse_if_past_deadline(ballot, now)
    return ballot


def _everyone_answered(ballot_id: int) -> bool:
    waiting = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(OpinionBallotRecipient)
        .where(OpinionBallotRecipient.ballot_id == ballot_id, OpinionBallotRecipient.choice.is_(None))
    )
    return waiting == 0


def answer_ballot(
    actor, ballot: OpinionBallot, choice: str, comment: str = "", *, passphrase: str = "", now: datetime | None = None
):
    """Record (or change) ``actor``'s answer; recipients only (404 to those who may not see the ballot,
    403 to those who see it without being asked). With ``passphrase`` the answer is also signed
    (opinion_ballot_signing.answer_and_sign: rendered and signed outside any transaction, then recorded
    with its signature in one short write), before the close.

    When everyone has answered, the ballot closes at once: the answer is committed first (the close
    counts what the database holds), then ``close_ballot`` runs its own steps. If that close is refused
    (another closer won, or answers kept changing) or fails, the answer stays recorded and the next
    sweep closes the ballot (``opinion_ballot_sweep``). The caller commits."""
    now = now or utcnow()
    require_opinion_ballot(actor, ballot)
    row = ballot.recipient_of(actor)
    if row is None:  # sees the ballot (the secretariat, an archivist) but is not asked
        raise PermissionDenied(detail=f"user {actor.id} is not asked on ballot {ballot.id}")
    refuse_unless_open_now(ballot, now)
    try:
        value = OpinionChoice(choice)
    except ValueError:
        raise ValidationError(_("Hãy chọn Đồng ý, Không đồng ý hoặc Ý kiến khác.")) from None
    comment = clean_multiline(comment)
    if len(comment) > MAX_COMMENT:
        raise ValidationError(_("Ý kiến góp ý dài quá %(n)s ký tự.", n=MAX_COMMENT))
    if value == OpinionChoice.other and not comment:
        raise ValidationError(_("Ý kiến khác cần ghi rõ nội dung góp ý."))
    ballot_id, row_id = ballot.id, row.id
    if passphrase:
        from meetings.services.opinion_ballot_signing import answer_and_sign

        row = answer_and_sign(actor, ballot, row, value, comment, passphrase, now=now)
    else:  # nothing to compute: the short write at once
        claim_open(ballot_id, now)
        row = db.session.get(OpinionBallotRecipient, row_id)
        db.session.refresh(row)  # the answer as the database holds it, under the claim
        if row.choice != value or row.comment != comment:
            row.signed_key = row.signed_sha256 = row.signed_at = None  # a signed ballot no longer says this
        row.choice = value
        row.comment = comment
        row.answered_at = now
        db.session.flush()
    if _everyone_answered(ballot_id):
        _close_when_all_answered(ballot, now)
    return row


def _close_when_all_answered(ballot: OpinionBallot, now: datetime) -> None:
    from meetings.services.notifications import discard_queued_emails, queued_email_count

    db.session.commit()  # the last answer is recorded whatever becomes of the close
    queued = queued_email_count()
    try:
        close_ballot(None, ballot, now=now, reason="all_answered")
    except ValidationError as exc:  # closed by another meanwhile, or answers kept changing: the sweep closes it
        log.info("ballot %s not closed after its last answer: %s", ballot.id, exc.message)
        db.session.rollback()
        discard_queued_emails(keep=queued)
    except Exception:  # noqa: BLE001 - the answer is recorded; the sweep closes the ballot
        log.exception("closing ballot %s after its last answer failed; the sweep will close it", ballot.id)
        db.session.rollback()
        discard_queued_emails(keep=queued)
