"""The periodic sweep of written opinion ballots: ``sweep(now)`` closes the open ballots whose deadline
has passed (and any that everyone has answered, should its close after the last answer have failed) and
reminds, 24 hours before the deadline, the recipients who have not answered yet.

Each ballot is its own transaction, committed here: a close makes its report outside any transaction
(opinion_ballot_closing), and a ballot whose close or reminder fails is rolled back and logged
without losing the others (the next sweep tries it again). Idempotent: a closed ballot is not open
any more, and a reminder goes through ``meetings.services.reminders.deliver_once`` with a key naming
the ballot, the reminder and the deadline (a ballot whose deadline is moved gets its reminder again).
The jobs engineer's scheduler runs registered sweeps periodically (app/jobs.py ``run_sweep``); the
caller sends the queued e-mails — only those of the ballots committed are still queued.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa

from app.errors import ValidationError
from app.extensions import db
from documents.storage import get_store
from meetings.models import OpinionBallot, OpinionBallotState
from meetings.notices import notice
from meetings.services.notifications import discard_queued_emails, queued_email_count
from meetings.services.opinion_ballots import close_ballot, local_text
from meetings.services.reminders import deliver_once

log = logging.getLogger(__name__)

REMINDERS = (("before-24h", timedelta(hours=24)),)


@dataclass
class SweepReport:
    closed: list[int] = field(default_factory=list)
    reminded: dict[int, list[int]] = field(default_factory=dict)  # ballot id -> user ids reminded now
    failed: list[int] = field(default_factory=list)  # ballots rolled back on an error (logged): next sweep


def reminder_key(ballot: OpinionBallot, name: str) -> str:
    return f"opinion-ballot:{ballot.id}:{name}:{ballot.deadline.strftime('%Y-%m-%dT%H:%MZ')}"


def sweep(now: datetime) -> SweepReport:
    """``now``: an aware UTC time (the scheduler's clock; tests pass a frozen one). Commits each ballot."""
    if now.tzinfo is None:
        raise ValueError("sweep(now) needs an aware datetime")
    report = SweepReport()
    ids = db.session.scalars(
        sa.select(OpinionBallot.id)
        .where(OpinionBallot.state == OpinionBallotState.open)
        .order_by(OpinionBallot.deadline, OpinionBallot.id)
    ).all()
    db.session.commit()  # each ballot below is a transaction of its own
    for ballot_id in ids:
        queued = queued_email_count()
        try:
            _sweep_one(ballot_id, now, report)
        except ValidationError:  # closed meanwhile by another process (claim_close), or its answers kept changing
            db.session.rollback()
            discard_queued_emails(keep=queued)
        except Exception:  # noqa: BLE001 - one ballot's failure must not cost the others their close
            log.exception("opinion ballot sweep: ballot %s failed; it is tried again at the next sweep", ballot_id)
            db.session.rollback()
            discard_queued_emails(keep=queued)
            report.failed.append(ballot_id)
    return report


def _sweep_one(ballot_id: int, now: datetime, report: SweepReport) -> None:
    ballot = db.session.get(OpinionBallot, ballot_id)
    if ballot is None or ballot.state != OpinionBallotState.open:
        return
    if ballot.deadline <= now or all(r.answered for r in ballot.recipients):
        close_ballot(None, ballot, now=now, reason="deadline" if ballot.deadline <= now else "all_answered")
        key = ballot.report_key
        try:
            db.session.commit()
        except BaseException:
            get_store().delete(key)  # the close is not recorded: neither is its report
            raise
        report.closed.append(ballot_id)
        return
    reminded = []
    for name, ahead in REMINDERS:
        if now < ballot.deadline - ahead:
            continue
        waiting = [r.user for r in ballot.recipients if not r.answered]
        reached = deliver_once(
            reminder_key(ballot, name),
            waiting,
            None,
            notice(
                "Nhắc trả lời phiếu lấy ý kiến «%(title)s»: hạn trả lời %(deadline)s (giờ Việt Nam).",
                title=ballot.title,
                deadline=local_text(ballot.deadline),
            ),
            ballot=ballot,
        )
        if reached:
            reminded += [u.id for u in reached]
    db.session.commit()
    if reminded:
        report.reminded[ballot_id] = reminded
