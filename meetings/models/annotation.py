from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import UTCDateTime, utcnow


class AnnotationLayer(enum.Enum):
    private = "private"  # only the author, on all of the author's devices
    shared = "shared"  # everyone in the meeting


class AnnotationKind(enum.Enum):
    ink = "ink"
    highlight = "highlight"
    note = "note"


class Annotation(db.Model):
    """A mark on a page of a meeting document. ``id`` is the client's UUID, so that a mark sent
    twice (offline queue, reconnect) is stored once. Coordinates in ``data`` are normalised to the
    page (0..1), so the mark lands in the same place on every screen."""

    __tablename__ = "annotations"
    __table_args__ = (sa.Index("ix_annotations_meeting_id_document_id_page", "meeting_id", "document_id", "page"),)

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("documents.id", ondelete="CASCADE"))
    page: Mapped[int] = mapped_column()
    layer: Mapped[AnnotationLayer] = mapped_column(
        sa.Enum(AnnotationLayer, name="annotation_layer", native_enum=False, length=10)
    )
    kind: Mapped[AnnotationKind] = mapped_column(
        sa.Enum(AnnotationKind, name="annotation_kind", native_enum=False, length=10)
    )
    data: Mapped[dict] = mapped_column(sa.JSON)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(default=0)  # the meeting seq of its last change
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "document_id": self.document_id,
            "page": self.page,
            "layer": self.layer.value,
            "kind": self.kind.value,
            "data": self.data,
            "author_id": self.author_id,
            "deleted": self.deleted_at is not None,
        }
