from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db


class AgendaItem(db.Model):
    __tablename__ = "agenda_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agenda_items.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(sa.String(500))
    presenter_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    presenter_name: Mapped[str] = mapped_column(sa.String(200), default="")  # when the presenter has no account
    duration_minutes: Mapped[int | None] = mapped_column()
    speaking_minutes: Mapped[int | None] = mapped_column()  # each speech on this item; None: the meeting's default
    description: Mapped[str] = mapped_column(sa.Text, default="")
    # marked for a decision (cần biểu quyết): members who will be absent may send their vote ahead
    for_decision: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    meeting = relationship("Meeting", back_populates="agenda_items")
    presenter = relationship("User")
    documents = relationship("Document", back_populates="agenda_item", order_by="Document.id")
    parent = relationship("AgendaItem", remote_side=[id], back_populates="children")
    children = relationship("AgendaItem", back_populates="parent", order_by="AgendaItem.position")

    @property
    def presenter_label(self) -> str:
        if self.presenter is not None:
            return f"{self.presenter.full_name} – {self.presenter.position}".strip(" –")
        return self.presenter_name
