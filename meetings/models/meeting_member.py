from __future__ import annotations

import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db


class MeetingRole(enum.Enum):
    chair = "chair"  # chủ trì / chủ tọa
    secretary = "secretary"  # thư ký cuộc họp
    member = "member"  # thành viên dự họp
    observer = "observer"  # khách mời / dự thính

    @property
    def label(self) -> str:
        from flask_babel import gettext as _

        return {"chair": _("Chủ trì"), "secretary": _("Thư ký"), "member": _("Thành viên"), "observer": _("Khách mời")}[
            self.value
        ]


class MeetingMember(db.Model):
    __tablename__ = "meeting_members"
    __table_args__ = (sa.UniqueConstraint("meeting_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[MeetingRole] = mapped_column(
        sa.Enum(MeetingRole, name="meeting_role", native_enum=False, length=20), default=MeetingRole.member
    )

    meeting = relationship("Meeting", back_populates="members")
    user = relationship("User")
