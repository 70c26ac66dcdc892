"""The chair's console (điều hành phiên họp: attendance, quorum, votes) and the projector view
(màn hình chiếu) opened with the meeting's secret screen link."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.errors import NotFound
from app.permissions import Perm, has_perm, permission_required
from meetings.models import MeetingRole
from meetings.routes.common import actor, commit
from meetings.services.agenda import flat_agenda
from meetings.services.floor_attendance import attendance_list, quorum_status
from meetings.services.floor_screens import (
    SCREEN_REVOKED,
    issue_screen_link,
    meeting_for_screen,
    revoke_screen_link,
    screen_of,
)
from meetings.services.floor_state import all_votes
from meetings.services.vote_tally import approval_labels
from meetings.services.votes_ahead import send_advance_ballot
from meetings.views import meetings_bp


def render_console(meeting, screen_url: str | None = None):
    me = actor()
    can = {
        name: has_perm(me, perm, meeting)
        for name, perm in (
            ("manage", Perm.ATTENDANCE_MANAGE),
            ("poll", Perm.POLL_MANAGE),
            ("screen", Perm.SCREEN_MANAGE),
            ("speakers", Perm.SPEAKER_MANAGE),
        )
    }
    agenda = flat_agenda(meeting)
    names = {m.user_id: m.user.full_name for m in meeting.members}
    config = {
        "meeting_id": meeting.id,
        "user_id": me.id,
        "state": meeting.state.value,
        "can": can,
        "votes": all_votes(me, meeting),
        "items": {str(e.item.id): {"number": e.number, "title": e.item.title} for e in agenda},  # the speakers panel
    }
    return render_template(
        "meetings/console.html",
        meeting=meeting,
        config=config,
        can_floor=can,
        attendance=attendance_list(meeting),
        names=names,
        quorum=quorum_status(meeting),
        agenda=agenda,
        roles={r.value: r.label for r in MeetingRole},
        screen=screen_of(meeting),
        screen_url=screen_url,
    )


@meetings_bp.route("/meetings/<int:meeting_id>/console")
@permission_required(Perm.ATTENDANCE_VIEW, meeting_arg="meeting_id")
def console(meeting):
    return render_console(meeting)


def _close_screens(meeting) -> None:
    """The open projector views stop at once, once the commit that follows went through."""
    from app.announcements import announce
    from meetings.services.live import Broadcast

    announce([Broadcast(SCREEN_REVOKED, {"meeting_id": meeting.id})])


@meetings_bp.route("/meetings/<int:meeting_id>/screen", methods=["POST"])
@permission_required(Perm.SCREEN_MANAGE, meeting_arg="meeting_id")
def screen_issue(meeting):
    """A new projector link; shown once on this page (only its hash is kept); the old one stops."""
    token = issue_screen_link(actor(), meeting)
    _close_screens(meeting)
    commit()
    return render_console(meeting, screen_url=url_for("meetings.projector", token=token, _external=True))


@meetings_bp.route("/meetings/<int:meeting_id>/screen/revoke", methods=["POST"])
@permission_required(Perm.SCREEN_MANAGE, meeting_arg="meeting_id")
def screen_revoke(meeting):
    if revoke_screen_link(actor(), meeting):
        _close_screens(meeting)
        commit()
        flash(_("Đã thu hồi liên kết màn hình chiếu."), "success")
    return redirect(url_for("meetings.console", meeting_id=meeting.id) + "#screen")


@meetings_bp.route("/meetings/<int:meeting_id>/agenda/<int:item_id>/advance-ballot", methods=["POST"])
@permission_required(Perm.VOTE, meeting_arg="meeting_id")
def advance_ballot(meeting, item_id):
    """A vote sent ahead from the meeting page (the form carries its own ballot id: a resubmission counts once)."""
    ballot, _changed = send_advance_ballot(
        actor(), meeting, item_id, request.form.get("choice"), request.form.get("ballot_id")
    )
    commit()
    flash(_("Đã gửi phiếu biểu quyết trước: %(choice)s.", choice=approval_labels()[ballot.choice]), "success")
    return redirect(url_for("meetings.detail", meeting_id=meeting.id) + "#advance")


@meetings_bp.route("/screen/<token>")
def projector(token):
    """Public, but only with a link in force: the token is the permission (read-only)."""
    meeting = meeting_for_screen(token)
    if meeting is None:
        raise NotFound(_("Liên kết màn hình chiếu không còn hiệu lực."))
    return render_template(
        "meetings/projector.html", meeting=meeting, config={"meeting_id": meeting.id, "token": token}
    )
