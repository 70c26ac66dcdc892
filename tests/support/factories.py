"""Factories: build real rows through the same services the product uses."""
from __future__ import annotations

import io
import itertools
from datetime import datetime, timedelta, timezone

from app.auth.services import create_user as _create_user
from app.extensions import db
from app.models import SystemRole
from meetings.models import AgendaItem, Meeting, MeetingKind, MeetingMember, MeetingRole, MeetingState
from tests.support.pdfs import make_pdf

_seq = itertools.count(1)
PASSWORD = "mat-khau-thu-nghiem"


def create_user(login: str | None = None, role: SystemRole | str = SystemRole.member, **kw):
    login = login or f"user{next(_seq)}"
    return _create_user(login, kw.pop("full_name", f"Người dùng {login}"), kw.pop("password", PASSWORD),
                        role, position=kw.pop("position", "Chuyên viên"), unit=kw.pop("unit", "UBND huyện"), **kw)


def create_meeting(members: dict | None = None, state: MeetingState | str = MeetingState.published,
                   title: str | None = None, starts_at: datetime | None = None, items: int = 0) -> Meeting:
    """``members`` maps users to ``MeetingRole`` (or its value)."""
    meeting = Meeting(
        title=title or f"Phiên họp thử nghiệm số {next(_seq)}", body="UBND huyện Cao Lãnh",
        kind=MeetingKind.regular, state=MeetingState(state),
        starts_at=starts_at or datetime.now(timezone.utc) + timedelta(days=3),
        place="Phòng họp số 1",
    )
    db.session.add(meeting)
    db.session.flush()
    for user, role in (members or {}).items():
        db.session.add(MeetingMember(meeting_id=meeting.id, user_id=user.id, role=MeetingRole(role)))
    for n in range(items):
        db.session.add(AgendaItem(meeting_id=meeting.id, position=n, title=f"Nội dung {n + 1}"))
    db.session.flush()
    db.session.refresh(meeting)
    return meeting


def create_document(meeting: Meeting, uploader, pages: int = 3, agenda_item=None, title: str | None = None):
    from documents.services import store_document

    return store_document(uploader, meeting, io.BytesIO(make_pdf(pages)), "tai-lieu.pdf",
                          title=title, agenda_item=agenda_item)
