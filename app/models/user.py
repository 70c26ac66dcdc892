from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db
from app.models.base import UTCDateTime, utcnow


class SystemRole(enum.Enum):
    """What a person is in the organisation, independent of any one meeting."""

    admin = "admin"  # quản trị hệ thống
    secretariat = "secretariat"  # văn phòng / thư ký
    archivist = "archivist"  # văn thư / lưu trữ
    member = "member"  # thành viên (chủ tịch, phó chủ tịch, ủy viên, trưởng phòng)

    @property
    def label(self) -> str:
        from flask_babel import gettext as _

        return {
            "admin": _("Quản trị hệ thống"),
            "secretariat": _("Văn phòng (thư ký)"),
            "archivist": _("Văn thư – lưu trữ"),
            "member": _("Thành viên"),
        }[self.value]


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(sa.String(64), unique=True)
    full_name: Mapped[str] = mapped_column(sa.String(200))
    position: Mapped[str] = mapped_column(sa.String(200), default="")  # chức vụ
    unit: Mapped[str] = mapped_column(sa.String(200), default="")  # đơn vị
    email: Mapped[str | None] = mapped_column(sa.String(254))
    password_hash: Mapped[str] = mapped_column(sa.String(256))
    system_role: Mapped[SystemRole] = mapped_column(
        sa.Enum(SystemRole, name="system_role", native_enum=False, length=20), default=SystemRole.member
    )
    is_active_account: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str | None] = mapped_column(sa.String(8))
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A temporary password set by an administrator: every page leads to the change form until done.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # Part of the session's user id (get_id): raising it ends every session signed in before.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        """Flask-Login's session id: "<id>.<session_version>" (app/auth/__init__.py, load_user)."""
        return f"{self.id}.{self.session_version or 0}"

    @property
    def is_active(self) -> bool:  # Flask-Login: disabled accounts cannot log in
        return self.is_active_account

    def __repr__(self) -> str:
        return f"<User {self.login} {self.system_role.value}>"
