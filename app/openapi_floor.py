"""The floor's part of the OpenAPI description (app/openapi.py): attendance and quorum, votes,
votes sent ahead."""

from __future__ import annotations

from app.openapi import (
    BOOL,
    DATETIME,
    INT,
    ITEM_ID,
    MEETING_ID,
    STR,
    _errors,
    _id,
    _json,
    _json_body,
    _nullable,
    _obj,
    _ref,
)

VOTE_ID = _id("vote_id", "Vote id")

FLOOR_SCHEMAS = {
    "Quorum": _obj(
        {
            "holds": BOOL,
            "required": {**INT, "description": "Voting members needed"},
            "present": {**INT, "description": "Seats filled now (checked in, not gone)"},
            "total": {**INT, "description": "Voting members: chair and members, substitutes aside"},
            "margin": {**INT, "description": "present − required (negative: no quorum)"},
        }
    ),
    "AttendanceEntry": _obj(
        {
            "user_id": INT,
            "name": STR,
            "role": {"type": "string", "enum": ["chair", "secretary", "member"]},
            "voting": {**BOOL, "description": "A voting member (chair, member; not a substitute)"},
            "stands_in_for": {**_nullable(INT), "description": "An approved substitute: the member whose seat"},
            "status": {"type": "string", "enum": ["present", "left", "absent", "unknown"]},
            "mode": {"type": ["string", "null"], "enum": ["in_room", "online", None]},
            "checked_in_at": _nullable(DATETIME),
            "left_at": _nullable(DATETIME),
            "late": BOOL,
            "absent_reason": STR,
        }
    ),
    "AttendanceState": _obj(
        {"attendance": {"type": "array", "items": _ref("AttendanceEntry")}, "quorum": _ref("Quorum")}
    ),
    "AttendanceInput": _obj(
        {
            "action": {
                "type": "string",
                "enum": ["check_in", "absent", "late", "on_time", "left"],
                "description": "check_in: oneself, or anyone by the secretary; the others: the secretary",
            },
            "mode": {"type": "string", "enum": ["in_room", "online"], "description": "With check_in; default in_room"},
            "reason": {**STR, "description": "With absent: the reason the minutes state"},
        },
        ["action"],
    ),
    "VoteResult": _obj(
        {
            "counts": {
                "type": "object",
                "additionalProperties": INT,
                "description": "Per choice (for/against/abstain, or option index), votes sent ahead included",
            },
            "advance": {"type": "object", "additionalProperties": INT, "description": "Counted votes sent ahead"},
            "advance_not_counted": INT,
            "cast": INT,
            "total": INT,
            "present": INT,
            "passed": BOOL,
            "basis": INT,
            "basis_kind": {"type": "string", "enum": ["all_members", "present", "votes_cast"]},
            "required": INT,
            "percent": STR,
            "winner": {**_nullable(STR), "description": "A choice vote's winning option index"},
            "summary": {**STR, "description": "Tán thành 7/9 thành viên (77,8 %) — Thông qua"},
        }
    ),
    "Vote": _obj(
        {
            "id": INT,
            "agenda_item_id": _nullable(INT),
            "agenda_item_title": _nullable(STR),
            "question": STR,
            "kind": {"type": "string", "enum": ["approval", "choice"]},
            "options": {"type": "array", "items": STR},
            "secret": BOOL,
            "state": {"type": "string", "enum": ["open", "closed"]},
            "opened_at": DATETIME,
            "closed_at": _nullable(DATETIME),
            "rules": {"type": "object", "description": "The floor rules applied"},
            "progress": _obj({"voted": INT, "total": INT, "advance": INT}),
            "result": {"oneOf": [_ref("VoteResult"), {"type": "null"}]},
            "ballots_sha256": {**_nullable(STR), "description": "SHA-256 of the ballots (canonical JSON), once closed"},
            "mine": _obj({"voted": BOOL, "choice": {**_nullable(STR), "description": "Only in a named vote"}}),
        },
        [
            "id",
            "agenda_item_id",
            "question",
            "kind",
            "options",
            "secret",
            "state",
            "opened_at",
            "closed_at",
            "rules",
            "progress",
            "result",
            "ballots_sha256",
        ],
    ),
    "VoteInput": _obj(
        {
            "agenda_item_id": INT,
            "question": STR,
            "kind": {"type": "string", "enum": ["approval", "choice"]},
            "options": {"type": "array", "items": STR, "description": "2–10, for a choice vote"},
            "secret": BOOL,
        },
        ["agenda_item_id", "question"],
    ),
    "BallotInput": _obj(
        {
            "choice": {**STR, "description": "for, against, abstain; or the option index"},
            "ballot_id": {**STR, "format": "uuid", "description": "Made by the client; a repeat changes nothing"},
        }
    ),
}

