from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, utcnow


class FloorRuleSet(db.Model):
    """The floor rules (meetings/floor_rules.py) of one body and meeting kind; ``body == ""`` applies
    to every body, ``kind is None`` to every kind. Without a row the law's defaults apply."""

    __tablename__ = "floor_rule_sets"
    __table_args__ = (sa.UniqueConstraint("body", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(sa.String(200), default="")
    kind: Mapped[str | None] = mapped_column(sa.String(20), nullable=True)
    rules: Mapped[dict] = mapped_column(sa.JSON)
    updated_at: Mapped[object] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    updated_by = relationship("User")
