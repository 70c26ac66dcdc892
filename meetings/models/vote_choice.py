from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class VoteChoice(db.Model):
    """One anonymous choice of a secret vote: a random UUID key, the vote, the choice — no voter, no
    time, no sequence. The rows of a vote are rewritten in a random order on every ballot
    (meetings/services/vote_ballots.py), so neither the key nor the storage order follows the
    order in which people voted."""

    __tablename__ = "vote_choices"

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    vote_id: Mapped[int] = mapped_column(sa.ForeignKey("votes.id", ondelete="CASCADE"), index=True)
    choice: Mapped[str] = mapped_column(sa.String(20))
