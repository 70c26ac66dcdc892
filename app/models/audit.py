"""The tamper-evident audit log (issue 12, item 4): append-only, hash-chained.

Each entry carries a sequence number and the hash of the entry before it; its own hash covers its
content and that previous hash (``app/audit.py`` computes and verifies it). ``AuditHead`` is one
row holding the last sequence number and hash: an append locks it (``UPDATE … SET seq = seq + 1``,
a row lock on PostgreSQL, the write lock on SQLite) until its transaction ends, so concurrent
appends form one chain, and ``audit verify`` also notices entries cut off the end of the chain."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import UTCDateTime, utcnow

GENESIS = "0" * 64  # the "previous hash" of the first entry


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(unique=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(index=True)  # no foreign key: the log outlives accounts
    actor_login: Mapped[str] = mapped_column(sa.String(64), default="")
    action: Mapped[str] = mapped_column(sa.String(64), index=True)
    target: Mapped[str] = mapped_column(sa.String(300), default="")
    address: Mapped[str] = mapped_column(sa.String(45), default="")
    details: Mapped[str] = mapped_column(sa.Text, default="{}")  # canonical JSON
    prev_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    hash: Mapped[str] = mapped_column(sa.String(64))


class AuditHead(db.Model):
    """The chain's end: one row (id 1)."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(default=0)
    hash: Mapped[str] = mapped_column(sa.String(64), default=GENESIS)
