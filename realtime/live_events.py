"""Slide, presenter and annotation events of the ``/meeting`` namespace. Each handler is thin:
the gates and the acknowledgement are ``realtime.commands``'s; the live service does the work."""

from __future__ import annotations

from flask_login import current_user

from app.permissions import Perm
from meetings.services import live
from realtime.commands import acknowledge, command
from realtime.rate_limits import MARKS


@command("slide.set", Perm.MEETING_VIEW)  # the service decides: slide.control, or the presenter
def on_slide_set(data, meeting):
    return acknowledge(
        live.set_slide(current_user, meeting, data.get("document_id"), data.get("page"), data.get("zoom")), meeting
    )


@command("presenter.set", Perm.PRESENTER_ASSIGN)
def on_presenter_set(data, meeting):
    return acknowledge(live.assign_presenter(current_user, meeting, data.get("presenter_id")), meeting)


@command("annotation.add", Perm.ANNOTATE, MARKS)
def on_annotation_add(data, meeting):
    annotation, broadcasts = live.add_annotation(current_user, meeting, data.get("annotation"))
    return acknowledge(broadcasts, meeting, id=annotation.id)


@command("annotation.update", Perm.ANNOTATE, MARKS)
def on_annotation_update(data, meeting):
    annotation, broadcasts = live.update_annotation(current_user, meeting, data.get("annotation"))
    return acknowledge(broadcasts, meeting, id=annotation.id)


@command("annotation.delete", Perm.ANNOTATE, MARKS)
def on_annotation_delete(data, meeting):
    annotation, broadcasts = live.delete_annotation(current_user, meeting, data.get("id"))
    return acknowledge(broadcasts, meeting, id=annotation.id)
