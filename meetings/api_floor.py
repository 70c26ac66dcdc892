"""JSON API v1 for the floor: attendance and quorum, votes, votes sent ahead — the same services as
the socket events (docs/realtime-protocol.md); a change is committed, then announced to the room."""

from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import ValidationError
from app.permissions import Perm, permission_required
from meetings.api import meetings_api_bp
from meetings.routes.common import commit_and_announce
from meetings.services import floor_attendance, votes
from meetings.services.floor_state import all_votes
from meetings.services.votes_ahead import send_advance_ballot


def _body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ValidationError(_("Cần gửi dữ liệu JSON."))
    return body


def _me():
    return current_user._get_current_object()


@meetings_api_bp.get("/meetings/<int:meeting_id>/attendance")
@permission_required(Perm.MEETING_VIEW, meeting_arg="meeting_id")
def get_attendance(meeting):
    return jsonify(floor_attendance.attendance_state(meeting))


@meetings_api_bp.put("/meetings/<int:meeting_id>/attendance/<int:user_id>")
@permission_required(Perm.MEETING_VIEW, meeting_arg="meeting_id")  # the service decides: oneself or the secretary
def put_attendance(meeting, user_id):
    body = _body()
    broadcasts = floor_attendance.mark_attendance(
        _me(), meeting, body.get("action"), user_id, mode=body.get("mode", "in_room"), reason=body.get("reason", "")
    )
    commit_and_announce(broadcasts)
    return jsonify(floor_attendance.attendance_state(meeting))


@meetings_api_bp.get("/meetings/<int:meeting_id>/votes")
@permission_required(Perm.MEETING_VIEW, meeting_arg="meeting_id")
def list_votes(meeting):
    return jsonify({"votes": all_votes(_me(), meeting)})


@meetings_api_bp.post("/meetings/<int:meeting_id>/votes")
@permission_required(Perm.POLL_MANAGE, meeting_arg="meeting_id")
def open_vote(meeting):
    body = _body()
    vote, broadcasts = votes.open_vote(
        _me(),
        meeting,
        agenda_item_id=body.get("agenda_item_id"),
        question=body.get("question"),
        kind=body.get("kind", "approval"),
        options=body.get("options"),
        secret=body.get("secret", False),
    )
    commit_and_announce(broadcasts)
    return jsonify(votes.vote_view(vote, current_user.id)), 201


@meetings_api_bp.post("/meetings/<int:meeting_id>/votes/<int:vote_id>/ballots")
@permission_required(Perm.VOTE, meeting_arg="meeting_id")
def cast_ballot(meeting, vote_id):
    body = _body()
    vote, changed, broadcasts = votes.cast_ballot(_me(), meeting, vote_id, body.get("choice"), body.get("ballot_id"))
    commit_and_announce(broadcasts)
    return jsonify({"vote": votes.vote_view(vote, current_user.id), "duplicate": not changed})


@meetings_api_bp.post("/meetings/<int:meeting_id>/votes/<int:vote_id>/close")
@permission_required(Perm.POLL_MANAGE, meeting_arg="meeting_id")
def close_vote(meeting, vote_id):
    vote, broadcasts = votes.close_vote(_me(), meeting, vote_id)
    commit_and_announce(broadcasts)
    return jsonify(votes.vote_view(vote, current_user.id))


@meetings_api_bp.put("/meetings/<int:meeting_id>/agenda/<int:item_id>/advance-ballot")
@permission_required(Perm.VOTE, meeting_arg="meeting_id")
def put_advance_ballot(meeting, item_id):
    body = _body()
    ballot, changed = send_advance_ballot(_me(), meeting, item_id, body.get("choice"), body.get("ballot_id"))
    commit_and_announce([])
    return jsonify(
        {
            "agenda_item_id": ballot.agenda_item_id,
            "choice": ballot.choice,
            "ballot_id": ballot.ballot_id,
            "cast_at": ballot.cast_at.isoformat(),
            "duplicate": not changed,
        }
    )
