from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import UTCDateTime, utcnow


class AdvanceBallot(db.Model):
    """A vote sent ahead (bỏ phiếu trước) by a member who will be absent, on an agenda item marked
    for decision: Tán thành / Không tán thành / Không biểu quyết. It is a named, written ballot;
    whether it counts is decided when the vote on that item closes (``FloorRules.absent_votes_count``
    and whether the member attended)."""

    __tablename__ = "advance_ballots"
    __table_args__ = (sa.UniqueConstraint("agenda_item_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    agenda_item_id: Mapped[int] = mapped_column(sa.ForeignKey("agenda_items.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    choice: Mapped[str] = mapped_column(sa.String(20))
    ballot_id: Mapped[str] = mapped_column(sa.String(36), unique=True)
    cast_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
