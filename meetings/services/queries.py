"""Read-side queries on meetings, always filtered by what the actor may see."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from app.extensions import db
from app.models.base import utcnow
from app.permissions_sql import visible_meetings_filter
from meetings.models import Meeting, MeetingState


def list_visible_meetings(
    actor, *, state: MeetingState | None = None, upcoming: bool | None = None, limit: int = 200
) -> list[Meeting]:
    query = sa.select(Meeting).where(visible_meetings_filter(actor))
    if state is not None:
        query = query.where(Meeting.state == state)
    if upcoming is True:
        query = query.where(
            Meeting.starts_at >= utcnow() - timedelta(hours=12),
            Meeting.state.notin_([MeetingState.closed, MeetingState.cancelled]),
        )
        query = query.order_by(Meeting.starts_at.asc())
    else:
        query = query.order_by(Meeting.starts_at.desc())
    return list(db.session.scalars(query.limit(limit)))


def all_bodies() -> list:
    """Every body for pickers and the API: active ones first (province before communes), then the
    dissolved ones kept for their records."""
    from app.models import Body, BodyLevel

    order = {BodyLevel.province: 0, BodyLevel.commune: 1, BodyLevel.district: 2}
    rows = db.session.scalars(sa.select(Body)).all()
    return sorted(rows, key=lambda b: (b.dissolved_on is not None, order[b.level], b.name))
