from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import UTCDateTime, utcnow


class LiveState(db.Model):
    """The live state of one meeting: the presenter, the slide everyone follows, the agenda item
    under discussion, and the meeting's event counter ``seq`` (incremented with ``UPDATE … SET
    seq = seq + 1 RETURNING seq``, which locks the row until commit, so seqs are handed out and
    committed in order)."""

    __tablename__ = "live_states"

    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    seq: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    document_id: Mapped[int | None] = mapped_column(sa.ForeignKey("documents.id", ondelete="SET NULL"))
    page: Mapped[int] = mapped_column(default=1)
    zoom: Mapped[float] = mapped_column(sa.Float, default=1.0)
    presenter_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    slide_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    # the agenda item under discussion (set by the chair or the secretary): speaker requests go to it
    agenda_item_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agenda_items.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def slide(self) -> dict:
        return {"document_id": self.document_id, "page": self.page, "zoom": self.zoom}
