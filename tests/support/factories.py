"""Factories: build real rows through the same services the product uses."""

from __future__ import annotations

import io
import itertools
from datetime import UTC, datetime, timedelta

from app.auth.services import create_user as _create_user
from app.extensions import db
from app.models import SystemRole
from meetings.models import AgendaItem, Meeting, MeetingKind, MeetingMember, MeetingRole, MeetingState
from tests.support.pdfs import make_pdf

_seq = itertools.count(1)
PASSWORD = "mat-khau-thu-nghiem"


def create_user(login: str | None = None, role: SystemRole | str = SystemRole.member, **kw):
    login = login or f"user{next(_seq)}"
    return _create_user(
        login,
        kw.pop("full_name", f"Người dùng {login}"),
        kw.pop("password", PASSWORD),
        role,
        position=kw.pop("position", "Chuyên viên"),
        unit=kw.pop("unit", "UBND huyện"),
        **kw,
    )


def create_body(name: str = "UBND xã Mỹ Thọ", **kw):
    """A body (active unless ``dissolved_on`` is given), level guessed from the name."""
    from app.models import Body

    body = Body.named(name)
    for key, value in kw.items():
        setattr(body, key, value)
    db.session.flush()
    return body


def create_meeting(
    members: dict | None = None,
    state: MeetingState | str = MeetingState.published,
    title: str | None = None,
    starts_at: datetime | None = None,
    items: int = 0,
) -> Meeting:
    """``members`` maps users to ``MeetingRole`` (or its value)."""
    meeting = Meeting(
        title=title or f"Phiên họp thử nghiệm số {next(_seq)}",
        body="UBND huyện Cao Lãnh",
        kind=MeetingKind.regular,
        state=MeetingState(state),
        starts_at=starts_at or datetime.now(UTC) + timedelta(days=3),
        place="Phòng họp số 1",
    )
    if meeting.state != MeetingState.draft:  # as if published through the service (a cancelled one too)
        meeting.published_at = datetime.now(UTC)
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
    from meetings.services.documents import store_document

    return store_document(
        uploader, meeting, io.BytesIO(make_pdf(pages)), "tai-lieu.pdf", title=title, agenda_item=agenda_item
    )


def create_agenda_item(meeting: Meeting, title: str = "Nội dung", parent=None, **kw) -> AgendaItem:
    """An agenda item appended after its siblings (written directly, not through the service)."""
    siblings = [i for i in meeting.agenda_items if i.parent_id == (parent.id if parent else None)]
    item = AgendaItem(
        meeting_id=meeting.id,
        parent_id=parent.id if parent else None,
        title=title,
        position=max((i.position for i in siblings), default=-1) + 1,
        **kw,
    )
    db.session.add(item)
    db.session.flush()
    db.session.refresh(meeting)
    return item


def meeting_people() -> dict:
    """One person for every relation to a meeting: the permission-matrix cast."""
    return {
        "secretariat": create_user(role=SystemRole.secretariat),
        "chair": create_user(),
        "secretary": create_user(),
        "member": create_user(),
        "observer": create_user(),
        "outsider": create_user(),
        "archivist": create_user(role=SystemRole.archivist),
    }


def cast_meeting(people: dict, state: MeetingState | str = MeetingState.published, **kw) -> Meeting:
    return create_meeting(
        {
            people["chair"]: "chair",
            people["secretary"]: "secretary",
            people["member"]: "member",
            people["observer"]: "observer",
        },
        state=state,
        **kw,
    )
