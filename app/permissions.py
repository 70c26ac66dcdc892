"""The one place where permissions are decided.

A user's permissions on a meeting are the union of
  * what their system role grants everywhere (``SYSTEM_ROLE_PERMS``),
  * what their system role grants on every meeting in a given state (``SYSTEM_ROLE_MEETING_PERMS``),
  * what their role in that meeting grants (``MEETING_ROLE_PERMS``),
narrowed by the meeting's state (``STATE_ALLOWS``): a draft is seen only by those preparing it (and
so is a draft cancelled before it was ever published), a closed meeting can no longer be changed.
Views, socket handlers, services and templates all ask ``has_perm``; nothing else decides.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Iterable

from flask import current_app
from flask_login import current_user

from app.errors import NotFound, PermissionDenied
from app.models.user import SystemRole


class Perm(str, enum.Enum):
    # organisation-wide
    USER_MANAGE = "user.manage"
    AUDIT_VIEW = "audit.view"
    MEETING_CREATE = "meeting.create"
    ARCHIVE_SEARCH = "archive.search"
    TASK_TRACK = "task.track"  # the task dashboard ("Theo dõi nhiệm vụ")
    SEAL_MANAGE = "seal.manage"  # upload the agency's seal credential (văn thư)
    BODY_MANAGE = "body.manage"  # bodies, their standing members, floor rules, dissolution (system admins)
    OPINION_BALLOT_MANAGE = "opinion_ballot.manage"  # ask members' opinions in writing between sessions
    # on one meeting
    MEETING_VIEW = "meeting.view"
    MEETING_EDIT = "meeting.edit"
    AGENDA_EDIT = "agenda.edit"
    DOCUMENT_VIEW = "document.view"
    DOCUMENT_UPLOAD = "document.upload"
    DOCUMENT_VIEW_ALL = "document.view_all"  # confidential documents and superseded versions
    ATTENDANCE_VIEW = "attendance.view"  # the attendance list and the chair's console
    ATTENDANCE_CHECK_IN = "attendance.check_in"  # check oneself in (in the room or online)
    ATTENDANCE_MANAGE = "attendance.manage"  # check others in, mark absent (with reason), late, left early
    SCREEN_MANAGE = "screen.manage"  # create, regenerate, revoke the projector's secret link
    SLIDE_CONTROL = "slide.control"
    SLIDE_PRESENT = "slide.present"  # may turn the pages for everyone while being the presenter
    PRESENTER_ASSIGN = "presenter.assign"
    ANNOTATE = "annotation.add"
    ANNOTATE_SHARED = "annotation.shared"
    SUBSTITUTE_REQUEST = "substitute.request"
    SPEAKER_REQUEST = "speaker.request"
    SPEAKER_MANAGE = "speaker.manage"
    VOTE = "poll.vote"
    POLL_MANAGE = "poll.manage"
    MINUTES_VIEW = "minutes.view"
    MINUTES_EDIT = "minutes.edit"
    MINUTES_SIGN = "minutes.sign"
    MINUTES_SEAL = "minutes.seal"  # add the agency seal after the chair has signed (văn thư)
    TASK_COMPLETE = "task.complete"  # mark any task of the meeting done (the assignee always may: has_task_perm)
    RECORD_EXPORT = "record.export"  # the closed meeting's record (ZIP: the original files, who attended)

    def __str__(self) -> str:
        return self.value


P = Perm

SYSTEM_ROLE_PERMS: dict[SystemRole, frozenset[Perm]] = {
    SystemRole.admin: frozenset({P.USER_MANAGE, P.AUDIT_VIEW, P.BODY_MANAGE}),
    SystemRole.secretariat: frozenset({P.MEETING_CREATE, P.TASK_TRACK, P.OPINION_BALLOT_MANAGE}),
    # The văn thư keeps and applies the agency seal (Decree 30/2020): the archivist role is "văn thư / lưu trữ".
    SystemRole.archivist: frozenset({P.ARCHIVE_SEARCH, P.AUDIT_VIEW, P.TASK_TRACK, P.SEAL_MANAGE}),
    SystemRole.member: frozenset({P.TASK_TRACK}),
}

# What a system role grants on meetings it does not belong to, by meeting state (None = any state).
_PREPARE = frozenset(
    {
        P.MEETING_VIEW,
        P.MEETING_EDIT,
        P.AGENDA_EDIT,
        P.DOCUMENT_VIEW,
        P.DOCUMENT_UPLOAD,
        P.DOCUMENT_VIEW_ALL,
        P.ATTENDANCE_VIEW,
        P.ATTENDANCE_MANAGE,
        P.MINUTES_VIEW,
        P.MINUTES_EDIT,
        P.TASK_COMPLETE,
        P.RECORD_EXPORT,
    }
)
SYSTEM_ROLE_MEETING_PERMS: dict[SystemRole, dict[str | None, frozenset[Perm]]] = {
    SystemRole.secretariat: {None: _PREPARE},
    SystemRole.archivist: {
        "closed": frozenset({P.MEETING_VIEW, P.DOCUMENT_VIEW, P.MINUTES_VIEW, P.MINUTES_SEAL, P.RECORD_EXPORT})
    },
}

_ATTEND = frozenset({P.MEETING_VIEW, P.DOCUMENT_VIEW, P.ANNOTATE, P.MINUTES_VIEW})
# Members take part: they may present when chosen and mark the shared layer (issue 4's acceptance).
_TAKE_PART = frozenset({P.SLIDE_PRESENT, P.ANNOTATE_SHARED, P.ATTENDANCE_CHECK_IN})
MEETING_ROLE_PERMS: dict[str, frozenset[Perm]] = {
    "chair": _ATTEND
    | _TAKE_PART
    | {
        P.ANNOTATE_SHARED,
        P.SLIDE_CONTROL,
        P.PRESENTER_ASSIGN,
        P.ATTENDANCE_VIEW,
        P.SPEAKER_REQUEST,
        P.SPEAKER_MANAGE,
        P.VOTE,
        P.POLL_MANAGE,
        P.MINUTES_SIGN,
        P.SCREEN_MANAGE,
    },
    "secretary": _ATTEND
    | _TAKE_PART
    | _PREPARE
    | {
        P.ANNOTATE_SHARED,
        P.SLIDE_CONTROL,
        P.PRESENTER_ASSIGN,
        P.SPEAKER_MANAGE,
        P.POLL_MANAGE,
        P.MINUTES_SIGN,
        P.SCREEN_MANAGE,
    },
    "member": _ATTEND | _TAKE_PART | {P.SPEAKER_REQUEST, P.VOTE, P.SUBSTITUTE_REQUEST},
    "observer": frozenset({P.MEETING_VIEW, P.DOCUMENT_VIEW, P.ANNOTATE}),
}

# Which meeting-scoped permissions a meeting's state still allows.
_LIVE = frozenset(
    {
        P.SLIDE_CONTROL,
        P.SLIDE_PRESENT,
        P.PRESENTER_ASSIGN,
        P.ANNOTATE,
        P.ANNOTATE_SHARED,
        P.SPEAKER_REQUEST,
        P.SPEAKER_MANAGE,
        P.VOTE,
        P.POLL_MANAGE,
        P.ATTENDANCE_CHECK_IN,
        P.ATTENDANCE_MANAGE,
        P.SCREEN_MANAGE,
    }
)
_ALL_MEETING = frozenset(p for perms in MEETING_ROLE_PERMS.values() for p in perms) | _PREPARE
STATE_ALLOWS: dict[str, frozenset[Perm]] = {
    "draft": _ALL_MEETING - _LIVE,
    "published": _ALL_MEETING,
    "in_session": _ALL_MEETING,
    "closed": frozenset(
        {
            P.MEETING_VIEW,
            P.DOCUMENT_VIEW,
            P.DOCUMENT_VIEW_ALL,
            P.MINUTES_VIEW,
            P.MINUTES_EDIT,
            P.MINUTES_SIGN,
            P.MINUTES_SEAL,
            P.ATTENDANCE_VIEW,
            P.ANNOTATE,
            P.TASK_COMPLETE,
            P.RECORD_EXPORT,
        }
    ),
    "cancelled": frozenset({P.MEETING_VIEW, P.DOCUMENT_VIEW, P.DOCUMENT_VIEW_ALL, P.MEETING_EDIT}),
}
# In a draft only those preparing the meeting take part: the chair and the secretary. So too in a
# meeting cancelled while still a draft (never published): its members were never invited.
DRAFT_ROLES = frozenset({"chair", "secretary"})


def _only_preparers(meeting) -> bool:
    state = meeting.state.value
    return state == "draft" or (state == "cancelled" and meeting.published_at is None)


def _is_authenticated(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def meeting_perms(user, meeting) -> frozenset[Perm]:
    """Everything ``user`` may do on ``meeting``."""
    if not _is_authenticated(user) or meeting is None:
        return frozenset()
    state = meeting.state.value
    granted: set[Perm] = set()
    by_state = SYSTEM_ROLE_MEETING_PERMS.get(user.system_role, {})
    granted |= by_state.get(None, frozenset()) | by_state.get(state, frozenset())
    role = meeting.role_of(user)
    if role is not None and (not _only_preparers(meeting) or role.value in DRAFT_ROLES):
        granted |= MEETING_ROLE_PERMS[role.value]
    return frozenset(granted & STATE_ALLOWS[state])


def has_perm(user, perm: Perm | str, meeting=None) -> bool:
    perm = Perm(perm)
    if not _is_authenticated(user):
        return False
    if meeting is None:
        return perm in SYSTEM_ROLE_PERMS.get(user.system_role, frozenset())
    return perm in meeting_perms(user, meeting)


def require_perm(user, perm: Perm | str, meeting=None) -> None:
    """Raise :class:`PermissionDenied` (or :class:`NotFound` when the meeting is invisible to the user)."""
    if has_perm(user, perm, meeting):
        return
    if meeting is not None and not has_perm(user, Perm.MEETING_VIEW, meeting):
        raise NotFound(detail=f"meeting {meeting.id} invisible to user {getattr(user, 'id', None)}")
    raise PermissionDenied(detail=f"{perm} on {meeting!r}")


def can_view_document(user, document) -> bool:
    """May ``user`` read ``document`` (its current version)?

    Those who may see every document of the meeting (``DOCUMENT_VIEW_ALL``: the secretariat and
    the meeting's secretary) read all of them. Otherwise the user needs ``DOCUMENT_VIEW`` on the
    meeting, and a confidential ("Mật") document must name them as a recipient; an observer
    (khách mời) reads only documents marked for observers, unless named on a confidential one.
    Superseded versions need ``DOCUMENT_VIEW_ALL``.
    """
    meeting = document.meeting
    return _may_read(user, meeting_perms(user, meeting), meeting, document)


def readable_documents(user, meeting, documents) -> list:
    """The ``documents`` of ``meeting`` that ``user`` may read: ``can_view_document`` for each,
    with the meeting's permissions and the user's role decided once."""
    perms = meeting_perms(user, meeting)
    if Perm.DOCUMENT_VIEW_ALL in perms or Perm.DOCUMENT_VIEW not in perms:
        return list(documents) if Perm.DOCUMENT_VIEW_ALL in perms else []
    role = meeting.role_of(user)
    out = []
    for document in documents:
        if document.meeting_id != meeting.id:
            raise ValueError(f"document {document.id} is not of meeting {meeting.id}")
        if _may_read(user, perms, meeting, document, role):
            out.append(document)
    return out


_UNKNOWN = object()


def _may_read(user, perms, meeting, document, role=_UNKNOWN) -> bool:
    if Perm.DOCUMENT_VIEW_ALL in perms:
        return True
    if Perm.DOCUMENT_VIEW not in perms:
        return False
    if document.confidential:
        return user.id in document.recipient_ids
    role = meeting.role_of(user) if role is _UNKNOWN else role
    if role is not None and role.value == "observer":
        return bool(document.observer_visible)
    return True


def require_document(user, document) -> None:
    """Raise :class:`NotFound` unless ``user`` may read ``document``: a document one may not read
    is not revealed to exist."""
    if not can_view_document(user, document):
        raise NotFound(detail=f"document {document.id} invisible to user {getattr(user, 'id', None)}")


def has_task_perm(user, perm: Perm | str, task) -> bool:
    """On one task: its assignee may always complete it; otherwise the meeting's permissions decide."""
    perm = Perm(perm)
    if perm == Perm.TASK_COMPLETE and _is_authenticated(user) and task.assignee_id == user.id:
        return True
    return has_perm(user, perm, task.meeting)


def require_task_perm(user, perm: Perm | str, task) -> None:
    if has_task_perm(user, perm, task):
        return
    if task.assignee_id != getattr(user, "id", None):
        require_perm(user, perm, task.meeting)  # 404 when the meeting is invisible to them
    raise PermissionDenied(detail=f"{perm} on {task!r}")


def can_view_opinion_ballot(user, ballot) -> bool:
    """A written opinion ballot (no meeting): the secretariat sees every one, its recipients their
    own (open, closed or cancelled), archivists the closed ones (the archive's record)."""
    if not _is_authenticated(user):
        return False
    if has_perm(user, Perm.OPINION_BALLOT_MANAGE) or ballot.recipient_of(user) is not None:
        return True
    return ballot.state.value == "closed" and has_perm(user, Perm.ARCHIVE_SEARCH)


def require_opinion_ballot(user, ballot) -> None:
    """404 to whoever may not see ``ballot``: outsiders cannot probe which ballots exist."""
    if ballot is None or not can_view_opinion_ballot(user, ballot):
        raise NotFound(detail=f"opinion ballot invisible to user {getattr(user, 'id', None)}")


# -- views ------------------------------------------------------------------------------------
def _load_meeting(meeting_id):
    from app.extensions import db
    from meetings.models import Meeting

    meeting = db.session.get(Meeting, meeting_id) if meeting_id is not None else None
    if meeting is None:
        raise NotFound()
    return meeting


def permission_required(perm: Perm, meeting_arg: str | None = None) -> Callable:
    """View decorator. With ``meeting_arg`` the meeting is loaded from that URL argument and
    passed on as ``meeting=``; 404 when the caller may not even see it, 403 when they may see it
    but not do this."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if not _is_authenticated(current_user):
                return current_app.login_manager.unauthorized()
            if meeting_arg is None:
                require_perm(current_user, perm)
                return view(*args, **kwargs)
            meeting = _load_meeting(kwargs.pop(meeting_arg))
            require_perm(current_user, perm, meeting)
            return view(*args, meeting=meeting, **kwargs)

        wrapped.required_permission = perm
        return wrapped

    return decorator


# -- sockets ----------------------------------------------------------------------------------
def socket_permission_required(perm: Perm) -> Callable:
    """Socket.IO handler decorator: the payload names ``meeting_id``; the handler receives the
    loaded meeting. A refusal is returned as the acknowledgement ``{"ok": false, "error": …}``."""

    def decorator(handler):
        @functools.wraps(handler)
        def wrapped(data=None, *args):
            from app.errors import AppError

            if not _is_authenticated(current_user):
                return {"ok": False, "error": str(PermissionDenied.message)}
            if (
                not isinstance(data, dict)
                or not isinstance(data.get("meeting_id"), int)
                or isinstance(data.get("meeting_id"), bool)
            ):
                from flask_babel import gettext as _

                return {"ok": False, "error": _("Thiếu hoặc sai mã cuộc họp (meeting_id).")}
            try:
                meeting = _load_meeting(data["meeting_id"])
                require_perm(current_user, perm, meeting)
                return handler(data, meeting, *args)
            except AppError as exc:
                from app.extensions import db

                db.session.rollback()
                return {"ok": False, "error": str(exc.message)}

        wrapped.required_permission = perm
        return wrapped

    return decorator


# -- templates --------------------------------------------------------------------------------
def template_helpers() -> dict:
    def can(perm: Perm | str, meeting=None) -> bool:
        return has_perm(current_user, perm, meeting)

    def can_view(document) -> bool:
        return can_view_document(current_user, document)

    return {"can": can, "can_view_document": can_view, "Perm": Perm}


def all_perms() -> Iterable[Perm]:
    return list(Perm)
