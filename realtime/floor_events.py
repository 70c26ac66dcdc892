"""Attendance and vote events of the ``/meeting`` namespace (docs/realtime-protocol.md). Thin like
``realtime.live_events``: permission (decorator), the floor services, one commit, then the broadcast."""

from __future__ import annotations

from flask_login import current_user

from app.permissions import Perm
from meetings.services import floor_attendance, votes
from realtime.commands import acknowledge, command


@command("attendance.check_in", Perm.ATTENDANCE_CHECK_IN)
def on_check_in(data, meeting):
    return acknowledge(floor_attendance.check_in(current_user, meeting, data.get("mode", "in_room")), meeting)


@command("attendance.mark", Perm.ATTENDANCE_MANAGE)
def on_attendance_mark(data, meeting):
    return acknowledge(
        floor_attendance.mark_attendance(
            current_user,
            meeting,
            data.get("action"),
            data.get("user_id"),
            mode=data.get("mode", "in_room"),
            reason=data.get("reason", ""),
        ),
        meeting,
    )


@command("vote.open", Perm.POLL_MANAGE)
def on_vote_open(data, meeting):
    vote, broadcasts = votes.open_vote(
        current_user,
        meeting,
        agenda_item_id=data.get("agenda_item_id"),
        question=data.get("question"),
        kind=data.get("kind", "approval"),
        options=data.get("options"),
        secret=data.get("secret", False),
    )
    return acknowledge(broadcasts, meeting, vote_id=vote.id)


@command("vote.cast", Perm.VOTE)
def on_vote_cast(data, meeting):
    vote, _changed, broadcasts = votes.cast_ballot(
        current_user, meeting, data.get("vote_id"), data.get("choice"), data.get("ballot_id")
    )
    return acknowledge(broadcasts, meeting, vote_id=vote.id, voted=True)


@command("vote.close", Perm.POLL_MANAGE)
def on_vote_close(data, meeting):
    vote, broadcasts = votes.close_vote(current_user, meeting, data.get("vote_id"))
    return acknowledge(broadcasts, meeting, vote_id=vote.id, result=votes.public_result(vote))
