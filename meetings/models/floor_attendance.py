from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, utcnow


class AttendanceMode(enum.Enum):
    in_room = "in_room"  # tại phòng họp (điểm danh trên máy tính bảng)
    online = "online"  # trực tuyến (qua đường dẫn họp trực tuyến của cuộc họp)

    @property
    def label(self) -> str:
        from flask_babel import gettext as _

        return {"in_room": _("Tại phòng họp"), "online": _("Trực tuyến")}[self.value]


class FloorAttendance(db.Model):
    """One person's attendance at the session as the floor knows it: checked in (in the room or
    online, when), late, left early, or marked absent with a reason; ``marked_by`` is who made the
    last change (the person themself, or the secretary). The minutes propose attendance from these
    rows (meetings/services/attendance.py)."""

    __tablename__ = "floor_attendances"
    __table_args__ = (sa.UniqueConstraint("meeting_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    mode: Mapped[AttendanceMode | None] = mapped_column(
        sa.Enum(AttendanceMode, name="attendance_mode", native_enum=False, length=20)
    )
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    late: Mapped[bool] = mapped_column(default=False)
    absent: Mapped[bool] = mapped_column(default=False)
    absent_reason: Mapped[str] = mapped_column(sa.String(500), default="")
    marked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    user = relationship("User", foreign_keys=[user_id])

    @property
    def present(self) -> bool:
        """In the session now: checked in and not gone."""
        return self.checked_in_at is not None and self.left_at is None and not self.absent

    @property
    def status(self) -> str:
        if self.absent:
            return "absent"
        if self.checked_in_at is None:
            return "unknown"
        return "left" if self.left_at is not None else "present"

    def to_dict(self) -> dict:
        return {
            "user_id": self.user_id,
            "status": self.status,
            "mode": self.mode.value if self.mode else None,
            "checked_in_at": self.checked_in_at.isoformat() if self.checked_in_at else None,
            "left_at": self.left_at.isoformat() if self.left_at else None,
            "late": self.late,
            "absent_reason": self.absent_reason,
        }
