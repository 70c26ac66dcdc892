"""The per-user iCalendar feed (lịch họp trên điện thoại): a secret URL and what the feed has said
about each meeting, so a moved meeting reaches phones with a higher SEQUENCE."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import UTCDateTime, utcnow


class CalendarFeed(db.Model):
    """One user's feed link: only the SHA-256 of its token is stored (the link is shown once);
    issuing again replaces it, revoking deletes the row — either way the old link answers 404."""

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    token_sha256: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class CalendarRevision(db.Model):
    """What the feeds last said about a meeting (a fingerprint of its time, place, title, link and
    state) and that version's SEQUENCE / LAST-MODIFIED: when the fingerprint changes the sequence
    goes up, so calendar apps replace the event instead of keeping the old one. Shared by every
    user's feed — the same meeting has the same UID and SEQUENCE on every phone."""

    __tablename__ = "calendar_revisions"

    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    sequence: Mapped[int] = mapped_column(default=0)
    fingerprint: Mapped[str] = mapped_column(sa.String(64))
    modified_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
