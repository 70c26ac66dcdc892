from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db


class AgendaConclusion(db.Model):
    """The chair's conclusion on one agenda item, as written in the minutes, and the secretary's
    wording of who spoke on it (``speeches``; NULL: the lines built from the speaker log)."""

    __tablename__ = "agenda_conclusions"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    agenda_item_id: Mapped[int] = mapped_column(sa.ForeignKey("agenda_items.id", ondelete="CASCADE"), unique=True)
    text: Mapped[str] = mapped_column(sa.Text, default="")
    speeches: Mapped[str | None] = mapped_column(sa.Text)

    agenda_item = relationship("AgendaItem")
