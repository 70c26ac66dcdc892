from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, utcnow


class Document(db.Model):
    """Facts about the current version of a document; its bytes are the object ``object_key`` in
    the object store. Earlier versions are kept as :class:`DocumentVersion` rows."""

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
    # The current version: 1 at upload, +1 on every replacement; its upload time.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Page images (small JPEGs) stored next to the PDF: ``thumbnail_key(n)`` for n < thumbnail_count.
    thumbnail_count: Mapped[int] = mapped_column(default=0, server_default="0")
    # Access: "Mật" documents are read only by the named recipients (and those preparing the
    # meeting); observers read only documents marked for them.
    confidential: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    observer_visible: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    agenda_item = relationship("AgendaItem", back_populates="documents")
    meeting = relationship("Meeting")
    uploaded_by = relationship("User")
    recipients = relationship(
        "DocumentRecipient", back_populates="document", cascade="all, delete-orphan", order_by="DocumentRecipient.id"
    )
    versions = relationship(
        "DocumentVersion",
        back_populates="document",
        cascade="all, delete-orphan",
        order_by="DocumentVersion.version.desc()",
    )

    @property
    def recipient_ids(self) -> set[int]:
        return {r.user_id for r in self.recipients}

    @property
    def version_uploaded_at(self) -> datetime:
        return self.updated_at or self.created_at

    def thumbnail_key(self, page: int = 0) -> str:
        return thumbnail_key(self.object_key, page)

    def __repr__(self) -> str:
        return f"<Document {self.id} v{self.version} {self.title!r}>"


def thumbnail_key(object_key: str, page: int) -> str:
    """Page images live under the PDF's own prefix: ``…/<uuid>.pdf`` → ``…/<uuid>/thumbs/<n>.jpg``."""
    base = object_key[:-4] if object_key.endswith(".pdf") else object_key
    return f"{base}/thumbs/{page + 1}.jpg"
