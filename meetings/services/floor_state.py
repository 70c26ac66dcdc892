"""The floor as a joining screen sees it: attendance and quorum, and the votes that matter now
(every open one and the last closed one), each with the viewer's own ballot."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.permissions import Perm, require_perm
from meetings.models import Meeting, Vote, VoteState
from meetings.services.floor_attendance import attendance_state
from meetings.services.votes import meeting_votes, vote_view


def current_votes(meeting: Meeting) -> list[Vote]:
    last_closed = db.session.scalar(
        sa.select(Vote)
        .where(Vote.meeting_id == meeting.id, Vote.state == VoteState.closed)
        .order_by(Vote.closed_at.desc(), Vote.id.desc())
        .limit(1)
    )
    open_votes = list(
        db.session.scalars(
            sa.select(Vote).where(Vote.meeting_id == meeting.id, Vote.state == VoteState.open).order_by(Vote.id)
        )
    )
    return ([last_closed] if last_closed is not None else []) + open_votes


def floor_state(meeting: Meeting, viewer_id: int | None = None) -> dict:
    """``viewer_id`` adds each vote's ``mine`` (``{"voted", "choice"}``; the choice only in a named vote)."""
    return {**attendance_state(meeting), "votes": [vote_view(v, viewer_id) for v in current_votes(meeting)]}


def floor_snapshot(actor, meeting: Meeting) -> dict:
    require_perm(actor, Perm.MEETING_VIEW, meeting)
    return floor_state(meeting, actor.id)


def all_votes(actor, meeting: Meeting) -> list[dict]:
    """Every vote of the meeting, oldest first (the console, the API)."""
    require_perm(actor, Perm.MEETING_VIEW, meeting)
    return [vote_view(v, actor.id) for v in meeting_votes(meeting)]
