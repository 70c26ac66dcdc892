from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, utcnow


class TaskStatus(enum.Enum):
    open = "open"  # đang thực hiện
    done = "done"  # đã hoàn thành

    @property
    def label(self) -> str:
        from flask_babel import gettext as _

        return {"open": _("Đang thực hiện"), "done": _("Đã hoàn thành")}[self.value]


class Task(db.Model):
    """A task assigned by a meeting's conclusion to a unit and/or a person, with a deadline
    (a calendar date in Vietnam time)."""

    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("agenda_items.id", ondelete="SET NULL"), index=True
    )
    conclusion: Mapped[str] = mapped_column(sa.Text, default="")  # the conclusion (or its reference) it comes from
    title: Mapped[str] = mapped_column(sa.String(500))
    assignee_unit: Mapped[str] = mapped_column(sa.String(200), default="", index=True)
    assignee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    deadline: Mapped[date] = mapped_column(sa.Date, index=True)
    status: Mapped[TaskStatus] = mapped_column(
        sa.Enum(TaskStatus, name="task_status", native_enum=False, length=20), default=TaskStatus.open, index=True
    )
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    done_note: Mapped[str] = mapped_column(sa.Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    meeting = relationship("Meeting")
    agenda_item = relationship("AgendaItem")
    assignee = relationship("User", foreign_keys=[assignee_id])
    created_by = relationship("User", foreign_keys=[created_by_id])

    @property
    def assignee_label(self) -> str:
        parts = [p for p in (self.assignee_unit, self.assignee.full_name if self.assignee else "") if p]
        return " – ".join(parts)

    def __repr__(self) -> str:
        return f"<Task {self.id} {self.status.value} {self.deadline}>"
