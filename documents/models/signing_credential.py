from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, utcnow


class SigningCredential(db.Model):
    """A user's signing certificate and key as an uploaded PKCS#12, encrypted at rest with a key
    derived from the application secret (documents/credentials.py). The PKCS#12 passphrase is
    never stored: it is asked at each signature."""

    __tablename__ = "signing_credentials"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True, unique=True)
    encrypted_p12: Mapped[bytes] = mapped_column(sa.LargeBinary)
    subject: Mapped[str] = mapped_column(sa.String(500))
    issuer: Mapped[str] = mapped_column(sa.String(500))
    serial: Mapped[str] = mapped_column(sa.String(80))
    fingerprint: Mapped[str] = mapped_column(sa.String(64))  # sha256 of the certificate (DER)
    not_before: Mapped[datetime] = mapped_column(UTCDateTime())
    not_after: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user = relationship("User")
