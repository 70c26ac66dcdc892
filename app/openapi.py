"""The OpenAPI 3.1 description of the JSON API v1, served at ``/api/v1/openapi.json``.

Every ``/api/v1`` route is described here (a test checks both directions and validates real
responses against these schemas); a new API route needs its path here.
"""
from __future__ import annotations

from copy import deepcopy

STR, INT, BOOL = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}
DATETIME = {"type": "string", "format": "date-time"}


def _nullable(schema: dict) -> dict:
    return {**schema, "type": [schema["type"], "null"]}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _obj(properties: dict, required: list[str] | None = None) -> dict:
    return {"type": "object", "properties": properties,
            "required": sorted(required if required is not None else properties)}


SCHEMAS = {
    "Error": _obj({"error": {**STR, "description": "Message in the user's language (Vietnamese by default)"},
                   "status": INT, "code": STR}, ["error", "status"]),
    "User": _obj({"id": INT, "login": STR, "full_name": STR, "position": STR, "unit": STR,
                  "system_role": {"type": "string", "enum": ["admin", "secretariat", "archivist", "member"]}}),
    "Member": {"allOf": [_ref("User"), _obj({"role": {"type": "string",
                                                      "enum": ["chair", "secretary", "member", "observer"]}})]},
    "Meeting": _obj({
        "id": INT, "title": STR, "body": STR,
        "kind": {"type": "string", "enum": ["regular", "thematic", "special"]},
        "state": {"type": "string", "enum": ["draft", "published", "in_session", "closed", "cancelled"]},
        "starts_at": DATETIME, "ends_at": _nullable(DATETIME), "place": STR, "video_url": _nullable(STR),
        "my_role": {"type": ["string", "null"], "enum": ["chair", "secretary", "member", "observer", None]},
    }),
    "ReadState": {"type": "string", "enum": ["unread", "read", "outdated"],
                  "description": "Whether the caller has read the document: unread (never opened nor downloaded), "
                                 "read (the current version), outdated (an earlier version only; it was "
                                 "replaced since)"},
    "DocumentSummary": _obj({"id": INT, "title": STR, "filename": STR, "size": INT, "sha256": STR,
                             "page_count": INT, "read_state": _ref("ReadState")}),
    "AgendaItem": _obj({
        "id": INT, "number": {**STR, "description": "Reading-order number: 1, 1.1, 1.2, 2 …"},
        "position": {**INT, "description": "Position among its siblings"}, "parent_id": _nullable(INT),
        "title": STR, "presenter": {**_nullable(STR), "description": "The presenter's name, as shown"},
        "presenter_id": {**_nullable(INT), "description": "The presenting user, when one is named"},
        "duration_minutes": _nullable(INT), "description": _nullable(STR),
        "speaking_minutes": {**_nullable(INT), "description": "Each speech on this item (null: 5 minutes)"},
        "for_decision": {**BOOL, "description": "Marked for a decision: members may send their vote ahead"},
        "documents": {"type": "array", "items": _ref("DocumentSummary"),
                      "description": "Only the documents the caller may read"},
    }),
    "MeetingDetail": {"allOf": [_ref("Meeting"), _obj({
        "members": {"type": "array", "items": _ref("Member")},
        "agenda": {"type": "array", "items": _ref("AgendaItem")},
    })]},
    "Agenda": _obj({"agenda": {"type": "array", "items": _ref("AgendaItem"),
                                "description": "The whole agenda in reading order"}}),
    "MeetingInput": {"type": "object", "additionalProperties": False, "properties": {
        "title": STR, "body": {**STR, "description": "The body holding the meeting (e.g. UBND huyện)"},
        "kind": {"type": "string", "enum": ["regular", "thematic", "special"]},
        "starts_at": {**STR, "description": "ISO 8601; without an offset it is Vietnam time"},
        "ends_at": {**_nullable(STR), "description": "ISO 8601; without an offset it is Vietnam time"},
        "place": _nullable(STR), "video_url": _nullable(STR),
    }},
    "MemberInput": _obj({"user_id": INT, "role": {"type": "string", "enum": ["chair", "secretary", "member",
                                                                           "observer"],
                                                  "description": "Default member"}}, ["user_id"]),
    "MemberRoleInput": _obj({"role": {"type": "string", "enum": ["chair", "secretary", "member", "observer"]}}),
    "AgendaItemInput": {"type": "object", "properties": {
        "title": STR, "presenter_name": {**_nullable(STR), "description": "A presenter who is not a user"},
        "presenter_id": _nullable(INT), "duration_minutes": _nullable(INT), "description": _nullable(STR),
        "speaking_minutes": {**_nullable(INT), "description": "Each speech, 1–60 minutes (null: 5)"},
        "parent_id": {**_nullable(INT), "description": "Only when adding: make it a sub-item of this item"},
        "for_decision": BOOL,
    }},
    "AgendaOrderInput": _obj({
        "order": {"type": "array", "items": INT, "description": "Every item id under parent_id, in the new order"},
        "parent_id": {**_nullable(INT), "description": "Whose sub-items to reorder; omit for the top level"},
    }, ["order"]),
    "ArchiveHit": _obj({
        "source": {"type": "string", "enum": ["meeting", "agenda", "document"]}, "source_id": INT,
        "meeting": _obj({"id": INT, "title": STR, "body": STR, "starts_at": DATETIME,
                         "state": {"type": "string", "enum": ["closed"]}}),
        "title_html": {**STR, "description": "HTML, escaped, matches in <mark>"},
        "snippet_html": {**STR, "description": "HTML, escaped, matches in <mark>"},
        "rank": {"type": "number"},
    }),
    "ArchiveResults": _obj({
        "query": _obj({"q": STR, "tokens": {"type": "array", "items": STR}, "from": _nullable(STR),
                       "to": _nullable(STR), "body": _nullable(STR), "member": _nullable(INT)}),
        "page": INT, "pages": INT, "per_page": INT, "total": INT,
        "hits": {"type": "array", "items": _ref("ArchiveHit")},
    }),
    "LiveState": _obj({
        "ok": BOOL, "meeting_id": INT, "user_id": INT,
        "seq": {**INT, "description": "The meeting's live event sequence number"},
        "snapshot": {**BOOL, "description": "Always true here: the full state"},
        "state": _obj({
            "slide": _obj({"document_id": _nullable(INT), "page": INT, "zoom": {"type": "number"}}),
            "presenter_id": _nullable(INT),
            "present": {"type": "array", "items": INT, "description": "Ids of the users connected now"},
            "annotations": {"type": ["array", "null"], "items": {"type": "object"},
                            "description": "Shared annotations and the caller's own"},
            "agenda_item_id": {**_nullable(INT), "description": "The agenda item under discussion"},
            "speakers": {"type": "array", "items": _ref("ItemFloor"), "description": "The floor (see /speakers)"},
            "server_time": DATETIME,
            "floor": {"allOf": [_ref("AttendanceState"), _obj({"votes": {"type": "array", "items": _ref("Vote"),
                      "description": "Open votes and the last closed one, with the caller's own ballot"}})]},
        }),
        "missed": {"type": "array", "items": {"type": "object"}},
    }),
    "DocumentVersion": _obj({"version": INT, "filename": STR, "size": INT, "sha256": STR, "page_count": INT,
                             "uploaded_at": DATETIME, "replaced_at": DATETIME}),
    "Document": _obj({
        "id": INT, "meeting_id": INT, "agenda_item_id": _nullable(INT), "title": STR, "filename": STR,
        "size": {**INT, "description": "Bytes of the original PDF"},
        "sha256": {**STR, "description": "SHA-256 of the original PDF (downloads are watermarked copies)"},
        "page_count": INT, "version": {**INT, "description": "Current version, 1 at upload"},
        "confidential": {**BOOL, "description": "\"Mật\": readable only by named recipients"},
        "observer_visible": {**BOOL, "description": "Observers (khách mời) may read it"},
        "created_at": DATETIME, "updated_at": {**DATETIME, "description": "Upload time of the current version"},
        "download_url": STR,
        "previous_versions": {"type": "array", "items": _ref("DocumentVersion"),
                              "description": "Only for the secretariat and the meeting's secretary"},
        "read_state": {"allOf": [_ref("ReadState")],
                       "description": "In the listing and the detail (not in upload answers)"},
    }, ["id", "meeting_id", "agenda_item_id", "title", "filename", "size", "sha256", "page_count", "version",
        "confidential", "observer_visible", "created_at", "updated_at", "download_url"]),
}

