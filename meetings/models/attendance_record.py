from __future__ import annotations

import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db


class AttendanceStatus(enum.Enum):
    present = "present"  # có mặt
    absent = "absent"  # vắng mặt (có lý do)
    substitute = "substitute"  # vắng, cử người dự thay

    @property
    def label(self) -> str:
        from flask_babel import gettext as _

        return {"present": _("Có mặt"), "absent": _("Vắng mặt"), "substitute": _("Cử người dự thay")}[self.value]


class AttendanceRecord(db.Model):
    """Who attended, as the secretary saved it in the minutes; without a record the line is proposed
    from the live session and approved substitutions (meetings/services/attendance.py)."""

    __tablename__ = "attendance_records"
    __table_args__ = (sa.UniqueConstraint("meeting_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[AttendanceStatus] = mapped_column(
        sa.Enum(AttendanceStatus, name="attendance_status", native_enum=False, length=20),
        default=AttendanceStatus.present,
    )
    reason: Mapped[str] = mapped_column(sa.String(500), default="")
    substitute_name: Mapped[str] = mapped_column(sa.String(200), default="")

    user = relationship("User")
