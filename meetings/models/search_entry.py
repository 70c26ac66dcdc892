from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, utcnow


class SearchSource(enum.Enum):
    """What a search entry was made from."""

    meeting = "meeting"  # title, body, place, members
    agenda = "agenda"  # an agenda item: title, presenter, description
    document = "document"  # a document: title and extracted text
    minutes = "minutes"  # the minutes (draft or signed)
    opinion_ballot = "opinion_ballot"  # a closed written opinion ballot: its question and report (no meeting)

    @property
    def label(self) -> str:
        from flask_babel import gettext as _

        return {
            "meeting": _("Cuộc họp"),
            "agenda": _("Nội dung chương trình"),
            "document": _("Tài liệu"),
            "minutes": _("Biên bản"),
            "opinion_ballot": _("Phiếu lấy ý kiến"),
        }[self.value]


class SearchEntry(db.Model):
    """One searchable thing of a meeting, with its text as written and folded for matching.

    The full-text index over ``folded_title`` and ``folded_text`` is made by the migration, not by
    the model: an FTS5 external-content table kept in step by triggers on SQLite
    (``search_entries_fts``), on PostgreSQL a stored generated tsvector column with its GIN index
    (``search_entries_fts_vector``, ``search_entries_fts_vector_gin``)."""

    __tablename__ = "search_entries"
    __table_args__ = (sa.UniqueConstraint("source", "source_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # NULL for things asked outside a meeting (written opinion ballots)
    meeting_id: Mapped[int | None] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    source: Mapped[SearchSource] = mapped_column(
        sa.Enum(SearchSource, name="search_source", native_enum=False, length=20)
    )
    source_id: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(sa.String(500))
    text: Mapped[str] = mapped_column(sa.Text, default="")
    folded_title: Mapped[str] = mapped_column(sa.String(500))
    folded_text: Mapped[str] = mapped_column(sa.Text, default="")
    indexed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    meeting = relationship("Meeting")
