"""Closing a written opinion ballot without holding a database transaction while its report is rendered
and its text extracted (issue 11; docs/performance.md, "Opinion ballots"; the model is
meetings/services/minutes_signing.py). ``close_ballot`` (meetings/services/opinion_ballots.py) is the
entry point; the deadline sweep, the last answer and the secretariat all close through it."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _

from app.errors import ValidationError
from app.extensions import db
from documents.official_spec import DocumentSpec
from documents.offload import run_cpu_bound
from documents.storage import get_store
from meetings.models import OpinionBallot, OpinionBallotState
from meetings.notices import notice
from meetings.services.notifications import notify_users
from meetings.services.opinion_ballot_report import (
    REPORT_TITLE,
    answer_facts,
    answers_document,
    render_report,
    report_spec,
    report_text,
    result_summary,
    tally,
)
from meetings.services.vote_tally import sha256_of

ATTEMPTS = 2  # answers changed while the report was made: read them again once, then refuse


@dataclass(frozen=True)
class _ClosingPlan:
    """What the close needs, read before the transaction ends: plain values only, so rendering and text
    extraction never touch the session (nor hold SQLite's write lock or a PostgreSQL row lock)."""

    ballot_id: int
    closed_by_id: int | None
    now: datetime
    answers_sha256: str  # of the answers counted: the same in the database at the record, or no close
    result: dict
    spec: DocumentSpec
    index_title: str
    index_head: str  # the ballot's own text for the search index; the report's text is added to it


def close_and_report(ballot: OpinionBallot, *, closed_by, now: datetime, reason: str) -> OpinionBallot:
    """Close ``ballot`` with its result and its report, in three steps so that no database transaction
    is open during the rendering and the text extraction (on SQLite the whole database's write lock —
    every page turn of a live room would wait, and under gevent SQLite's busy wait stops the server's
    event loop; on PostgreSQL a connection and the ballot's row lock for seconds):

    1. check that the ballot is open and read its answers into plain data (their hash, the tally, the
       report's content), then END the transaction (this commits the session);
    2. render the report, extract its text and put it in the store, touching no database;
    3. a short write: *claim* the close (``claim_close``, a conditional UPDATE — the loser of two closers,
       two sweeps or a sweep and the last answer, finds nothing to update and gets 409), then read the
       answers again: if one changed since step 1 (an answer, a changed answer, a signature), the
       claim is let go, the report is discarded and the close starts again from step 1 once; a second
       change refuses with 409. Otherwise the result, the report and the index entry are recorded and
       the recipients notified (mailed only once the caller commits).

    Answers take the same row first (``claim_open``), so none is written after the result was counted:
    an answer that claimed first is committed before the claim above proceeds, and is then read in
    step 3; one that comes after finds the ballot closed. The report object goes if the write fails.
    The caller commits."""
    for _attempt in range(ATTEMPTS):
        plan = _plan_close(ballot, closed_by, now, reason)
        db.session.commit()  # nothing of ours is pending: this ends the reading transaction
        pdf = run_cpu_bound(render_report, plan.spec, REPORT_TITLE)
        text = run_cpu_bound(report_text, pdf)
        key = f"opinion-ballots/{plan.ballot_id}/report-{uuid.uuid4().hex}.pdf"
        put = get_store().put_stream(key, io.BytesIO(pdf), length=len(pdf), content_type="application/pdf")
        try:
            recorded = _record_close(ballot, plan, key, put.sha256, text)
        except BaseException:
            get_store().delete(key)
            raise
        if recorded:
            return ballot
        get_store().delete(key)
        db.session.rollback()  # lets go of the claim (the transaction holds nothing else): read again
    raise ValidationError(
        _(
            "Ý kiến của thành viên vừa thay đổi trong lúc lập báo cáo tổng hợp; phiếu chưa được kết thúc. "
            "Vui lòng thử lại."
        ),
        status_code=409,
    )


def claim_close(ballot_id: int) -> bool:
    """Mark the ballot closed if it is still open in the database (one conditional UPDATE, the first
    statement of the close's write): of two processes closing it at once, one wins; on PostgreSQL the
    other waits for its commit and then finds nothing to update. Answers claim the same row
    (``opinion_ballot_answers.claim_open``), so the claim also waits for an answer being written, or the answer
    for the close."""
    from meetings.services.opinion_ballots import claim_while_open

    return claim_while_open(ballot_id, OpinionBallotState.closed)


def _plan_close(ballot: OpinionBallot, closed_by, now: datetime, reason: str) -> _ClosingPlan:
    db.session.refresh(ballot)  # the state as the database holds it now, not as this session last saw it
    if ballot.state != OpinionBallotState.open:
        raise ValidationError(_("Phiếu lấy ý kiến không còn mở."), status_code=409)
    answers = answer_facts(ballot.id)
    digest = sha256_of(answers_document(ballot, answers))
    result = tally(ballot, answers)
    result["closed_because"] = reason
    with force_locale("vi"):
        spec = report_spec(ballot, answers, result, now, digest)
    return _ClosingPlan(
        ballot_id=ballot.id,
        closed_by_id=closed_by.id if closed_by is not None else None,
        now=now,
        answers_sha256=digest,
        result=result,
        spec=spec,
        index_title=f"{REPORT_TITLE}: {ballot.title}",
        index_head="\n".join((ballot.body, ballot.question, ballot.draft_text[:100_000])),
    )


def _record_close(ballot: OpinionBallot, plan: _ClosingPlan, key: str, sha256: str, text: str) -> bool:
    """The short write. False: the answers changed since they were counted (nothing recorded; the caller
    rolls the claim back)."""
    from meetings.archive.search_index import index_source

    if not claim_close(plan.ballot_id):
        raise ValidationError(_("Phiếu lấy ý kiến không còn mở."), status_code=409)
    if sha256_of(answers_document(ballot, answer_facts(plan.ballot_id))) != plan.answers_sha256:
        return False
    ballot.state = OpinionBallotState.closed
    ballot.closed_at = plan.now
    ballot.closed_by_id = plan.closed_by_id
    ballot.result = plan.result
    ballot.answers_sha256 = plan.answers_sha256
    ballot.report_key = key
    ballot.report_sha256 = sha256
    db.session.flush()
    index_source("opinion_ballot", ballot.id, None, plan.index_title, f"{plan.index_head}\n{text}")
    notify_users(
        [r.user for r in ballot.recipients],
        None,
        notice(
            "Đã có kết quả lấy ý kiến «%(title)s»: %(summary)s", title=ballot.title, summary=result_summary(plan.result)
        ),
        ballot=ballot,
    )
    return True
