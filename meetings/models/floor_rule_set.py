from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, utcnow


class FloorRuleSet(db.Model):
    """The floor rules (meetings/floor_rules.py) of one body (``app.models.Body``) and meeting kind;
    ``body_id is None`` applies to every body, ``kind is None`` to every kind. Without a row the law's
    defaults apply. (The unique constraint does not hold NULLs apart: ``set_rules`` looks before it
    writes.)"""

    __tablename__ = "floor_rule_sets"
    __table_args__ = (sa.UniqueConstraint("body_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int | None] = mapped_column(sa.ForeignKey("bodies.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str | None] = mapped_column(sa.String(20), nullable=True)
    rules: Mapped[dict] = mapped_column(sa.JSON)
    updated_at: Mapped[object] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    updated_by = relationship("User")
    body = relationship("Body")
