"""The chair's and the secretary's speakers page: the speakers panel (queue, grant / next / end /
remove, the item under discussion) beside what the projector shows. The panel and the projector
view are partials (``meetings/_console_speakers.html``, ``meetings/_projector_speaker.html``) so the
meeting console can include them; the actions go over the ``/meeting`` socket (realtime/speaker_events.py)."""

from flask import render_template, url_for
from flask_login import current_user

from app.permissions import Perm, has_perm, permission_required
from meetings.services.agenda import flat_agenda
from meetings.views import meetings_bp


def floor_config(meeting) -> dict:
    """What static/js/realtime/speakers*.js need (given as a data attribute: no inline script)."""
    return {
        "meeting_id": meeting.id,
        "user_id": current_user.id,
        "items": {str(e.item.id): {"number": e.number, "title": e.item.title} for e in flat_agenda(meeting)},
        "can": {
            "manage": has_perm(current_user, Perm.SPEAKER_MANAGE, meeting),
            "control": has_perm(current_user, Perm.SLIDE_CONTROL, meeting),
            "speak": has_perm(current_user, Perm.SPEAKER_REQUEST, meeting),
        },
        "live_url": url_for("live.viewer", meeting_id=meeting.id),
    }


@meetings_bp.route("/meetings/<int:meeting_id>/speakers")
@permission_required(Perm.SPEAKER_MANAGE, meeting_arg="meeting_id")
def speakers(meeting):
    return render_template(
        "meetings/speakers.html", meeting=meeting, floor_agenda=flat_agenda(meeting), floor_config=floor_config(meeting)
    )
