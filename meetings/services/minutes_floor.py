"""What the floor contributes to the minutes, per agenda item: who spoke (the secretary's wording
where saved, else built from the speaker log) and the closed votes with their tallies."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from meetings.models import AgendaConclusion, Meeting, Vote, VoteState
from meetings.services.minutes_speeches import speech_lines
from meetings.services.vote_tally import minutes_line


def speeches_of(meeting: Meeting) -> dict[int, str]:
    """Each item's "Ý kiến phát biểu" lines: the secretary's wording where saved, else built from the floor."""
    saved = {
        c.agenda_item_id: c.speeches
        for c in db.session.scalars(sa.select(AgendaConclusion).where(AgendaConclusion.meeting_id == meeting.id))
        if c.speeches is not None
    }
    return {**speech_lines(meeting), **saved}


def votes_by_item(meeting: Meeting) -> dict[int, tuple[str, ...]]:
    """The closed votes' lines ("Biểu quyết «…»: Tán thành 7/9 thành viên (77,8 %) — Thông qua …") by agenda item."""
    closed = db.session.scalars(
        sa.select(Vote)
        .where(Vote.meeting_id == meeting.id, Vote.state == VoteState.closed)
        .order_by(Vote.closed_at, Vote.id)
    )
    out: dict[int, tuple[str, ...]] = {}
    for vote in closed:
        out[vote.agenda_item_id] = out.get(vote.agenda_item_id, ()) + (minutes_line(vote),)
    return out
