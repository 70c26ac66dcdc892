from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, utcnow


class AccessAction(enum.Enum):
    open = "open"  # xem trong ứng dụng
    download = "download"  # tải xuống
    upload = "upload"  # tải lên
    replace = "replace"  # thay thế bằng phiên bản mới
    export = "export"  # xuất trong hồ sơ cuộc họp (ZIP)
    thumbnail = "thumbnail"  # xem ảnh thu nhỏ các trang (at most once per person, version and 10 minutes)

    @property
    def label(self) -> str:
        from flask_babel import gettext as _

        return {
            "open": _("Xem"),
            "download": _("Tải xuống"),
            "upload": _("Tải lên"),
            "replace": _("Thay phiên bản"),
            "export": _("Xuất hồ sơ"),
            "thumbnail": _("Xem ảnh trang"),
        }[self.value]


class AccessLog(db.Model):
    """Who did what with which document (or the meeting's signed minutes: no document row, the
    title says so), when and from where. Rows outlive the documents,
    meetings and accounts they name (keys become NULL, the title stays)."""

    __tablename__ = "access_logs"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(sa.ForeignKey("meetings.id", ondelete="SET NULL"), index=True)
    document_id: Mapped[int | None] = mapped_column(sa.ForeignKey("documents.id", ondelete="SET NULL"), index=True)
    document_version: Mapped[int | None] = mapped_column()
    document_title: Mapped[str] = mapped_column(sa.String(500), default="")
    action: Mapped[AccessAction] = mapped_column(
        sa.Enum(AccessAction, name="access_action", native_enum=False, length=20)
    )
    channel: Mapped[str] = mapped_column(sa.String(10), default="web")  # web | api
    ip_address: Mapped[str] = mapped_column(sa.String(45), default="")
    user_agent: Mapped[str] = mapped_column(sa.String(400), default="")

    user = relationship("User")
    meeting = relationship("Meeting")
    document = relationship("Document")