_ERROR = {"application/json": {"schema": _ref("Error")}}
RESPONSES = {
    "BadRequest": {"description": "Invalid input; nothing was changed", "content": _ERROR},
    "Unauthorized": {"description": "No valid bearer token or session", "content": _ERROR},
    "Forbidden": {"description": "Visible to the caller, but this action is not allowed", "content": _ERROR},
    "NotFound": {"description": "Does not exist, or is not visible to the caller", "content": _ERROR},
    "TooLarge": {"description": "Larger than PHONGHOP_MAX_UPLOAD_MB", "content": _ERROR},
    "NotPdf": {"description": "Not a PDF (Office files must be converted to PDF first)", "content": _ERROR},
    "Conflict": {"description": "Not allowed in the meeting's current state; nothing was changed",
                 "content": _ERROR},
}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict:
    names = {400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound", 413: "TooLarge",
             409: "Conflict", 415: "NotPdf"}
    return {str(code): {"$ref": f"#/components/responses/{names[code]}"} for code in codes}


def _id(name: str, what: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}, "description": what}


MEETING_ID, DOCUMENT_ID = _id("meeting_id", "Meeting id"), _id("document_id", "Document id")
USER_ID, ITEM_ID = _id("user_id", "User id of the member"), _id("item_id", "Agenda item id")


