from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, utcnow


class VoteKind(enum.Enum):
    approval = "approval"  # Tán thành / Không tán thành / Không biểu quyết
    choice = "choice"  # one of named options

    @property
    def label(self) -> str:
        from flask_babel import gettext as _

        return {"approval": _("Tán thành / Không tán thành"), "choice": _("Chọn phương án")}[self.value]


class VoteState(enum.Enum):
    open = "open"
    closed = "closed"

    @property
    def label(self) -> str:
        from flask_babel import gettext as _

        return {"open": _("Đang biểu quyết"), "closed": _("Đã kết thúc")}[self.value]


class Vote(db.Model):
    """A biểu quyết on an agenda item: the text to decide, named or secret, the floor rules as they
    were when it opened (``rules``), and once closed its result and the SHA-256 of its ballots
    (canonical JSON), never changed afterwards."""

    __tablename__ = "votes"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("agenda_items.id", ondelete="SET NULL"), index=True
    )
    question: Mapped[str] = mapped_column(sa.Text)
    kind: Mapped[VoteKind] = mapped_column(sa.Enum(VoteKind, name="vote_kind", native_enum=False, length=20))
    options: Mapped[list] = mapped_column(sa.JSON, default=list)  # the named options of a choice vote
    secret: Mapped[bool] = mapped_column(default=False)
    rules: Mapped[dict] = mapped_column(sa.JSON)  # FloorRules.to_dict() when it opened
    state: Mapped[VoteState] = mapped_column(
        sa.Enum(VoteState, name="vote_state", native_enum=False, length=20), default=VoteState.open
    )
    opened_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    closed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    result: Mapped[dict | None] = mapped_column(sa.JSON)
    ballots_sha256: Mapped[str | None] = mapped_column(sa.String(64))

    agenda_item = relationship("AgendaItem")

    @property
    def is_open(self) -> bool:
        return self.state == VoteState.open
