"""The tablet viewer of a live session and its JSON state (the same service as ``meeting.join``)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, jsonify, render_template, url_for
from flask_login import current_user

from app.extensions import db
from app.permissions import Perm, can_view_document, has_perm, permission_required
from documents.models import Document
from meetings.services.agenda import AgendaEntry, agenda_tree, flat_agenda
from meetings.services.live import live_snapshot

live_bp = Blueprint("live", __name__, template_folder="templates")

# When the agenda sidebar becomes a drawer over the page: the one media query that both loads
# static/css/live-drawer.css and tells live.js to close the drawer after a document is chosen.
DRAWER_QUERY = "(max-width: 900px), (orientation: portrait)"


def _agenda_node(entry: AgendaEntry, readable: set[int]) -> dict:
    """One agenda item numbered as everywhere else (1, 1.1 …), with the documents this user may read."""
    return {
        "id": entry.item.id,
        "number": entry.number,
        "title": entry.item.title,
        "documents": [d.id for d in entry.item.documents if d.id in readable],
        "children": [_agenda_node(child, readable) for child in entry.children],
    }


def viewer_config(meeting) -> dict:
    """What the viewer's scripts need, given to them as a data attribute (no inline script)."""
    documents = [
        d
        for d in db.session.scalars(sa.select(Document).where(Document.meeting_id == meeting.id).order_by(Document.id))
        if can_view_document(current_user, d)
    ]
    can = {
        name: has_perm(current_user, perm, meeting)
        for name, perm in {
            "control": Perm.SLIDE_CONTROL,
            "present": Perm.SLIDE_PRESENT,
            "assign": Perm.PRESENTER_ASSIGN,
            "annotate": Perm.ANNOTATE,
            "shared": Perm.ANNOTATE_SHARED,
            "attendance": Perm.ATTENDANCE_VIEW,
            "speak": Perm.SPEAKER_REQUEST,
            "manage": Perm.SPEAKER_MANAGE,
            "vote": Perm.VOTE,
            "check_in": Perm.ATTENDANCE_CHECK_IN,
        }.items()
    }
    readable = {d.id for d in documents}  # confidential documents only for their named readers
    agenda = [_agenda_node(entry, readable) for entry in agenda_tree(meeting)]
    listed = {doc_id for top in agenda for node in [top, *top["children"]] for doc_id in node["documents"]}
    others = [d.id for d in documents if d.id not in listed]
    if others:
        agenda.append({"id": None, "number": None, "title": None, "documents": others, "children": []})
    return {
        "meeting_id": meeting.id,
        "user_id": current_user.id,
        "can": can,
        "agenda": agenda,
        "items": {str(e.item.id): {"number": e.number, "title": e.item.title} for e in flat_agenda(meeting)},
        "documents": {
            str(d.id): {
                "id": d.id,
                "title": d.title,
                "page_count": d.page_count,
                "url": url_for("documents.view", document_id=d.id),
                "thumbs": [
                    url_for("documents.thumbnail", document_id=d.id, page=n, v=d.version)
                    for n in range(1, d.thumbnail_count + 1)
                ],
            }
            for d in documents
        },
        "members": [
            {"id": m.user_id, "name": m.user.full_name, "role": m.role.value, "role_label": m.role.label}
            for m in meeting.members
        ],
        "pdf_worker": url_for("static", filename="vendor/pdfjs/pdf.worker.min.mjs"),
        "drawer_query": DRAWER_QUERY,
    }


@live_bp.route("/meetings/<int:meeting_id>/live")
@permission_required(Perm.MEETING_VIEW, meeting_arg="meeting_id")
def viewer(meeting):
    return render_template("realtime/live.html", meeting=meeting, config=viewer_config(meeting))


@live_bp.route("/api/v1/meetings/<int:meeting_id>/live")
@permission_required(Perm.MEETING_VIEW, meeting_arg="meeting_id")
def state(meeting):
    """The live state as a snapshot: slide, presenter, who is present, the annotations I may see."""
    return jsonify(live_snapshot(current_user, meeting))


from realtime import floor_api  # noqa: E402,F401  (the floor's /api/v1 routes on this blueprint)
