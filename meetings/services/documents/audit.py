"""The access log: every open, download, upload and replacement of a document, and its reading."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app import audit
from app.extensions import db
from app.permissions import Perm, require_perm
from meetings.models import AccessAction, AccessLog

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class Client:
    """Where a request came from; the view fills it from the request, services only record it."""

    ip: str = ""
    user_agent: str = ""
    channel: str = "web"  # web | api | cli


def record_access(
    actor, document, action: AccessAction, client: Client | None = None, version: int | None = None
) -> AccessLog:
    client = client or Client(channel="cli")
    entry = AccessLog(
        user_id=getattr(actor, "id", None),
        meeting_id=document.meeting_id,
        document_id=document.id,
        document_version=version or document.version,
        document_title=document.title[:500],
        action=action,
        channel=client.channel[:10],
        ip_address=(client.ip or "")[:45],
        user_agent=(client.user_agent or "")[:400],
    )
    db.session.add(entry)
    db.session.flush()
    audit.record(
        f"document.{action.value}",
        actor=actor,
        target=f"document:{document.id}",
        address=client.ip or None,
        meeting_id=document.meeting_id,
        version=entry.document_version,
        channel=client.channel,
    )
    return entry


def record_meeting_access(actor, meeting, title: str, action: AccessAction, client: Client | None = None) -> AccessLog:
    """A file of the meeting that is not a Document (the signed minutes): the title names it."""
    client = client or Client(channel="cli")
    entry = AccessLog(
        user_id=getattr(actor, "id", None),
        meeting_id=meeting.id,
        document_id=None,
        document_version=None,
        document_title=title[:500],
        action=action,
        channel=client.channel[:10],
        ip_address=(client.ip or "")[:45],
        user_agent=(client.user_agent or "")[:400],
    )
    db.session.add(entry)
    db.session.flush()
    audit.record(
        f"meeting_file.{action.value}",
        actor=actor,
        target=f"meeting:{meeting.id}",
        address=client.ip or None,
        title=title[:200],
        channel=client.channel,
    )
    return entry


@dataclass(frozen=True)
class LogPage:
    items: list[AccessLog]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


def list_access_logs(
    actor,
    *,
    user_id: int | None = None,
    meeting_id: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    action: AccessAction | None = None,
    page: int = 1,
    per_page: int = 50,
) -> LogPage:
    """The log, newest first, filtered; dates are Vietnam calendar days (inclusive)."""
    require_perm(actor, Perm.AUDIT_VIEW)
    conditions = []
    if user_id is not None:
        conditions.append(AccessLog.user_id == user_id)
    if meeting_id is not None:
        conditions.append(AccessLog.meeting_id == meeting_id)
    if action is not None:
        conditions.append(AccessLog.action == action)
    if date_from is not None:
        conditions.append(AccessLog.created_at >= datetime.combine(date_from, time.min, tzinfo=VN_TZ))
    if date_to is not None:
        conditions.append(AccessLog.created_at < datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=VN_TZ))
    total = db.session.scalar(sa.select(sa.func.count(AccessLog.id)).where(*conditions)) or 0
    page = max(1, page)
    items = list(
        db.session.scalars(
            sa.select(AccessLog)
            .where(*conditions)
            .order_by(AccessLog.created_at.desc(), AccessLog.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    return LogPage(items=items, total=total, page=page, per_page=per_page)
