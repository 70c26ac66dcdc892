"""The OpenAPI 3.1 description of the JSON API v1, served at ``/api/v1/openapi.json``.

Every ``/api/v1`` route is described here (a test checks both directions and validates real
responses against these schemas); a new API route needs its path here.
"""

from __future__ import annotations

from copy import deepcopy

from app.openapi_parts import (  # noqa: F401  (the floor parts borrow these from here)
    BOOL,
    DATETIME,
    DOCUMENT_ID,
    INT,
    ITEM_ID,
    MEETING_ID,
    RESPONSES,
    STR,
    USER_ID,
    _errors,
    _id,
    _json,
    _json_body,
    _nullable,
    _obj,
    _ref,
)
from app.openapi_schemas import SCHEMAS

MEETING_OUT = _json(_ref("MeetingDetail"), "The meeting, with its members and agenda")
AGENDA_OUT = _json(_ref("Agenda"), "The agenda after the change")
PDF_BODY = {"type": "string", "contentMediaType": "application/pdf"}
UPLOAD_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": _obj(
                {
                    "file": {"type": "string", "contentMediaType": "application/pdf", "description": "The PDF"},
                    "title": STR,
                    "agenda_item_id": INT,
                    "confidential": {**STR, "enum": ["1", "0"]},
                    "observer_visible": {**STR, "enum": ["1", "0"]},
                    "recipient_ids": {
                        "type": "array",
                        "items": INT,
                        "description": "Named readers of a confidential document",
                    },
                },
                ["file"],
            )
        },
        "application/pdf": {"schema": PDF_BODY},
    },
    "description": "A multipart form, or the raw PDF as the body (then name it with ?filename=…).",
}
RAW_UPLOAD_PARAMS = [
    {"name": name, "in": "query", "required": False, "schema": schema, "description": "With a raw application/pdf body"}
    for name, schema in (("filename", STR), ("title", STR), ("agenda_item_id", INT))
]