FLOOR_PATHS = {
    "/meetings/{meeting_id}/attendance": {
        "get": {
            "summary": "Attendance on the floor and the quorum",
            "operationId": "getAttendance",
            "parameters": [MEETING_ID],
            "responses": {
                "200": _json(_ref("AttendanceState"), "Everyone expected (observers aside)"),
                **_errors(401, 404),
            },
        }
    },
    "/meetings/{meeting_id}/attendance/{user_id}": {
        "put": {
            "summary": "Check in (oneself, or anyone by the secretary); mark absent, late, on time, gone early "
            "(the secretary)",
            "operationId": "markAttendance",
            "parameters": [MEETING_ID, _id("user_id", "User id")],
            "requestBody": _json_body("AttendanceInput"),
            "responses": {
                "200": _json(_ref("AttendanceState"), "Attendance and quorum after the change"),
                **_errors(400, 401, 403, 404),
            },
        }
    },
    "/meetings/{meeting_id}/votes": {
        "get": {
            "summary": "The meeting's votes, with their progress or result and the caller's own ballot",
            "operationId": "listVotes",
            "parameters": [MEETING_ID],
            "responses": {
                "200": _json(_obj({"votes": {"type": "array", "items": _ref("Vote")}}), "Votes"),
                **_errors(401, 404),
            },
        },
        "post": {
            "summary": "Open a vote on an agenda item (chair, secretary; in session, with the quorum)",
            "operationId": "openVote",
            "parameters": [MEETING_ID],
            "requestBody": _json_body("VoteInput"),
            "responses": {"201": _json(_ref("Vote"), "The open vote"), **_errors(400, 401, 403, 404, 409)},
        },
    },
    "/meetings/{meeting_id}/votes/{vote_id}/ballots": {
        "post": {
            "summary": "Vote (a checked-in voting member); one ballot per member",
            "operationId": "castBallot",
            "parameters": [MEETING_ID, VOTE_ID],
            "requestBody": _json_body("BallotInput"),
            "responses": {
                "200": _json(_obj({"vote": _ref("Vote"), "duplicate": BOOL}), "The vote, with mine.voted"),
                **_errors(400, 401, 403, 404, 409),
            },
        }
    },
    "/meetings/{meeting_id}/votes/{vote_id}/close": {
        "post": {
            "summary": "Close a vote: counted with its own rules, result and ballots' hash stored for good",
            "operationId": "closeVote",
            "parameters": [MEETING_ID, VOTE_ID],
            "responses": {"200": _json(_ref("Vote"), "The closed vote with its result"), **_errors(401, 403, 404, 409)},
        }
    },
    "/meetings/{meeting_id}/agenda/{item_id}/advance-ballot": {
        "put": {
            "summary": "Send one's vote ahead (bỏ phiếu trước) on an item for decision, before the session",
            "operationId": "sendAdvanceBallot",
            "parameters": [MEETING_ID, ITEM_ID],
            "requestBody": _json_body("BallotInput"),
            "responses": {
                "200": _json(
                    _obj(
                        {"agenda_item_id": INT, "choice": STR, "ballot_id": STR, "cast_at": DATETIME, "duplicate": BOOL}
                    ),
                    "The vote sent ahead",
                ),
                **_errors(400, 401, 403, 404, 409),
            },
        }
    },
}
