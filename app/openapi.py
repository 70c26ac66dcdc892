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
        "starts_at": DATETIME, "ends_at": _nullable(DATETIME), "place": STR,
        "my_role": {"type": ["string", "null"], "enum": ["chair", "secretary", "member", "observer", None]},
    }),
    "DocumentSummary": _obj({"id": INT, "title": STR, "filename": STR, "size": INT, "sha256": STR,
                             "page_count": INT}),
    "AgendaItem": _obj({
        "id": INT, "position": INT, "parent_id": _nullable(INT), "title": STR, "presenter": STR,
        "duration_minutes": _nullable(INT),
        "documents": {"type": "array", "items": _ref("DocumentSummary"),
                      "description": "Only the documents the caller may read"},
    }),
    "MeetingDetail": {"allOf": [_ref("Meeting"), _obj({
        "members": {"type": "array", "items": _ref("Member")},
        "agenda": {"type": "array", "items": _ref("AgendaItem")},
    })]},
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
}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict:
    names = {400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound", 413: "TooLarge",
             415: "NotPdf"}
    return {str(code): {"$ref": f"#/components/responses/{names[code]}"} for code in codes}


def _id(name: str, what: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}, "description": what}


MEETING_ID, DOCUMENT_ID = _id("meeting_id", "Meeting id"), _id("document_id", "Document id")
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
    "/meetings": {"get": {
        "summary": "Meetings the caller may see", "operationId": "listMeetings",
        "parameters": [{"name": "state", "in": "query", "required": False,
                        "schema": SCHEMAS["Meeting"]["properties"]["state"]}],
        "responses": {"200": _json(_obj({"meetings": {"type": "array", "items": _ref("Meeting")}}), "Meetings"),
                      **_errors(400, 401)},
    }},
    "/meetings/{meeting_id}": {"get": {
        "summary": "A meeting with its members and agenda", "operationId": "getMeeting",
        "parameters": [MEETING_ID],
        "responses": {"200": _json(_ref("MeetingDetail"), "The meeting"), **_errors(401, 404)},
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
    "/openapi.json": {"get": {
        "summary": "This description", "operationId": "getOpenApi", "security": [],
        "responses": {"200": {"description": "OpenAPI 3.1 document",
                              "content": {"application/json": {"schema": {"type": "object"}}}}},
    }},
}


def openapi_document(server_url: str = "/api/v1") -> dict:
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
        "paths": PATHS,
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer",
                                               "description": "API token, php_…"}},
            "schemas": SCHEMAS,
            "responses": RESPONSES,
        },
    })
