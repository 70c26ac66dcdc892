from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db


class DocumentRecipient(db.Model):
    """A member named to read a confidential ("Mật") document."""

    __tablename__ = "document_recipients"
    __table_args__ = (sa.UniqueConstraint("document_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)

    document = relationship("Document", back_populates="recipients")
    user = relationship("User")
