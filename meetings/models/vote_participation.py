from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class VoteParticipation(db.Model):
    """Who has voted in a secret (kín) vote — never how: the choice is a ``VoteChoice`` row with
    nothing that links it back here. ``ballot_id`` (the tablet's UUID) only makes a repeated
    ballot recognisable; it is not stored with the choice."""

    __tablename__ = "vote_participations"

    vote_id: Mapped[int] = mapped_column(sa.ForeignKey("votes.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    seat_user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    ballot_id: Mapped[str] = mapped_column(sa.String(36), unique=True)
