"""Written opinion ballots (phiếu lấy ý kiến thành viên UBND) asked between sessions.

A ballot belongs to no meeting: the secretariat asks the members of a body (``body_id``, an
``app.models.Body``; ``body`` reads its name, like ``Meeting.body``) for their opinion on a draft by a deadline. The draft PDF is the ballot's own object
in the store (``draft_key``), not a ``documents.Document`` (which needs a meeting); it is read only
through the ballot's services, which check access, write the access log and watermark the copy.
"""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, utcnow


class OpinionBallotState(enum.Enum):
    open = "open"
    closed = "closed"
    cancelled = "cancelled"

    @property
    def label(self) -> str:
        from flask_babel import gettext as _

        return {"open": _("Đang lấy ý kiến"), "closed": _("Đã kết thúc"), "cancelled": _("Đã hủy")}[self.value]


class OpinionChoice(enum.Enum):
    agree = "agree"  # Đồng ý (counts in favour)
    disagree = "disagree"  # Không đồng ý
    other = "other"  # Ý kiến khác (with a comment)

    @property
    def label(self) -> str:
        from flask_babel import gettext as _

        return {"agree": _("Đồng ý"), "disagree": _("Không đồng ý"), "other": _("Ý kiến khác")}[self.value]


class OpinionBallot(db.Model):
    __tablename__ = "opinion_ballots"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(500))
    question: Mapped[str] = mapped_column(sa.Text)  # what is decided
    # the body asked (app.models.Body; dissolved bodies keep their ballots in the archive)
    body_id: Mapped[int] = mapped_column(sa.ForeignKey("bodies.id", ondelete="RESTRICT"), index=True)
    state: Mapped[OpinionBallotState] = mapped_column(
        sa.Enum(OpinionBallotState, name="opinion_ballot_state", native_enum=False, length=20),
        default=OpinionBallotState.open,
        index=True,
    )
    deadline: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    rules: Mapped[dict] = mapped_column(sa.JSON)  # FloorRules.to_dict() when it was opened
    # the draft, the ballot's own object in the store
    draft_key: Mapped[str] = mapped_column(sa.String(300))
    draft_filename: Mapped[str] = mapped_column(sa.String(300), default="")
    draft_size: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    draft_sha256: Mapped[str] = mapped_column(sa.String(64), default="")
    draft_pages: Mapped[int] = mapped_column(default=0)
    draft_text: Mapped[str] = mapped_column(sa.Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancel_reason: Mapped[str] = mapped_column(sa.String(500), default="")
    result: Mapped[dict | None] = mapped_column(sa.JSON)  # counts, decision, summary
    answers_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    report_key: Mapped[str | None] = mapped_column(sa.String(300))
    report_sha256: Mapped[str | None] = mapped_column(sa.String(64))

    host_body = relationship("Body", lazy="joined")
    created_by = relationship("User", foreign_keys=[created_by_id])
    recipients = relationship(
        "OpinionBallotRecipient",
        back_populates="ballot",
        order_by="OpinionBallotRecipient.position",
        cascade="all, delete-orphan",
    )

    @property
    def body(self) -> str:
        """The asked body's name ("UBND xã Mỹ Thọ"), as pages, the report and the archive print it."""
        return self.host_body.name if self.host_body is not None else ""

    @body.setter
    def body(self, name: str) -> None:
        """Seeds and test data name the body; the services set ``body_id`` (see ``Body.named``)."""
        from app.models import Body

        self.host_body = Body.named(name)

    @property
    def is_open(self) -> bool:
        return self.state == OpinionBallotState.open

    def recipient_of(self, user) -> OpinionBallotRecipient | None:
        uid = getattr(user, "id", None)
        return next((r for r in self.recipients if r.user_id == uid), None)


class OpinionBallotRecipient(db.Model):
    """A member asked, with their office as it was when asked, and their answer (one per member,
    changeable until the ballot closes; optionally signed as a PAdES ballot PDF)."""

    __tablename__ = "opinion_ballot_recipients"
    __table_args__ = (sa.UniqueConstraint("ballot_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ballot_id: Mapped[int] = mapped_column(sa.ForeignKey("opinion_ballots.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    full_name: Mapped[str] = mapped_column(sa.String(200), default="")
    office: Mapped[str] = mapped_column(sa.String(300), default="")
    choice: Mapped[OpinionChoice | None] = mapped_column(
        sa.Enum(OpinionChoice, name="opinion_choice", native_enum=False, length=20)
    )
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    signed_key: Mapped[str | None] = mapped_column(sa.String(300))
    signed_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    ballot = relationship("OpinionBallot", back_populates="recipients")
    user = relationship("User")

    @property
    def answered(self) -> bool:
        return self.choice is not None
