from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, utcnow


class SubstitutionState(enum.Enum):
    pending = "pending"  # chờ duyệt
    approved = "approved"  # đã duyệt
    rejected = "rejected"  # từ chối

    @property
    def label(self) -> str:
        from flask_babel import gettext as _

        return {"pending": _("Chờ duyệt"), "approved": _("Đã duyệt"), "rejected": _("Từ chối")}[self.value]


class Substitution(db.Model):
    """ "Dự thay": a member names who attends in their place; the secretariat decides."""

    __tablename__ = "substitutions"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    absent_user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    substitute_user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(sa.String(500), default="")
    state: Mapped[SubstitutionState] = mapped_column(
        sa.Enum(SubstitutionState, name="substitution_state", native_enum=False, length=20),
        default=SubstitutionState.pending,
    )
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    meeting = relationship("Meeting")
    absent_user = relationship("User", foreign_keys=[absent_user_id])
    substitute_user = relationship("User", foreign_keys=[substitute_user_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])
