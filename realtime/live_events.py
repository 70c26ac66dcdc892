"""Slide, presenter and annotation events of the ``/meeting`` namespace. Each handler is thin:
permission check (decorator), the live service, one commit, then the broadcast."""

from __future__ import annotations

from flask_login import current_user

from app.extensions import socketio
from app.permissions import Perm, socket_permission_required
from meetings.services import live
from realtime.access import still_signed_in
from realtime.rate_limits import COMMANDS, MARKS, rate_limited
from realtime.rooms import NAMESPACE, commit_and_emit


def _ack(broadcasts, meeting, **extra) -> dict:
    commit_and_emit(broadcasts)
    if broadcasts:
        seq = broadcasts[-1].data["seq"]
    else:  # nothing changed (a repeat): the current seq
        state = live.live_state(meeting, create=False)
        seq = state.seq if state is not None else 0
    return {"ok": True, "seq": seq, "duplicate": not broadcasts, **extra}


@socketio.on("slide.set", namespace=NAMESPACE)
@still_signed_in
@rate_limited(COMMANDS)
@socket_permission_required(Perm.MEETING_VIEW)  # the service decides: slide.control, or the presenter
def on_slide_set(data, meeting):
    return _ack(
        live.set_slide(current_user, meeting, data.get("document_id"), data.get("page"), data.get("zoom")), meeting
    )


@socketio.on("presenter.set", namespace=NAMESPACE)
@still_signed_in
@rate_limited(COMMANDS)
@socket_permission_required(Perm.PRESENTER_ASSIGN)
def on_presenter_set(data, meeting):
    return _ack(live.assign_presenter(current_user, meeting, data.get("presenter_id")), meeting)


@socketio.on("annotation.add", namespace=NAMESPACE)
@still_signed_in
@rate_limited(MARKS)
@socket_permission_required(Perm.ANNOTATE)
def on_annotation_add(data, meeting):
    annotation, broadcasts = live.add_annotation(current_user, meeting, data.get("annotation"))
    return _ack(broadcasts, meeting, id=annotation.id)


@socketio.on("annotation.update", namespace=NAMESPACE)
@still_signed_in
@rate_limited(MARKS)
@socket_permission_required(Perm.ANNOTATE)
def on_annotation_update(data, meeting):
    annotation, broadcasts = live.update_annotation(current_user, meeting, data.get("annotation"))
    return _ack(broadcasts, meeting, id=annotation.id)


@socketio.on("annotation.delete", namespace=NAMESPACE)
@still_signed_in
@rate_limited(MARKS)
@socket_permission_required(Perm.ANNOTATE)
def on_annotation_delete(data, meeting):
    annotation, broadcasts = live.delete_annotation(current_user, meeting, data.get("id"))
    return _ack(broadcasts, meeting, id=annotation.id)
