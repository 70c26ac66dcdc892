"""JSON API v1 for written opinion ballots (bearer token or session), described in
app/openapi_ballots.py. The same services as the pages (meetings/services/opinion_ballots*.py)."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import error_response
from app.permissions import Perm, has_perm
from meetings.localtime import parse_local
from meetings.models import AccessAction, OpinionBallot
from meetings.routes.common import commit
from meetings.routes.document_http import client_from_request
from meetings.services import opinion_ballot_answers as answers
from meetings.services import opinion_ballots as ballots
from meetings.services.opinion_ballot_report import deliver_ballot_file

ballots_api_bp = Blueprint("ballots_api", __name__, url_prefix="/api/v1")


@ballots_api_bp.before_request
def _require_authentication():
    if not current_user.is_authenticated:
        return error_response(401, _("Bạn cần đăng nhập hoặc gửi mã truy cập (Bearer token) hợp lệ."))
    return None


def ballot_json(ballot: OpinionBallot, detail: bool = False) -> dict:
    mine = ballot.recipient_of(current_user)
    body = {
        "id": ballot.id,
        "title": ballot.title,
        "question": ballot.question,
        "body": ballot.body,
        "body_id": ballot.body_id,
        "state": ballot.state.value,
        "deadline": ballot.deadline.isoformat(),
        "created_at": ballot.created_at.isoformat(),
        "closed_at": ballot.closed_at.isoformat() if ballot.closed_at else None,
        "recipients_count": len(ballot.recipients),
        "answered_count": sum(1 for r in ballot.recipients if r.answered),
        "asked": mine is not None,
        "my_answer": (
            {
                "choice": mine.choice.value,
                "comment": mine.comment,
                "answered_at": mine.answered_at.isoformat(),
                "signed": bool(mine.signed_key),
            }
            if mine is not None and mine.answered
            else None
        ),
        "result": ballot.result,
    }
    if detail:
        see = ballots.may_see_answers(current_user, ballot)
        manage = has_perm(current_user, Perm.OPINION_BALLOT_MANAGE)
        body["recipients"] = (
            [
                {
                    "user_id": r.user_id,
                    "name": r.full_name,
                    "office": r.office,
                    "answered_at": r.answered_at.isoformat() if r.answered_at else None,
                    "choice": r.choice.value if (see and r.choice) else None,
                    "comment": r.comment if see else None,
                    "signed": bool(r.signed_key) if see else None,
                }
                for r in ballot.recipients
            ]
            if see or manage
            else []
        )
    return body


@ballots_api_bp.get("/opinion-ballots")
def list_ballots():
    return jsonify({"opinion_ballots": [ballot_json(b) for b in ballots.list_ballots(current_user)]})


@ballots_api_bp.post("/opinion-ballots")
def create_ballot():
    upload = request.files.get("draft")
    ballot = ballots.create_ballot(
        current_user,
        title=request.form.get("title", ""),
        question=request.form.get("question", ""),
        body_id=request.form.get("body_id"),
        body=request.form.get("body", ""),
        deadline=parse_local(request.form.get("deadline"), _("Hạn trả lời")),
        recipient_ids=request.form.getlist("recipient_ids"),
        draft=upload.stream if upload and upload.filename else None,
        draft_filename=upload.filename if upload else "",
    )
    commit()
    return jsonify(ballot_json(ballot, detail=True)), 201


@ballots_api_bp.get("/opinion-ballots/<int:ballot_id>")
def get_ballot(ballot_id: int):
    return jsonify(ballot_json(ballots.get_ballot(current_user, ballot_id), detail=True))


@ballots_api_bp.put("/opinion-ballots/<int:ballot_id>/answer")
def answer_ballot(ballot_id: int):
    ballot = ballots.get_ballot(current_user, ballot_id)
    data = request.get_json(silent=True)
    data = data if isinstance(data, dict) else {}  # the service checks who may answer, then the choice
    answers.answer_ballot(
        current_user,
        ballot,
        str(data.get("choice") or ""),
        str(data.get("comment") or ""),
        passphrase=str(data.get("passphrase") or ""),
    )
    commit()
    return jsonify(ballot_json(ballot, detail=True))


@ballots_api_bp.post("/opinion-ballots/<int:ballot_id>/close")
def close_ballot(ballot_id: int):
    ballot = ballots.get_ballot(current_user, ballot_id)
    ballots.close_ballot(current_user, ballot)
    commit()
    return jsonify(ballot_json(ballot, detail=True))


@ballots_api_bp.post("/opinion-ballots/<int:ballot_id>/cancel")
def cancel_ballot(ballot_id: int):
    ballot = ballots.get_ballot(current_user, ballot_id)
    data = request.get_json(silent=True) or {}
    ballots.cancel_ballot(current_user, ballot, str(data.get("reason") or "") if isinstance(data, dict) else "")
    commit()
    return jsonify(ballot_json(ballot, detail=True))


def _file(ballot_id: int, which: str, action: AccessAction):
    from meetings.ballot_views import _pdf

    ballot = ballots.get_ballot(current_user, ballot_id)
    file = deliver_ballot_file(current_user, ballot, which, action, client_from_request("api"))
    commit()
    return _pdf(file, "attachment")


@ballots_api_bp.get("/opinion-ballots/<int:ballot_id>/draft")
def download_draft(ballot_id: int):
    return _file(ballot_id, "draft", AccessAction.download)


@ballots_api_bp.get("/opinion-ballots/<int:ballot_id>/report")
def download_report(ballot_id: int):
    return _file(ballot_id, "report", AccessAction.download)
