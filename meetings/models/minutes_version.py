from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, utcnow


class MinutesVersion(db.Model):
    """Every save of a minutes draft, kept whole as a JSON snapshot of what was written."""

    __tablename__ = "minutes_versions"
    __table_args__ = (sa.UniqueConstraint("draft_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    draft_id: Mapped[int] = mapped_column(sa.ForeignKey("minutes_drafts.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column()  # 1, 2, 3 … per draft
    snapshot: Mapped[dict] = mapped_column(sa.JSON)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    draft = relationship("MinutesDraft", back_populates="versions")
    author = relationship("User")
