from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, utcnow


class MeetingKind(enum.Enum):
    regular = "regular"  # thường kỳ
    thematic = "thematic"  # chuyên đề
    special = "special"  # bất thường

    @property
    def label(self) -> str:
        from flask_babel import gettext as _

        return {"regular": _("Thường kỳ"), "thematic": _("Chuyên đề"), "special": _("Bất thường")}[self.value]


class MeetingState(enum.Enum):
    draft = "draft"
    published = "published"
    in_session = "in_session"
    closed = "closed"
    cancelled = "cancelled"

    @property
    def label(self) -> str:
        from flask_babel import gettext as _

        return {
            "draft": _("Dự thảo"),
            "published": _("Đã công bố"),
            "in_session": _("Đang họp"),
            "closed": _("Đã kết thúc"),
            "cancelled": _("Đã hủy"),
        }[self.value]


class Meeting(db.Model):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    # the body holding it (cơ quan chủ trì): app.models.Body; ``body`` below reads its name
    body_id: Mapped[int] = mapped_column(sa.ForeignKey("bodies.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[MeetingKind] = mapped_column(
        sa.Enum(MeetingKind, name="meeting_kind", native_enum=False, length=20), default=MeetingKind.regular
    )
    state: Mapped[MeetingState] = mapped_column(
        sa.Enum(MeetingState, name="meeting_state", native_enum=False, length=20),
        default=MeetingState.draft,
        index=True,
    )
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # what really happened (the schedule above is only the plan): set by start_meeting / close_meeting
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # set by publish_meeting; None = never published: once cancelled, still only its preparers see it
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    place: Mapped[str] = mapped_column(sa.String(300), default="")
    video_url: Mapped[str | None] = mapped_column(sa.String(500))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    host_body = relationship("Body", lazy="joined")
    members = relationship(
        "MeetingMember", back_populates="meeting", cascade="all, delete-orphan", order_by="MeetingMember.id"
    )
    agenda_items = relationship(
        "AgendaItem", back_populates="meeting", cascade="all, delete-orphan", order_by="AgendaItem.position"
    )

    @property
    def body(self) -> str:
        """The holding body's name ("UBND xã Mỹ Thọ"), as minutes, PDFs and the archive print it."""
        return self.host_body.name if self.host_body is not None else ""

    @body.setter
    def body(self, name: str) -> None:
        """Seeds and test data name the body; the services set ``body_id`` (see ``Body.named``)."""
        from app.models import Body

        self.host_body = Body.named(name)

    @hybrid_property
    def held_from(self) -> datetime:
        """When it really began (started in the app), else when it was planned to."""
        return self.started_at or self.starts_at

    @held_from.inplace.expression
    @classmethod
    def _held_from_expression(cls):
        return sa.func.coalesce(cls.started_at, cls.starts_at)

    @property
    def held_until(self) -> datetime | None:
        return self.ended_at or self.ends_at

    def role_of(self, user) -> MeetingRole | None:  # noqa: F821
        for m in self.members:
            if m.user_id == getattr(user, "id", None):
                return m.role
        return None

    def members_with_role(self, role) -> list:
        return [m.user for m in self.members if m.role == role]

    def __repr__(self) -> str:
        return f"<Meeting {self.id} {self.title!r} {self.state.value}>"
