from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import UTCDateTime, utcnow


class VoteBallot(db.Model):
    """A named (công khai) ballot: who chose what. ``seat_user_id`` is the member whose vote it is
    (the voter, or the member an approved substitute stands in for); ``ballot_id`` is the tablet's
    UUID, so a repeat is recognised; ``advance`` marks a vote sent ahead (bỏ phiếu trước) that was
    counted when the vote closed. Secret votes never have rows here."""

    __tablename__ = "vote_ballots"
    __table_args__ = (sa.UniqueConstraint("vote_id", "seat_user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(sa.ForeignKey("votes.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    seat_user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    choice: Mapped[str] = mapped_column(sa.String(20))
    ballot_id: Mapped[str] = mapped_column(sa.String(36), unique=True)
    advance: Mapped[bool] = mapped_column(default=False)
    cast_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
