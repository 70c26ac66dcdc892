from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, utcnow
from documents.models.stored_pkcs12 import StoredPkcs12


class AgencySeal(StoredPkcs12, db.Model):
    """An agency's seal ("dấu cơ quan") as a signing certificate and key: an uploaded PKCS#12,
    encrypted at rest like users' credentials (documents/credentials.py), one per issuing body
    (``Meeting.body``). The secretariat (văn thư) keeps it and applies it, with its passphrase
    asked each time, as the optional last signature of the minutes."""

    __tablename__ = "agency_seals"

    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(sa.String(200), unique=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    uploaded_by = relationship("User")
