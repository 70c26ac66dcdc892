"""Written opinion ballots' part of the OpenAPI description (merged into ``app.openapi.openapi_document``):
the secretariat asks members in writing between sessions; members answer; the result and its report."""

from __future__ import annotations

from app.openapi_parts import BOOL, DATETIME, INT, STR, _errors, _id, _json, _nullable, _obj, _ref

BALLOT_ID = _id("ballot_id", "Opinion ballot id")
CHOICE = {
    "type": "string",
    "enum": ["agree", "disagree", "other"],
    "description": "Đồng ý / Không đồng ý / Ý kiến khác",
}
SCHEMAS = {
    "OpinionBallot": _obj(
        {
            "id": INT,
            "title": STR,
            "question": {**STR, "description": "What the members are asked to decide"},
            "body": {**STR, "description": "The name of the body whose members are asked"},
            "body_id": {**INT, "description": "The body whose members are asked"},
            "state": {"type": "string", "enum": ["open", "closed", "cancelled"]},
            "deadline": {**DATETIME, "description": "Entered and shown in Vietnam time"},
            "created_at": DATETIME,
            "closed_at": _nullable(DATETIME),
            "recipients_count": INT,
            "answered_count": INT,
            "asked": {**BOOL, "description": "The caller is one of the members asked"},
            "my_answer": {
                "anyOf": [
                    _obj({"choice": CHOICE, "comment": STR, "answered_at": DATETIME, "signed": BOOL}),
                    {"type": "null"},
                ]
            },
            "result": {
                "anyOf": [{"type": "object"}, {"type": "null"}],
                "description": "Once closed: counts, total, answered, passed, summary "
                '("Đồng ý 6/9 thành viên (66,7 %) — Thông qua"), rule',
            },
        }
    ),
    "OpinionBallotRecipient": _obj(
        {
            "user_id": INT,
            "name": STR,
            "office": STR,
            "answered_at": _nullable(DATETIME),
            "choice": {"anyOf": [CHOICE, {"type": "null"}], "description": "Shown once the ballot is closed"},
            "comment": _nullable(STR),
            "signed": _nullable(BOOL),
        }
    ),
    "OpinionBallotDetail": {
        "allOf": [
            _ref("OpinionBallot"),
            _obj({"recipients": {"type": "array", "items": _ref("OpinionBallotRecipient")}}),
        ]
    },
    "OpinionAnswerInput": _obj(
        {
            "choice": CHOICE,
            "comment": {**STR, "description": "Required with 'other'"},
            "passphrase": {**STR, "description": "Optional: sign the answer with the caller's stored certificate"},
        },
        ["choice"],
    ),
    "CancelInput": _obj({"reason": STR}),
}
_DETAIL = _json(_ref("OpinionBallotDetail"), "The ballot")
_PDF = {
    "description": "A copy stamped with the reader's name on every page (the access is logged)",
    "content": {"application/pdf": {"schema": {"type": "string", "contentMediaType": "application/pdf"}}},
}
PATHS = {
    "/opinion-ballots": {
        "get": {
            "summary": "Written opinion ballots the caller may see (asked, secretariat, archivists: closed)",
            "operationId": "listOpinionBallots",
            "responses": {
                "200": _json(_obj({"opinion_ballots": {"type": "array", "items": _ref("OpinionBallot")}}), "Ballots"),
                **_errors(401),
            },
        },
        "post": {
            "summary": "Ask members for their written opinion on a draft by a deadline (secretariat)",
            "operationId": "createOpinionBallot",
            "requestBody": {
                "required": True,
                "content": {
                    "multipart/form-data": {
                        "schema": _obj(
                            {
                                "title": STR,
                                "question": STR,
                                "body_id": {
                                    **INT,
                                    "description": "An active body; its serving standing members are the "
                                    "usual recipients and its floor rules count the answers",
                                },
                                "body": {**STR, "description": "Older clients: the body's exact name"},
                                "deadline": {**STR, "description": "Vietnam time, e.g. 2026-12-04T17:00"},
                                "recipient_ids": {"type": "array", "items": INT},
                                "draft": {"type": "string", "contentMediaType": "application/pdf"},
                            }
                        )
                    }
                },
            },
            "responses": {"201": _json(_ref("OpinionBallotDetail"), "Opened"), **_errors(400, 401, 403)},
        },
    },
    "/opinion-ballots/{ballot_id}": {
        "get": {
            "summary": "A ballot: who answered (how, once closed), the result",
            "operationId": "getOpinionBallot",
            "parameters": [BALLOT_ID],
            "responses": {"200": _DETAIL, **_errors(401, 404)},
        }
    },
    "/opinion-ballots/{ballot_id}/answer": {
        "put": {
            "summary": "Answer or change one's answer until the ballot closes (members asked)",
            "operationId": "answerOpinionBallot",
            "parameters": [BALLOT_ID],
            "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("OpinionAnswerInput")}}},
            "responses": {"200": _DETAIL, **_errors(400, 401, 403, 404, 409)},
        }
    },
    "/opinion-ballots/{ballot_id}/close": {
        "post": {
            "summary": "Close early and compile the result and report (secretariat)",
            "operationId": "closeOpinionBallot",
            "parameters": [BALLOT_ID],
            "responses": {"200": _DETAIL, **_errors(401, 403, 404, 409)},
        }
    },
    "/opinion-ballots/{ballot_id}/cancel": {
        "post": {
            "summary": "Cancel an open ballot with a reason (secretariat)",
            "operationId": "cancelOpinionBallot",
            "parameters": [BALLOT_ID],
            "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("CancelInput")}}},
            "responses": {"200": _DETAIL, **_errors(400, 401, 403, 404)},
        }
    },
    "/opinion-ballots/{ballot_id}/draft": {
        "get": {
            "summary": "The draft asked about",
            "operationId": "downloadOpinionBallotDraft",
            "parameters": [BALLOT_ID],
            "responses": {"200": _PDF, **_errors(401, 404)},
        }
    },
    "/opinion-ballots/{ballot_id}/report": {
        "get": {
            "summary": 'The report "Báo cáo tổng hợp kết quả lấy ý kiến thành viên UBND" (closed ballots)',
            "operationId": "downloadOpinionBallotReport",
            "parameters": [BALLOT_ID],
            "responses": {"200": _PDF, **_errors(401, 404)},
        }
    },
}
