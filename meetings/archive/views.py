"""Archive: export a meeting's record (ZIP: PDF + XML metadata) and the search API.

The search page itself is ``meetings.archive`` (/archive)."""

from __future__ import annotations

import tempfile

from flask import Blueprint, jsonify, request, send_file
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import error_response
from app.extensions import db
from app.permissions import Perm, permission_required
from meetings.archive.record_export import export_meeting_record, log_export
from meetings.archive.search import parse_archive_query, search_archive
from meetings.routes.document_http import client_from_request

archive_bp = Blueprint("archive", __name__)
archive_api_bp = Blueprint("archive_api", __name__, url_prefix="/api/v1/archive")


@archive_bp.route("/archive/meetings/<int:meeting_id>/record.zip")
@permission_required(Perm.MEETING_VIEW, meeting_arg="meeting_id")
def export_record(meeting):
    """The record is the archivists' and the secretariat's (``RECORD_EXPORT``, checked by the
    service); members and observers get the same 404 as outsiders."""
    spool = tempfile.TemporaryFile(prefix="phonghop-record-")
    try:
        parts = export_meeting_record(current_user, meeting, spool)
        log_export(current_user, meeting, parts, client_from_request())
        db.session.commit()  # logged before a byte leaves
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return send_file(
        spool,
        mimetype="application/zip",
        as_attachment=True,
        download_name=f"ho-so-cuoc-hop-{meeting.id}.zip",
        max_age=0,
    )


@archive_api_bp.before_request
def _require_authentication():
    if not current_user.is_authenticated:
        return error_response(401, _("Bạn cần đăng nhập hoặc gửi mã truy cập (Bearer token) hợp lệ."))
    return None


@archive_api_bp.get("/search")
def search():
    """``q``, ``from``, ``to`` (YYYY-MM-DD, Vietnam dates), ``body``, ``member`` (user id), ``page``.
    Hits are limited to closed meetings the caller can see; snippets are HTML (escaped, ``<mark>``)."""
    query = parse_archive_query(request.args)
    page = search_archive(current_user, query)
    return jsonify(
        {
            "query": {
                "q": query.words,
                "tokens": query.tokens,
                "from": query.date_from.isoformat() if query.date_from else None,
                "to": query.date_to.isoformat() if query.date_to else None,
                "body": query.body_id,
                "member": query.member_id,
            },
            "page": query.page,
            "pages": page.pages,
            "per_page": page.per_page,
            "total": page.total,
            "capped": page.capped,  # more than ``total`` hits: only the best ``total`` can be paged through
            "hits": [
                {
                    "source": hit.source.value,
                    "source_id": hit.source_id,
                    "meeting": {
                        "id": hit.meeting.id,
                        "title": hit.meeting.title,
                        "body": hit.meeting.body,
                        "body_id": hit.meeting.body_id,
                        "starts_at": hit.meeting.starts_at.isoformat(),
                        "state": hit.meeting.state.value,
                    }
                    if hit.meeting is not None
                    else None,
                    "opinion_ballot": {
                        "id": hit.ballot.id,
                        "title": hit.ballot.title,
                        "body": hit.ballot.body,
                        "closed_at": hit.ballot.closed_at.isoformat(),
                    }
                    if hit.ballot is not None
                    else None,
                    "title_html": str(hit.title),
                    "snippet_html": str(hit.snippet),
                    "rank": hit.rank,
                }
                for hit in page.hits
            ],
        }
    )
