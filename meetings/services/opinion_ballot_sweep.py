"""The periodic sweep of written opinion ballots: ``sweep(now)`` closes the open ballots whose deadline
has passed and reminds, 24 hours before the deadline, the recipients who have not answered yet.

Idempotent: a closed ballot is not open any more, and a reminder goes through
``meetings.services.reminders.deliver_once`` with a key naming the ballot, the reminder and the
deadline (a ballot whose deadline is moved gets its reminder again). The jobs engineer's scheduler
runs registered sweeps periodically; the caller commits, then sends the queued e-mails.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa

from app.errors import ValidationError
from app.extensions import db
from meetings.models import OpinionBallot, OpinionBallotState
from meetings.notices import notice
from meetings.services.opinion_ballots import close_ballot, local_text
from meetings.services.reminders import deliver_once

REMINDERS = (("before-24h", timedelta(hours=24)),)


@dataclass
class SweepReport:
    closed: list[int] = field(default_factory=list)
    reminded: dict[int, list[int]] = field(default_factory=dict)  # ballot id -> user ids reminded now


def reminder_key(ballot: OpinionBallot, name: str) -> str:
    return f"opinion-ballot:{ballot.id}:{name}:{ballot.deadline.strftime('%Y-%m-%dT%H:%MZ')}"


def sweep(now: datetime) -> SweepReport:
    """``now``: an aware UTC time (the scheduler's clock; tests pass a frozen one)."""
    if now.tzinfo is None:
        raise ValueError("sweep(now) needs an aware datetime")
    report = SweepReport()
    open_ballots = db.session.scalars(
        sa.select(OpinionBallot)
        .where(OpinionBallot.state == OpinionBallotState.open)
        .order_by(OpinionBallot.deadline, OpinionBallot.id)
    ).all()
    for ballot in open_ballots:
        if ballot.deadline <= now:
            try:
                close_ballot(None, ballot, now=now, reason="deadline")
            except ValidationError:  # closed meanwhile by another process (claim_close): nothing to do
                continue
            report.closed.append(ballot.id)
            continue
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
                report.reminded[ballot.id] = [u.id for u in reached]
    return report
