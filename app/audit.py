"""The tamper-evident audit log (issue 12, item 4; docs/users-and-audit.md).

``record(action, **details)`` appends one entry in the caller's transaction (it flushes, never
commits): the entry is kept exactly when the action is. Each entry's hash is the SHA-256 of its
content (sequence number, time, actor, action, target, address, details) and the previous entry's
hash, so editing, deleting or reordering rows breaks the chain; :func:`verify_chain` (``flask --app
wsgi audit verify``) finds the first broken sequence number.

Concurrent appends: the chain's end is one row (``audit_head``); an append first runs ``UPDATE
audit_head SET seq = seq + 1 … RETURNING seq, hash``, which holds that row (PostgreSQL: a row lock;
SQLite: the database's write lock) until the transaction ends. The next append waits, then reads
the new end. A unique constraint on ``prev_hash`` (and on ``seq``) is the backstop: two entries can
never claim the same predecessor, whatever path wrote them.

Who and where: ``actor`` and ``address`` may be passed; otherwise, inside a request, they are the
signed-in user and the client's address (set by ProxyFix behind a proxy) — the one place outside a
view allowed to look at the request, because every caller would otherwise pass the same two things.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

import sqlalchemy as sa
from flask import has_request_context

from app.extensions import db
from app.models.audit import GENESIS, AuditEntry, AuditHead
from app.models.base import utcnow

# The actions written today (the audit page offers them as filters); others add their own names the
# same way: "<area>.<verb>".
ACTIONS = (
    "login.success",
    "login.failed",
    "login.lockout",
    "login.refused_locked",
    "logout",
    "user.create",
    "user.update",
    "user.deactivate",
    "user.reactivate",
    "user.password_reset",
    "user.import",
    "password.change",
    "token.issue",
    "token.revoke",
    "document.open",
    "document.download",
    "document.upload",
    "document.replace",
    "document.export",
    "document.thumbnail",
    "meeting_file.download",  # the signed minutes (meetings/views_minutes.py)
    "meeting_file.export",  # in a record export (meetings/archive/record_export.py)
    "minutes.sign",
    "minutes.seal",
    "minutes.verify",
)


def _canonical(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def entry_hash(entry: AuditEntry) -> str:
    """SHA-256 over the entry's content and the previous hash (hex)."""
    at = entry.at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    content = [
        entry.seq,
        entry.prev_hash,
        at,
        entry.actor_id,
        entry.actor_login,
        entry.action,
        entry.target,
        entry.address,
        entry.details,
    ]
    return hashlib.sha256(_canonical(content).encode()).hexdigest()


def _who_and_where(actor, address):
    if has_request_context():
        from flask import request
        from flask_login import current_user

        if actor is None and getattr(current_user, "is_authenticated", False):
            actor = current_user
        if address is None:
            address = request.remote_addr or ""
    return actor, address or ""


def _take_head():
    """Advance and lock the chain's end; returns (new seq, previous hash)."""
    statement = (
        sa.update(AuditHead)
        .where(AuditHead.id == 1)
        .values(seq=AuditHead.seq + 1)
        .returning(AuditHead.seq, AuditHead.hash)
        .execution_options(synchronize_session=False)
    )
    row = db.session.execute(statement).first()
    if row is None:  # a database created without the migration's row
        try:
            with db.session.begin_nested():
                db.session.add(AuditHead(id=1, seq=0, hash=GENESIS))
        except sa.exc.IntegrityError:
            pass  # created meanwhile by another transaction
        row = db.session.execute(statement).first()
    return row.seq, row.hash


def record(
    action: str, *, actor=None, actor_login: str = "", target: str = "", address: str | None = None, **details
) -> AuditEntry:
    """Append an entry for ``action`` (e.g. "user.deactivate") in the current transaction.
    ``actor_login`` names who it was when there is no account (a failed login's typed name).
    The entry is always dated now: the log says when this system did something, even when the
    action replays recorded history (the demo seed's 2020 signatures state their 2020 time in the
    PDF and the minutes' rows, but were recorded here when the demo was loaded)."""
    actor, address = _who_and_where(actor, address)
    seq, prev = _take_head()
    entry = AuditEntry(
        seq=seq,
        at=utcnow(),
        actor_id=getattr(actor, "id", None),
        actor_login=(getattr(actor, "login", None) or actor_login or "")[:64],
        action=action[:64],
        target=str(target or "")[:300],
        address=str(address)[:45],
        details=_canonical(details),
        prev_hash=prev,
    )
    entry.hash = entry_hash(entry)
    db.session.add(entry)
    db.session.execute(
        sa.update(AuditHead)
        .where(AuditHead.id == 1)
        .values(hash=entry.hash)
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    return entry


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    entries: int
    first_bad_seq: int | None = None
    reason: str = ""


def verify_chain(batch: int = 1000) -> ChainReport:
    """Walk the chain in sequence order; the first entry that is missing, out of place or altered
    is reported, and so is an end that does not match the head (entries cut off the end)."""
    expected_seq, prev, count = 1, GENESIS, 0
    query = sa.select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=batch, populate_existing=True)
    for entry in db.session.scalars(query):
        count += 1
        if entry.seq != expected_seq:
            return ChainReport(False, count, expected_seq, f"entry {expected_seq} is missing (found {entry.seq})")
        if entry.prev_hash != prev:
            return ChainReport(False, count, entry.seq, "does not follow the entry before it (deleted or reordered)")
        if entry_hash(entry) != entry.hash:
            return ChainReport(False, count, entry.seq, "its content does not match its hash (edited)")
        prev, expected_seq = entry.hash, expected_seq + 1
    head = db.session.execute(sa.select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1)).first()
    last_seq = expected_seq - 1
    if head is not None and (head.seq != last_seq or head.hash != prev):
        if head.seq > last_seq:
            return ChainReport(False, count, last_seq + 1, f"entries {last_seq + 1}–{head.seq} are missing")
        return ChainReport(False, count, head.seq, "the chain's head does not match its last entry")
    return ChainReport(True, count)
