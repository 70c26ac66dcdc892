from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, utcnow


class Document(db.Model):
    """Facts about a document; its bytes are the object ``object_key`` in the object store."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("agenda_items.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(500))
    filename: Mapped[str] = mapped_column(sa.String(255))
    object_key: Mapped[str] = mapped_column(sa.String(500), unique=True)
    content_type: Mapped[str] = mapped_column(sa.String(100), default="application/pdf")
    size: Mapped[int] = mapped_column(sa.BigInteger)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    page_count: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(sa.Text, default="")  # extracted for search
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    agenda_item = relationship("AgendaItem", back_populates="documents")
    meeting = relationship("Meeting")
    uploaded_by = relationship("User")