PATHS = {
    "/me": {
        "get": {
            "summary": "The caller",
            "operationId": "getMe",
            "responses": {"200": _json(_ref("User"), "The authenticated user"), **_errors(401)},
        }
    },
    "/meetings": {
        "get": {
            "summary": "Meetings the caller may see",
            "operationId": "listMeetings",
            "parameters": [
                {"name": "state", "in": "query", "required": False, "schema": SCHEMAS["Meeting"]["properties"]["state"]}
            ],
            "responses": {
                "200": _json(_obj({"meetings": {"type": "array", "items": _ref("Meeting")}}), "Meetings"),
                **_errors(400, 401),
            },
        },
        "post": {
            "summary": "Create a meeting, as a draft (secretariat)",
            "operationId": "createMeeting",
            "requestBody": _json_body("MeetingInput"),
            "responses": {"201": _json(_ref("MeetingDetail"), "The new draft meeting"), **_errors(400, 401, 403)},
        },
    },
    "/meetings/{meeting_id}": {
        "get": {
            "summary": "A meeting with its members and agenda",
            "operationId": "getMeeting",
            "parameters": [MEETING_ID],
            "responses": {"200": _json(_ref("MeetingDetail"), "The meeting"), **_errors(401, 404)},
        },
        "patch": {
            "summary": "Change a meeting's details (only the fields sent)",
            "operationId": "updateMeeting",
            "parameters": [MEETING_ID],
            "requestBody": _json_body("MeetingInput"),
            "responses": {"200": MEETING_OUT, **_errors(400, 401, 403, 404)},
        },
    },
    "/meetings/{meeting_id}/{action}": {
        "post": {
            "summary": "Publish, start, close or cancel a meeting",
            "operationId": "changeMeetingState",
            "parameters": [
                MEETING_ID,
                {
                    "name": "action",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string", "enum": ["publish", "start", "close", "cancel"]},
                    "description": "publish: draft → published; start: published → in_session; "
                    "close: in_session → closed; cancel: not yet closed → "
                    "cancelled",
                },
            ],
            "responses": {
                "200": _json(_ref("MeetingDetail"), "The meeting in its new state"),
                **_errors(401, 403, 404, 409),
            },
        }
    },
    "/meetings/{meeting_id}/members": {
        "post": {
            "summary": "Add a member to the meeting",
            "operationId": "addMember",
            "parameters": [MEETING_ID],
            "requestBody": _json_body("MemberInput"),
            "responses": {"201": MEETING_OUT, **_errors(400, 401, 403, 404)},
        }
    },
    "/meetings/{meeting_id}/members/{user_id}": {
        "patch": {
            "summary": "Change a member's role",
            "operationId": "changeMemberRole",
            "parameters": [MEETING_ID, USER_ID],
            "requestBody": _json_body("MemberRoleInput"),
            "responses": {"200": MEETING_OUT, **_errors(400, 401, 403, 404)},
        },
        "delete": {
            "summary": "Remove a member from the meeting",
            "operationId": "removeMember",
            "parameters": [MEETING_ID, USER_ID],
            "responses": {"200": MEETING_OUT, **_errors(400, 401, 403, 404)},
        },
    },
    "/meetings/{meeting_id}/agenda": {
        "get": {
            "summary": "The agenda in reading order, numbered",
            "operationId": "getAgenda",
            "parameters": [MEETING_ID],
            "responses": {"200": _json(_ref("Agenda"), "The agenda"), **_errors(401, 404)},
        },
        "post": {
            "summary": "Add an agenda item (at the end, or as the last sub-item of parent_id)",
            "operationId": "addAgendaItem",
            "parameters": [MEETING_ID],
            "requestBody": _json_body("AgendaItemInput"),
            "responses": {
                "201": {
                    **AGENDA_OUT,
                    "headers": {
                        "Location": {"schema": STR, "description": "/api/v1/meetings/{meeting_id}/agenda#{new item id}"}
                    },
                },
                **_errors(400, 401, 403, 404),
            },
        },
    },
    "/meetings/{meeting_id}/agenda/{item_id}": {
        "patch": {
            "summary": "Edit an agenda item (only the fields sent; parent_id is ignored)",
            "operationId": "updateAgendaItem",
            "parameters": [MEETING_ID, ITEM_ID],
            "requestBody": _json_body("AgendaItemInput"),
            "responses": {"200": AGENDA_OUT, **_errors(400, 401, 403, 404)},
        },
        "delete": {
            "summary": "Delete an agenda item",
            "operationId": "deleteAgendaItem",
            "parameters": [MEETING_ID, ITEM_ID],
            "responses": {"200": AGENDA_OUT, **_errors(400, 401, 403, 404)},
        },
    },
    "/meetings/{meeting_id}/agenda/order": {
        "put": {
            "summary": "Reorder the top-level items, or the sub-items of parent_id",
            "operationId": "reorderAgenda",
            "parameters": [MEETING_ID],
            "requestBody": _json_body("AgendaOrderInput"),
            "responses": {"200": AGENDA_OUT, **_errors(400, 401, 403, 404)},
        }
    },
    "/meetings/{meeting_id}/live": {
        "get": {
            "summary": "The live session's state: slide, presenter, who is present, visible annotations",
            "operationId": "getLiveState",
            "parameters": [MEETING_ID],
            "responses": {"200": _json(_ref("LiveState"), "A full snapshot"), **_errors(401, 404)},
        }
    },
    "/meetings/{meeting_id}/documents": {
        "get": {
            "summary": "The meeting's documents the caller may read",
            "operationId": "listDocuments",
            "parameters": [MEETING_ID],
            "responses": {
                "200": _json(_obj({"documents": {"type": "array", "items": _ref("Document")}}), "Documents"),
                **_errors(401, 404),
            },
        },
        "post": {
            "summary": "Upload a PDF (secretariat, the meeting's secretary)",
            "operationId": "uploadDocument",
            "parameters": [MEETING_ID, *RAW_UPLOAD_PARAMS],
            "requestBody": UPLOAD_BODY,
            "responses": {"201": _json(_ref("Document"), "Stored"), **_errors(400, 401, 403, 404, 413, 415)},
        },
    },
    "/documents/{document_id}": {
        "get": {
            "summary": "A document's facts",
            "operationId": "getDocument",
            "parameters": [DOCUMENT_ID],
            "responses": {"200": _json(_ref("Document"), "The document"), **_errors(401, 404)},
        }
    },
    "/documents/{document_id}/download": {
        "get": {
            "summary": "The PDF, with the caller's name, unit and the time stamped on every page",
            "operationId": "downloadDocument",
            "description": "A new request is a new copy (logged once); its byte ranges name it by `copy`, "
            "`If-Range` (its ETag) or, failing both, the caller's latest copy (docs/performance.md). "
            "`copy` with `open=1` is a new open under that token even when ranged (the first chunk comes with it).",
            "parameters": [
                DOCUMENT_ID,
                {"name": "copy", "in": "query", "schema": STR, "description": "The caller's token for this open"},
                {"name": "open", "in": "query", "schema": STR, "description": "1: a new open under `copy`"},
                {"name": "Range", "in": "header", "schema": STR, "description": "One range: bytes=start-end"},
                {"name": "If-Range", "in": "header", "schema": STR, "description": "The copy's ETag"},
            ],
            "responses": {
                "200": {
                    "description": "Watermarked PDF (recorded in the access log)",
                    "content": {"application/pdf": {"schema": PDF_BODY}},
                },
                "206": {
                    "description": "One byte range of the copy (Content-Range)",
                    "content": {"application/pdf": {"schema": PDF_BODY}},
                },
                "416": _json(_ref("Error"), "The range lies outside the copy (Content-Range: bytes */size)"),
                **_errors(401, 404),
            },
        }
    },
    "/documents/{document_id}/versions": {
        "post": {
            "summary": "Replace the document with a new version (the previous one is kept)",
            "operationId": "replaceDocument",
            "parameters": [DOCUMENT_ID, *RAW_UPLOAD_PARAMS[:2]],
            "requestBody": UPLOAD_BODY,
            "responses": {
                "201": _json(_ref("Document"), "The document, now at its new version"),
                **_errors(400, 401, 403, 404),
            },
        }
    },
    "/archive/search": {
        "get": {
            "summary": "Search closed meetings, their agendas and documents (diacritics-insensitive)",
            "operationId": "searchArchive",
            "parameters": [
                {"name": name, "in": "query", "required": False, "schema": schema, "description": what}
                for name, schema, what in (
                    ("q", STR, "Words; tiếng Việt with or without diacritics"),
                    ("from", {**STR, "format": "date"}, "First day, YYYY-MM-DD (Vietnam date)"),
                    ("to", {**STR, "format": "date"}, "Last day, YYYY-MM-DD (Vietnam date)"),
                    ("body", STR, "Only meetings of this body: its id (GET /bodies; dissolved ones too) or exact name"),
                    ("member", INT, "Only meetings with this user as a member"),
                    ("page", {**INT, "minimum": 1}, "Page number, from 1"),
                )
            ],
            "responses": {
                "200": _json(_ref("ArchiveResults"), "One page of hits the caller may read"),
                **_errors(400, 401),
            },
        }
    },
    "/openapi.json": {
        "get": {
            "summary": "This description",
            "operationId": "getOpenApi",
            "security": [],
            "responses": {
                "200": {
                    "description": "OpenAPI 3.1 document",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            },
        }
    },
}


from app.openapi_floor import FLOOR_PATHS, FLOOR_SCHEMAS  # noqa: E402  (built with the helpers above)

SCHEMAS.update(FLOOR_SCHEMAS)
PATHS.update(FLOOR_PATHS)


def openapi_document(server_url: str = "/api/v1") -> dict:
    from app import openapi_ballots, openapi_bodies, openapi_speakers, openapi_users  # more paths and schemas

    return deepcopy(
        {
            "openapi": "3.1.0",
            "info": {
                "title": "phonghop API",
                "version": "1.0.0",
                "description": "Phòng họp không giấy: meetings, agendas and documents for tablet apps and the "
                "province's document system. Authenticate with `Authorization: Bearer php_…` "
                "(`flask --app wsgi users token LOGIN`). Errors are JSON `{error, status}` with the "
                "message in the user's language. Meetings and documents the caller may not see "
                "answer 404.",
            },
            "servers": [{"url": server_url}],
            "security": [{"bearerAuth": []}],
            "paths": {
                **PATHS,
                **openapi_speakers.PATHS,
                **openapi_bodies.PATHS,
                **openapi_users.PATHS,
                **openapi_ballots.PATHS,
            },
            "components": {
                "securitySchemes": {
                    "bearerAuth": {"type": "http", "scheme": "bearer", "description": "API token, php_…"}
                },
                "schemas": {
                    **SCHEMAS,
                    **openapi_speakers.SCHEMAS,
                    **openapi_bodies.SCHEMAS,
                    **openapi_users.SCHEMAS,
                    **openapi_ballots.SCHEMAS,
                },
                "responses": RESPONSES,
            },
        }
    )
