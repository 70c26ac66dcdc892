"""Written opinion ballots (phiếu lấy ý kiến thành viên UBND): asking, cancelling, closing (answering:
``opinion_ballot_answers``).

The secretariat (``Perm.OPINION_BALLOT_MANAGE``) asks the members of a body for their opinion on a
draft by a deadline; each recipient answers Đồng ý / Không đồng ý / Ý kiến khác (with a comment) and
may change the answer until the ballot closes. It closes at the deadline (``opinion_ballot_sweep``), at
once when everyone has answered, or early by the secretariat; closing computes the result with the
rules copied onto the ballot and produces the report (``opinion_ballot_report``). Everyone else gets
404: a ballot one may not see is not revealed to exist.
"""

from __future__ import annotations

import logging
import tempfile
import uuid
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import BinaryIO

import sqlalchemy as sa
from flask_babel import gettext as _

from app.errors import ValidationError
from app.extensions import db
from app.models import Body, BodyLevel, BodyMember, BodyOffice, User
from app.models.base import utcnow
from app.permissions import Perm, can_view_opinion_ballot, require_opinion_ballot, require_perm
from app.permissions_sql import visible_opinion_ballots_filter
from app.text import clean_line, clean_multiline
from documents.offload import run_cpu_bound
from documents.pdf import inspect_pdf
from documents.storage import get_store
from meetings.localtime import LOCAL_TZ
from meetings.models import (
    Meeting,
    MeetingMember,
    MeetingRole,
    OpinionBallot,
    OpinionBallotRecipient,
    OpinionBallotState,
)
from meetings.notices import notice
from meetings.services.floor_rules import rules_for
from meetings.services.meetings import active_body
from meetings.services.notifications import notify_users

log = logging.getLogger(__name__)
COPY_CHUNK = 1024 * 1024
VOTING_ROLES = (MeetingRole.chair, MeetingRole.member)
MAX_QUESTION = 10_000  # what is decided, with its reasons


def local_text(value: datetime) -> str:
    """``17:00 04/12/2026`` in Vietnam time."""
    return value.astimezone(LOCAL_TZ).strftime("%H:%M %d/%m/%Y")


def as_aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


# -- reading ----------------------------------------------------------------------------------
def get_ballot(actor, ballot_id: int) -> OpinionBallot:
    ballot = db.session.get(OpinionBallot, ballot_id)
    require_opinion_ballot(actor, ballot)
    return ballot


def list_ballots(actor, state: str | None = None) -> list[OpinionBallot]:
    """The ballots ``actor`` may see, newest first (open ones by nearest deadline first)."""
    query = sa.select(OpinionBallot).where(visible_opinion_ballots_filter(actor))
    if state:
        query = query.where(OpinionBallot.state == OpinionBallotState(state))
    rows = db.session.scalars(query.order_by(OpinionBallot.created_at.desc(), OpinionBallot.id.desc())).all()
    return sorted(
        rows, key=lambda b: (not b.is_open, as_aware(b.deadline) if b.is_open else datetime.max.replace(tzinfo=UTC))
    )


def waiting_count(user) -> int:
    """Open ballots that ask ``user`` and that they have not answered (the nav badge)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(OpinionBallotRecipient)
        .join(OpinionBallot, OpinionBallot.id == OpinionBallotRecipient.ballot_id)
        .where(
            OpinionBallotRecipient.user_id == user.id,
            OpinionBallotRecipient.choice.is_(None),
            OpinionBallot.state == OpinionBallotState.open,
        )
    )


def may_see_answers(actor, ballot: OpinionBallot) -> bool:
    """Who chose what is shown once the ballot is closed. While it is open the secretariat sees who has
    answered and when (to remind the others), not how: early answers must not steer the later ones,
    and the count is the rule's, at the close. A member always sees their own answer."""
    return ballot.state == OpinionBallotState.closed and can_view_opinion_ballot(actor, ballot)


def default_recipients(body) -> list:
    """The body's standing members in office today (chairman, vice chairmen, members: ``BodyMember``),
    active accounts, by office then name. A body with none yet: the voting members (chair and members)
    of its most recent meeting that was published (a draft's members are not settled; a cancelled one
    was not held)."""
    if body is None:
        return []
    today = utcnow().astimezone(LOCAL_TZ).date()
    order = {BodyOffice.chairman: 0, BodyOffice.vice_chairman: 1, BodyOffice.member: 2}
    serving = sorted(
        (m for m in body.members if m.serves_on(today) and m.user.is_active),
        key=lambda m: (order[m.office], m.user.full_name),
    )
    if serving:
        return [m.user for m in serving]
    meeting = db.session.scalar(
        sa.select(Meeting)
        .where(Meeting.body_id == body.id, Meeting.state.in_(["published", "in_session", "closed"]))
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(1)
    )
    if meeting is None:
        return []
    return [m.user for m in meeting.members if m.role in VOTING_ROLES and m.user.is_active]


