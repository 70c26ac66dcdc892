from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, utcnow


class SignedMinutes(db.Model):
    """One signed revision of a meeting's minutes PDF (bytes in the object store). Each signature
    is an incremental update, so the revision with the most signatures is the current record."""

    __tablename__ = "signed_minutes"
    __table_args__ = (sa.UniqueConstraint("meeting_id", "signatures"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    object_key: Mapped[str] = mapped_column(sa.String(500), unique=True)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    size: Mapped[int] = mapped_column(sa.BigInteger)
    signatures: Mapped[int] = mapped_column()  # how many signatures this revision carries
    signed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    meeting = relationship("Meeting")
    signed_by = relationship("User")
