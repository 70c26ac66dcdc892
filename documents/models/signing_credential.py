from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, utcnow
from documents.models.stored_pkcs12 import StoredPkcs12


class SigningCredential(StoredPkcs12, db.Model):
    """A user's signing certificate and key as an uploaded PKCS#12, encrypted at rest with a key
    derived from the application secret (documents/credentials.py). The PKCS#12 passphrase is
    never stored: it is asked at each signature."""

    __tablename__ = "signing_credentials"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True, unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user = relationship("User")