def body_choices() -> list[Body]:
    """Active bodies a ballot may ask: the province first, its communes after it."""
    order = {BodyLevel.province: 0, BodyLevel.commune: 1, BodyLevel.district: 2}
    rows = db.session.scalars(sa.select(Body).where(Body.dissolved_on.is_(None))).all()
    return sorted(rows, key=lambda b: (order[b.level], b.name))


def find_body(body_id) -> Body | None:
    """The body picked on the form (an id), if any — dissolved ones too (the service refuses them)."""
    return db.session.get(Body, int(body_id)) if str(body_id or "").strip().isdigit() else None


def eligible_people() -> list:
    """Everyone who may be asked: active accounts that take part in meetings or sit on a body."""
    return list(
        db.session.scalars(
            sa.select(User)
            .where(
                User.is_active_account.is_(True),
                sa.or_(User.id.in_(sa.select(MeetingMember.user_id)), User.id.in_(sa.select(BodyMember.user_id))),
            )
            .order_by(User.full_name)
        )
    )


# -- asking -----------------------------------------------------------------------------------
def _store_draft(stream: BinaryIO, filename: str) -> dict:
    from flask import current_app

    limit = int(current_app.config["MAX_UPLOAD_MB"]) * 1024 * 1024
    with tempfile.SpooledTemporaryFile(max_size=COPY_CHUNK, mode="w+b") as spool:
        size = 0
        while chunk := stream.read(COPY_CHUNK):
            size += len(chunk)
            if size > limit:
                raise ValidationError(
                    _("Tệp vượt quá dung lượng cho phép (%(mb)s MB).", mb=current_app.config["MAX_UPLOAD_MB"]),
                    status_code=413,
                )
            spool.write(chunk)
        facts = run_cpu_bound(inspect_pdf, spool, filename)
        spool.seek(0)
        key = f"opinion-ballots/{uuid.uuid4().hex}/draft.pdf"
        put = get_store().put_stream(key, spool, length=size, content_type="application/pdf")
    return {
        "draft_key": key,
        "draft_size": put.size,
        "draft_sha256": put.sha256,
        "draft_pages": facts.page_count,
        "draft_text": facts.text or "",
    }


