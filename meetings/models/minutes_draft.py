from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, utcnow


class MinutesState(enum.Enum):
    editing = "editing"  # the secretary writes
    locked = "locked"  # frozen for signing; unlockable until the first signature
    signed = "signed"  # every required signature is on the PDF

    @property
    def label(self) -> str:
        from flask_babel import gettext as _

        return {"editing": _("Đang soạn thảo"), "locked": _("Đã khóa để ký"), "signed": _("Đã ký")}[self.value]


class MinutesDraft(db.Model):
    """The minutes of one meeting while they are written and signed (one per meeting)."""

    __tablename__ = "minutes_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True, unique=True)
    number: Mapped[str] = mapped_column(sa.String(60), default="")  # e.g. "15/BB-UBND"
    narrative: Mapped[str] = mapped_column(sa.Text, default="")  # nội dung theo diễn biến cuộc họp
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # giờ bắt đầu, as the secretary corrected it
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # giờ kết thúc cuộc họp
    recipients: Mapped[str] = mapped_column(sa.Text, default="")  # "Nơi nhận", one per line
    state: Mapped[MinutesState] = mapped_column(
        sa.Enum(MinutesState, name="minutes_state", native_enum=False, length=20), default=MinutesState.editing
    )
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    meeting = relationship("Meeting")
    versions = relationship(
        "MinutesVersion", back_populates="draft", cascade="all, delete-orphan", order_by="MinutesVersion.number.desc()"
    )
