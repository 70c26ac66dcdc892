from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import UTCDateTime, utcnow


class ReminderDelivery(db.Model):
    """That the reminder ``key`` reached ``user_id``: one row, ever (the unique constraint is the
    guarantee that several processes running the same reminder at the same moment send it once)."""

    __tablename__ = "reminder_deliveries"
    __table_args__ = (sa.UniqueConstraint("key", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # what and when, e.g. "meeting:42:before-24h:2026-12-05T01:30Z" or "opinion-ballot:7:deadline-24h"
    key: Mapped[str] = mapped_column(sa.String(200))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
