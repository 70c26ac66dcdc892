from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, utcnow
from meetings.notices import Notice


class Notification(db.Model):
    """An in-app message to one user about one meeting (invitation, agenda change, cancellation…)."""

    __tablename__ = "notifications"
    __table_args__ = (sa.Index("ix_notifications_user_id_read_at", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    meeting_id: Mapped[int | None] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    # what it is about when that is a written opinion ballot (outside any meeting): the link opens it
    opinion_ballot_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("opinion_ballots.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(sa.String(1000))  # the Vietnamese text (rows before msgid: the only one)
    # the message id and its parameters, translated in the reader's language when shown (meetings/notices.py)
    msgid: Mapped[str | None] = mapped_column(sa.String(500))
    params: Mapped[dict | None] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user = relationship("User")
    meeting = relationship("Meeting")

    @property
    def notice(self) -> Notice | None:
        return Notice.from_json(self.msgid, self.params) if self.msgid else None

    @property
    def shown_text(self) -> str:
        """The text in the current locale; an old row without a message id shows the text it was sent with."""
        notice = self.notice
        if notice is None:
            return self.text
        try:
            return notice.render()
        except (KeyError, ValueError, TypeError):  # a translation whose placeholders do not fit: the text sent
            return self.text

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
