"""What the secretariat's routes share: commit then mail, and showing a refusal on the page."""

from __future__ import annotations

import functools
from datetime import timedelta

import sqlalchemy as sa
from flask import render_template
from flask_babel import gettext as _
from flask_login import current_user

from app.announcements import publish_committed
from app.errors import ValidationError
from app.extensions import db
from app.models import User
from app.models.base import utcnow
from meetings.forms import MeetingForm
from meetings.localtime import LOCAL_TZ
from meetings.models import MeetingRole, MeetingState, Substitution, SubstitutionState
from meetings.services.agenda import agenda_tree
from meetings.services.attendance import standing_in_for
from meetings.services.meetings import EDITABLE_STATES, body_members_missing
from meetings.services.notifications import deliver_queued_emails, discard_queued_emails


def commit() -> None:
    """Commit once, then send the e-mails the change queued and hand what it announced to the
    live room (``app.announcements``)."""
    db.session.commit()
    deliver_queued_emails()
    publish_committed()


def form_for(meeting) -> MeetingForm:
    def local(value):
        return value.astimezone(LOCAL_TZ).replace(tzinfo=None) if value else None

    return MeetingForm(
        current_body=meeting.host_body,
        data={
            "title": meeting.title,
            "body_id": meeting.body_id,
            "kind": meeting.kind.value,
            "starts_at": local(meeting.starts_at),
            "ends_at": local(meeting.ends_at),
            "place": meeting.place,
            "video_url": meeting.video_url or "",
        },
    )


def active_users() -> list[User]:
    return list(db.session.scalars(sa.select(User).where(User.is_active_account.is_(True)).order_by(User.full_name)))


def _presenters(meeting, users: list[User]) -> list[User]:
    """Whom the agenda builder offers as presenter: the meeting's people (and anyone already named
    on an item); someone from outside is typed as a name instead."""
    wanted = {m.user_id for m in meeting.members} | {i.presenter_id for i in meeting.agenda_items if i.presenter_id}
    return [u for u in users if u.id in wanted]


def render_manage(
    meeting, *, form: MeetingForm | None = None, error: str | None = None, status: int = 200, editing: bool = False
):
    member_ids = {m.user_id for m in meeting.members}
    users = active_users()
    substitutions = db.session.scalars(
        sa.select(Substitution)
        .where(Substitution.meeting_id == meeting.id)
        .order_by(Substitution.state != SubstitutionState.pending, Substitution.id.desc())
    ).all()
    return render_template(
        "meetings/manage.html",
        meeting=meeting,
        form=form or form_for(meeting),
        error=error,
        agenda=agenda_tree(meeting),
        roles=list(MeetingRole),
        users=users,
        presenters=_presenters(meeting, users),
        candidates=[u for u in users if u.id not in member_ids],
        substitutions=substitutions,
        SubstitutionState=SubstitutionState,
        editing=editing,
        stand_ins=standing_in_for(meeting),
        starts_later=meeting.starts_at - utcnow() > timedelta(hours=12),
        missing_body=body_members_missing(meeting) if meeting.state in EDITABLE_STATES else [],
        publish_gaps=publish_gaps(meeting) if meeting.state == MeetingState.draft else [],
    ), status


def publish_gaps(meeting) -> list[str]:
    """What a draft still lacks that its members would expect when the invitation arrives: said
    beside "Công bố" and in its confirmation (publishing is allowed; a chair and a secretary are
    all it requires)."""
    from documents.models import Document

    gaps = []
    if not meeting.agenda_items:
        gaps.append(_("chương trình họp chưa có nội dung"))
    if not db.session.scalar(sa.select(sa.func.count()).select_from(Document).where(Document.meeting_id == meeting.id)):
        gaps.append(_("chưa có tài liệu nào"))
    if not meeting.members_with_role(MeetingRole.member):
        gaps.append(_("chưa mời thành viên nào ngoài chủ trì và thư ký"))
    return gaps


def show_refusal_on_manage_page(view):
    """A refused change re-renders the manage page with the message and the 4xx status; nothing
    of the change is kept."""

    @functools.wraps(view)
    def wrapped(*args, meeting, **kwargs):
        try:
            return view(*args, meeting=meeting, **kwargs)
        except ValidationError as exc:
            db.session.rollback()
            discard_queued_emails()
            return render_manage(meeting, error=str(exc.message), status=exc.status_code)

    return wrapped


def change_meeting_state(action: str, meeting) -> None:
    """Publish, start, close or cancel through the service and commit; the open tablets are told
    (start and close) after the commit — the one path for the web page and the API."""
    from app.announcements import announce
    from meetings.services import meetings as meeting_services
    from meetings.services.live import state_changed

    getattr(meeting_services, f"{action}_meeting")(actor(), meeting)
    if action in ("start", "close"):
        announce(state_changed(actor(), meeting))
    commit()


def commit_and_announce(broadcasts) -> None:
    """Announce what the open tablets must see, then commit once: they are told after the commit."""
    from app.announcements import announce

    announce(broadcasts)
    commit()


def int_or_none(value, label: str):
    from flask_babel import gettext as _

    value = (value or "").strip() if isinstance(value, str) else value
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError(_("%(label)s phải là số nguyên.", label=label)) from None


def actor():
    return current_user._get_current_object()
