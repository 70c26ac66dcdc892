from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import UTCDateTime, utcnow


class LivePresence(db.Model):
    """One open Socket.IO connection that joined a meeting (a user may have several devices).
    Kept in the database so that every server process sees the same attendance; ``server_id``
    names the process holding the connection, so that a process that died without closing its
    connections can be told from a living one (``LiveServer``)."""

    __tablename__ = "live_presences"

    sid: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    server_id: Mapped[str | None] = mapped_column(sa.String(64), index=True)


class LiveServer(db.Model):
    """A server process holding live connections, and when it last said it was alive (its
    heartbeat, ``meetings.services.live_servers``). A process whose heartbeat stopped — killed,
    frozen, cut off — is swept away with the presence of its connections."""

    __tablename__ = "live_servers"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
