"""The floor's part of the OpenAPI description (merged into ``app.openapi.openapi_document``):
the agenda item under discussion and the speaker queue, the HTTP side of the realtime protocol
(docs/realtime-protocol.md)."""

from __future__ import annotations

from app.openapi import DATETIME, INT, MEETING_ID, STR, _errors, _id, _json, _json_body, _nullable, _obj, _ref

BOOL = {"type": "boolean"}
_ENTRY_EXTRA = {
    "place": {**INT, "description": 'In the queue: 1, 2 … ("Bạn đang ở vị trí số 2")'},
    "requested_at": DATETIME,
    "started_at": DATETIME,
    "ended_at": DATETIME,
    "allotted_seconds": {**INT, "description": "The speaker: the item's speaking time when the floor was given"},
    "duration_seconds": {**INT, "description": "Who spoke: how long"},
}
SCHEMAS = {
    "SpeakerEntry": _obj(
        {
            "id": {**INT, "description": "The request's id"},
            "user_id": INT,
            "name": STR,
            "job_title": {**STR, "description": "Chức vụ"},
            "state": {"type": "string", "enum": ["requested", "speaking", "done"]},
            "position": {**INT, "description": "Orders the item's requests for good"},
            **_ENTRY_EXTRA,
        },
        ["id", "user_id", "name", "job_title", "state", "position"],
    ),
    "ItemFloor": _obj(
        {
            "agenda_item_id": INT,
            "allotted_seconds": {**INT, "description": "The item's speaking time for the next speech"},
            "current": {"anyOf": [_ref("SpeakerEntry"), {"type": "null"}], "description": "Who speaks now"},
            "queue": {"type": "array", "items": _ref("SpeakerEntry"), "description": "Who waits, in order"},
            "done": {"type": "array", "items": _ref("SpeakerEntry"), "description": "Who spoke, in order"},
            "server_time": {**DATETIME, "description": "Count speaking time against this clock"},
        }
    ),
    "Floor": _obj(
        {
            "agenda_item_id": {**_nullable(INT), "description": "The agenda item under discussion"},
            "server_time": DATETIME,
            "items": {
                "type": "array",
                "items": _ref("ItemFloor"),
                "description": "Every item with a floor (requests, or under discussion), in agenda order",
            },
        }
    ),
    "FloorChange": _obj(
        {
            "id": {**_nullable(INT), "description": "The request concerned (null: nobody)"},
            "seq": {**INT, "description": "The change's seq (the current one when nothing changed)"},
            "duplicate": {**BOOL, "description": "Nothing changed (a repeat)"},
            "floor": {"anyOf": [_ref("ItemFloor"), {"type": "null"}], "description": "The item's floor afterwards"},
        }
    ),
    "CurrentItemInput": _obj({"agenda_item_id": {**_nullable(INT), "description": "null: no item"}}),
    "SpeakerRequestInput": {
        "type": "object",
        "properties": {"agenda_item_id": {**_nullable(INT), "description": "Omitted: the item under discussion"}},
    },
}

_CHANGE = _json(_ref("FloorChange"), "Done (or nothing to do: duplicate)")
_OPTIONAL_BODY = {"required": False, "content": {"application/json": {"schema": _ref("SpeakerRequestInput")}}}
PATHS = {
    "/meetings/{meeting_id}/speakers": {
        "get": {
            "summary": "The floor: the item under discussion and every item's speaker queue",
            "operationId": "getFloor",
            "parameters": [MEETING_ID],
            "responses": {"200": _json(_ref("Floor"), "The floor"), **_errors(401, 404)},
        },
        "post": {
            "summary": "Ask for the floor (members; on the item under discussion unless named)",
            "operationId": "requestFloor",
            "parameters": [MEETING_ID],
            "requestBody": _OPTIONAL_BODY,
            "responses": {
                "201": _json(_ref("FloorChange"), "In the queue"),
                "200": _json(_ref("FloorChange"), "Already asked: the open request"),
                **_errors(400, 401, 403, 404),
            },
        },
    },
    "/meetings/{meeting_id}/speakers/{request_id}/{action}": {
        "post": {
            "summary": "Withdraw one's own request; grant the floor to it, or remove it from the queue (chair, secretary)",
            "operationId": "changeSpeakerRequest",
            "parameters": [
                MEETING_ID,
                _id("request_id", "Speaker request id"),
                {
                    "name": "action",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string", "enum": ["withdraw", "grant", "remove"]},
                },
            ],
            "responses": {"200": _CHANGE, **_errors(401, 403, 404, 409)},
        }
    },
    "/meetings/{meeting_id}/speakers/{action}": {
        "post": {
            "summary": "next: end the speech, give the floor to the first one waiting; end: end the speech",
            "operationId": "moveFloorOn",
            "parameters": [
                MEETING_ID,
                {
                    "name": "action",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string", "enum": ["next", "end"]},
                },
            ],
            "requestBody": _OPTIONAL_BODY,
            "responses": {"200": _CHANGE, **_errors(400, 401, 403, 404, 409)},
        }
    },
    "/meetings/{meeting_id}/agenda/current": {
        "put": {
            "summary": "Move the meeting to an agenda item (chair, secretary); a speech in progress ends",
            "operationId": "setCurrentAgendaItem",
            "parameters": [MEETING_ID],
            "requestBody": _json_body("CurrentItemInput"),
            "responses": {"200": _json(_ref("Floor"), "The floor, with the new item"), **_errors(400, 401, 403, 404)},
        }
    },
}