def create_ballot(
    actor,
    *,
    title: str,
    question: str,
    body_id=None,
    body: str = "",
    deadline: datetime | None,
    recipient_ids,
    draft: BinaryIO | None,
    draft_filename: str = "",
    now: datetime | None = None,
) -> OpinionBallot:
    """Open a ballot: the recipients are told at once (in-app and e-mail). The body is an active one,
    picked by ``body_id`` (the form, the API) or, like meetings, by its exact name (older clients)."""
    require_perm(actor, Perm.OPINION_BALLOT_MANAGE)
    now = now or utcnow()
    title = clean_line(title)
    question = clean_multiline(question)
    if not title:
        raise ValidationError(_("Cần nhập tiêu đề phiếu lấy ý kiến."))
    if len(title) > 500:
        raise ValidationError(_("Tiêu đề phiếu lấy ý kiến dài quá %(n)s ký tự.", n=500))
    if not question:
        raise ValidationError(_("Cần nêu nội dung xin ý kiến (vấn đề cần quyết định)."))
    if len(question) > MAX_QUESTION:
        raise ValidationError(_("Nội dung xin ý kiến dài quá %(n)s ký tự.", n=MAX_QUESTION))
    if body_id in (None, "") and not clean_line(body):
        raise ValidationError(_("Cần chọn cơ quan lấy ý kiến."))
    host = active_body(body_id, body)
    if deadline is None:
        raise ValidationError(_("Cần nhập hạn trả lời (giờ Việt Nam)."))
    if as_aware(deadline) <= now:
        raise ValidationError(_("Hạn trả lời phải sau thời điểm hiện tại."))
    ids = []
    for raw in recipient_ids or ():
        try:
            uid = int(raw)
        except (TypeError, ValueError):
            raise ValidationError(_("Danh sách thành viên không hợp lệ.")) from None
        if uid not in ids:
            ids.append(uid)
    people = {
        u.id: u for u in db.session.scalars(sa.select(User).where(User.id.in_(ids), User.is_active_account.is_(True)))
    }
    if not ids:
        raise ValidationError(_("Cần chọn ít nhất một thành viên được lấy ý kiến."))
    if len(people) != len(ids):
        raise ValidationError(_("Có thành viên không tồn tại hoặc đã bị khóa tài khoản."))
    if draft is None:
        raise ValidationError(_("Cần tải lên dự thảo (PDF) để thành viên cho ý kiến."))
    filename = clean_line(draft_filename).rsplit("/", 1)[-1][:300] or "du-thao.pdf"
    stored = _store_draft(draft, filename)
    try:
        ballot = OpinionBallot(
            title=title,
            question=question,
            host_body=host,
            deadline=as_aware(deadline).astimezone(UTC),
            rules=rules_for(SimpleNamespace(body_id=host.id, kind=None)).to_dict(),  # the body's rules, any kind
            draft_filename=filename,
            created_by_id=actor.id,
            created_at=now,
            state=OpinionBallotState.open,
            **stored,
        )
        for n, uid in enumerate(ids):
            user = people[uid]
            office = " – ".join(p for p in (user.position, user.unit) if p)
            ballot.recipients.append(
                OpinionBallotRecipient(user_id=uid, position=n, full_name=user.full_name, office=office[:300])
            )
        db.session.add(ballot)
        db.session.flush()
    except BaseException:
        get_store().delete(stored["draft_key"])
        raise
    notify_users(
        people.values(),
        None,
        notice(
            "Văn phòng xin ý kiến bằng văn bản về «%(title)s»; hạn trả lời %(deadline)s (giờ Việt Nam).",
            title=title,
            deadline=local_text(ballot.deadline),
        ),
        ballot=ballot,
    )
    return ballot


# -- cancelling and closing -------------------------------------------------------------------
def claim_while_open(ballot_id: int, state: OpinionBallotState) -> bool:
    """One conditional UPDATE of the ballot's row, to ``state``, only while it is open in the database;
    True if it was. Answers (``state`` open), the close and the cancel all take the row this way: on
    PostgreSQL the second waits for the first's commit and then finds the state it left; on SQLite
    the write lock orders them. So never an answer after the count, and one closer wins."""
    return bool(
        db.session.execute(
            sa.update(OpinionBallot)
            .where(OpinionBallot.id == ballot_id, OpinionBallot.state == OpinionBallotState.open)
            .values(state=state)
            .execution_options(synchronize_session=False)
        ).rowcount
    )


def cancel_ballot(actor, ballot: OpinionBallot, reason: str = "", *, now: datetime | None = None) -> OpinionBallot:
    require_perm(actor, Perm.OPINION_BALLOT_MANAGE)
    if ballot.state != OpinionBallotState.open:
        raise ValidationError(_("Chỉ hủy được phiếu đang lấy ý kiến."), status_code=409)
    reason = clean_line(reason)[:500]
    if not reason:
        raise ValidationError(_("Cần nêu lý do hủy phiếu lấy ý kiến."))
    # still open in the database: a close that won meanwhile is not undone
    if not claim_while_open(ballot.id, OpinionBallotState.cancelled):
        db.session.refresh(ballot)
        raise ValidationError(_("Chỉ hủy được phiếu đang lấy ý kiến."), status_code=409)
    ballot.state = OpinionBallotState.cancelled
    ballot.cancelled_at = now or utcnow()
    ballot.cancel_reason = reason
    ballot.closed_by_id = actor.id
    db.session.flush()
    notify_users(
        [r.user for r in ballot.recipients],
        None,
        notice("Phiếu lấy ý kiến «%(title)s» đã bị hủy: %(reason)s", title=ballot.title, reason=reason),
        ballot=ballot,
    )
    return ballot


def close_ballot(actor, ballot: OpinionBallot, *, now: datetime | None = None, reason: str = "early") -> OpinionBallot:
    """Close with the result and the report, and tell the recipients. ``actor`` None: the system (deadline,
    all answered). The report is made outside any database transaction (this commits the session; see
    opinion_ballot_closing.close_and_report); the caller commits the close."""
    from meetings.services.opinion_ballot_closing import close_and_report

    if actor is not None:
        require_perm(actor, Perm.OPINION_BALLOT_MANAGE)
    return close_and_report(ballot, closed_by=actor, now=now or utcnow(), reason=reason)
