from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import UTCDateTime


class StoredPkcs12:
    """Columns of an uploaded PKCS#12 kept encrypted at rest (documents/credentials.py), with the
    facts of its certificate for display; shared by users' credentials and agency seals."""

    encrypted_p12: Mapped[bytes] = mapped_column(sa.LargeBinary)
    subject: Mapped[str] = mapped_column(sa.String(500))
    issuer: Mapped[str] = mapped_column(sa.String(500))
    serial: Mapped[str] = mapped_column(sa.String(80))
    fingerprint: Mapped[str] = mapped_column(sa.String(64))  # sha256 of the certificate (DER)
    not_before: Mapped[datetime] = mapped_column(UTCDateTime())
    not_after: Mapped[datetime] = mapped_column(UTCDateTime())

    FACTS = ("subject", "issuer", "serial", "fingerprint", "not_before", "not_after")
