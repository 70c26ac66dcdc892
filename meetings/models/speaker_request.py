from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, utcnow


class SpeakerState(enum.Enum):
    requested = "requested"  # waiting in the item's queue
    speaking = "speaking"  # has the floor now (at most one per meeting)
    done = "done"  # spoke: started_at … ended_at
    withdrawn = "withdrawn"  # the member took the request back
    removed = "removed"  # the chair or the secretary struck it from the queue

    @property
    def open(self) -> bool:
        return self in OPEN_STATES


OPEN_STATES = (SpeakerState.requested, SpeakerState.speaking)
_OPEN_SQL = sa.text("state IN ('requested', 'speaking')")


class SpeakerRequest(db.Model):
    """A member's request for the floor on one agenda item, and — once granted — their speech.
    ``position`` orders an item's queue (first come, first served). A member holds at most one
    open (requested or speaking) request per item: a partial unique index guards it."""

    __tablename__ = "speaker_requests"
    __table_args__ = (
        sa.Index(
            "uq_speaker_requests_open",
            "agenda_item_id",
            "user_id",
            unique=True,
            sqlite_where=_OPEN_SQL,
            postgresql_where=_OPEN_SQL,
        ),
        sa.Index("ix_speaker_requests_agenda_item_id_position", "agenda_item_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    agenda_item_id: Mapped[int] = mapped_column(sa.ForeignKey("agenda_items.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    state: Mapped[SpeakerState] = mapped_column(
        sa.Enum(SpeakerState, name="speaker_state", native_enum=False, length=10), default=SpeakerState.requested
    )
    position: Mapped[int] = mapped_column(default=0)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    allotted_seconds: Mapped[int | None] = mapped_column()  # the item's speaking time when the floor was given

    user = relationship("User")
    agenda_item = relationship("AgendaItem")

    @property
    def duration_seconds(self) -> int | None:
        if self.started_at is None or self.ended_at is None:
            return None
        return max(0, round((self.ended_at - self.started_at).total_seconds()))

    def __repr__(self) -> str:
        return f"<SpeakerRequest {self.id} item={self.agenda_item_id} user={self.user_id} {self.state.value}>"