def _json_body(name: str) -> dict:
    return {"required": True, "content": {"application/json": {"schema": _ref(name)}}}


MEETING_OUT = _json(_ref("MeetingDetail"), "The meeting, with its members and agenda")
AGENDA_OUT = _json(_ref("Agenda"), "The agenda after the change")
PDF_BODY = {"type": "string", "contentMediaType": "application/pdf"}
UPLOAD_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {"schema": _obj({
            "file": {"type": "string", "contentMediaType": "application/pdf", "description": "The PDF"},
            "title": STR, "agenda_item_id": INT,
            "confidential": {**STR, "enum": ["1", "0"]},
            "observer_visible": {**STR, "enum": ["1", "0"]},
            "recipient_ids": {"type": "array", "items": INT, "description": "Named readers of a confidential document"},
        }, ["file"])},
        "application/pdf": {"schema": PDF_BODY},
    },
    "description": "A multipart form, or the raw PDF as the body (then name it with ?filename=…).",
}
RAW_UPLOAD_PARAMS = [
    {"name": name, "in": "query", "required": False, "schema": schema,
     "description": "With a raw application/pdf body"}
    for name, schema in (("filename", STR), ("title", STR), ("agenda_item_id", INT))
]

PATHS = {
    "/me": {"get": {
        "summary": "The caller", "operationId": "getMe",
        "responses": {"200": _json(_ref("User"), "The authenticated user"), **_errors(401)},
    }},
    "/meetings": {
        "get": {
            "summary": "Meetings the caller may see", "operationId": "listMeetings",
            "parameters": [{"name": "state", "in": "query", "required": False,
                            "schema": SCHEMAS["Meeting"]["properties"]["state"]}],
            "responses": {"200": _json(_obj({"meetings": {"type": "array", "items": _ref("Meeting")}}),
                                       "Meetings"), **_errors(400, 401)},
        },
        "post": {
            "summary": "Create a meeting, as a draft (secretariat)", "operationId": "createMeeting",
            "requestBody": _json_body("MeetingInput"),
            "responses": {"201": _json(_ref("MeetingDetail"), "The new draft meeting"),
                          **_errors(400, 401, 403)},
        },
    },
    "/meetings/{meeting_id}": {
        "get": {
            "summary": "A meeting with its members and agenda", "operationId": "getMeeting",
            "parameters": [MEETING_ID],
            "responses": {"200": _json(_ref("MeetingDetail"), "The meeting"), **_errors(401, 404)},
        },
        "patch": {
            "summary": "Change a meeting's details (only the fields sent)", "operationId": "updateMeeting",
            "parameters": [MEETING_ID], "requestBody": _json_body("MeetingInput"),
            "responses": {"200": MEETING_OUT, **_errors(400, 401, 403, 404)},
        },
    },
    "/meetings/{meeting_id}/{action}": {"post": {
        "summary": "Publish, start, close or cancel a meeting", "operationId": "changeMeetingState",
        "parameters": [MEETING_ID, {"name": "action", "in": "path", "required": True,
                                    "schema": {"type": "string", "enum": ["publish", "start", "close", "cancel"]},
                                    "description": "publish: draft → published; start: published → in_session; "
                                                   "close: in_session → closed; cancel: not yet closed → "
                                                   "cancelled"}],
        "responses": {"200": _json(_ref("MeetingDetail"), "The meeting in its new state"),
                      **_errors(401, 403, 404, 409)},
    }},
    "/meetings/{meeting_id}/members": {"post": {
        "summary": "Add a member to the meeting", "operationId": "addMember",
        "parameters": [MEETING_ID], "requestBody": _json_body("MemberInput"),
        "responses": {"201": MEETING_OUT, **_errors(400, 401, 403, 404)},
    }},
    "/meetings/{meeting_id}/members/{user_id}": {
        "patch": {
            "summary": "Change a member's role", "operationId": "changeMemberRole",
            "parameters": [MEETING_ID, USER_ID], "requestBody": _json_body("MemberRoleInput"),
            "responses": {"200": MEETING_OUT, **_errors(400, 401, 403, 404)},
        },
        "delete": {
            "summary": "Remove a member from the meeting", "operationId": "removeMember",
            "parameters": [MEETING_ID, USER_ID],
            "responses": {"200": MEETING_OUT, **_errors(401, 403, 404)},
        },
    },
    "/meetings/{meeting_id}/agenda": {
        "get": {
            "summary": "The agenda in reading order, numbered", "operationId": "getAgenda",
            "parameters": [MEETING_ID],
            "responses": {"200": _json(_ref("Agenda"), "The agenda"), **_errors(401, 404)},
        },
        "post": {
            "summary": "Add an agenda item (at the end, or as the last sub-item of parent_id)",
            "operationId": "addAgendaItem", "parameters": [MEETING_ID],
            "requestBody": _json_body("AgendaItemInput"),
            "responses": {"201": {**AGENDA_OUT, "headers": {"Location": {
                "schema": STR, "description": "/api/v1/meetings/{meeting_id}/agenda#{new item id}"}}},
                **_errors(400, 401, 403, 404)},
        },
    },
    "/meetings/{meeting_id}/agenda/{item_id}": {
        "patch": {
            "summary": "Edit an agenda item (only the fields sent; parent_id is ignored)",
            "operationId": "updateAgendaItem", "parameters": [MEETING_ID, ITEM_ID],
            "requestBody": _json_body("AgendaItemInput"),
            "responses": {"200": AGENDA_OUT, **_errors(400, 401, 403, 404)},
        },
        "delete": {
            "summary": "Delete an agenda item", "operationId": "deleteAgendaItem",
            "parameters": [MEETING_ID, ITEM_ID],
            "responses": {"200": AGENDA_OUT, **_errors(401, 403, 404)},
        },
    },
    "/meetings/{meeting_id}/agenda/order": {"put": {
        "summary": "Reorder the top-level items, or the sub-items of parent_id", "operationId": "reorderAgenda",
        "parameters": [MEETING_ID], "requestBody": _json_body("AgendaOrderInput"),
        "responses": {"200": AGENDA_OUT, **_errors(400, 401, 403, 404)},
    }},
    "/meetings/{meeting_id}/live": {"get": {
        "summary": "The live session's state: slide, presenter, who is present, visible annotations",
        "operationId": "getLiveState", "parameters": [MEETING_ID],
        "responses": {"200": _json(_ref("LiveState"), "A full snapshot"), **_errors(401, 404)},
    }},
    "/meetings/{meeting_id}/documents": {
        "get": {
            "summary": "The meeting's documents the caller may read", "operationId": "listDocuments",
            "parameters": [MEETING_ID],
            "responses": {"200": _json(_obj({"documents": {"type": "array", "items": _ref("Document")}}),
                                       "Documents"), **_errors(401, 404)},
        },
        "post": {
            "summary": "Upload a PDF (secretariat, the meeting's secretary)", "operationId": "uploadDocument",
            "parameters": [MEETING_ID, *RAW_UPLOAD_PARAMS], "requestBody": UPLOAD_BODY,
            "responses": {"201": _json(_ref("Document"), "Stored"), **_errors(400, 401, 403, 404, 413, 415)},
        },
    },
    "/documents/{document_id}": {"get": {
        "summary": "A document's facts", "operationId": "getDocument", "parameters": [DOCUMENT_ID],
        "responses": {"200": _json(_ref("Document"), "The document"), **_errors(401, 404)},
    }},
    "/documents/{document_id}/download": {"get": {
        "summary": "The PDF, with the caller's name, unit and the time stamped on every page",
        "operationId": "downloadDocument", "parameters": [DOCUMENT_ID],
        "responses": {"200": {"description": "Watermarked PDF (recorded in the access log)",
                              "content": {"application/pdf": {"schema": PDF_BODY}}}, **_errors(401, 404)},
    }},
    "/documents/{document_id}/versions": {"post": {
        "summary": "Replace the document with a new version (the previous one is kept)",
        "operationId": "replaceDocument", "parameters": [DOCUMENT_ID, *RAW_UPLOAD_PARAMS[:2]],
        "requestBody": UPLOAD_BODY,
        "responses": {"201": _json(_ref("Document"), "The document, now at its new version"),
                      **_errors(400, 401, 403, 404)},
    }},
    "/archive/search": {"get": {
        "summary": "Search closed meetings, their agendas and documents (diacritics-insensitive)",
        "operationId": "searchArchive",
        "parameters": [{"name": name, "in": "query", "required": False, "schema": schema, "description": what}
                       for name, schema, what in (
                           ("q", STR, "Words; tiếng Việt with or without diacritics"),
                           ("from", {**STR, "format": "date"}, "First day, YYYY-MM-DD (Vietnam date)"),
                           ("to", {**STR, "format": "date"}, "Last day, YYYY-MM-DD (Vietnam date)"),
                           ("body", STR, "Only meetings of this body"),
                           ("member", INT, "Only meetings with this user as a member"),
                           ("page", {**INT, "minimum": 1}, "Page number, from 1"))],
        "responses": {"200": _json(_ref("ArchiveResults"), "One page of hits the caller may read"),
                      **_errors(400, 401)},
    }},
    "/openapi.json": {"get": {
        "summary": "This description", "operationId": "getOpenApi", "security": [],
        "responses": {"200": {"description": "OpenAPI 3.1 document",
                              "content": {"application/json": {"schema": {"type": "object"}}}}},
    }},
}


from app.openapi_floor import FLOOR_PATHS, FLOOR_SCHEMAS  # noqa: E402  (built with the helpers above)

SCHEMAS.update(FLOOR_SCHEMAS)
PATHS.update(FLOOR_PATHS)


def openapi_document(server_url: str = "/api/v1") -> dict:
    from app import openapi_speakers  # the speakers' paths and schemas (it borrows the helpers above)

    return deepcopy({
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
        "paths": {**PATHS, **openapi_speakers.PATHS},
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer",
                                               "description": "API token, php_…"}},
            "schemas": {**SCHEMAS, **openapi_speakers.SCHEMAS},
            "responses": RESPONSES,
        },
    })
