"""Building blocks of the OpenAPI description (app/openapi.py and its floor parts): JSON Schema
shorthands, the shared error responses, path parameters."""

from __future__ import annotations

STR, INT, BOOL = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}
DATETIME = {"type": "string", "format": "date-time"}


def _nullable(schema: dict) -> dict:
    return {**schema, "type": [schema["type"], "null"]}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _obj(properties: dict, required: list[str] | None = None) -> dict:
    return {
        "type": "object",
        "properties": properties,
        "required": sorted(required if required is not None else properties),
    }


_ERROR = {"application/json": {"schema": _ref("Error")}}
RESPONSES = {
    "BadRequest": {"description": "Invalid input; nothing was changed", "content": _ERROR},
    "Unauthorized": {"description": "No valid bearer token or session", "content": _ERROR},
    "Forbidden": {"description": "Visible to the caller, but this action is not allowed", "content": _ERROR},
    "NotFound": {"description": "Does not exist, or is not visible to the caller", "content": _ERROR},
    "TooLarge": {"description": "Larger than PHONGHOP_MAX_UPLOAD_MB", "content": _ERROR},
    "NotPdf": {"description": "Not a PDF (Office files must be converted to PDF first)", "content": _ERROR},
    "Conflict": {"description": "Not allowed in the meeting's current state; nothing was changed", "content": _ERROR},
}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict:
    names = {
        400: "BadRequest",
        401: "Unauthorized",
        403: "Forbidden",
        404: "NotFound",
        413: "TooLarge",
        409: "Conflict",
        415: "NotPdf",
    }
    return {str(code): {"$ref": f"#/components/responses/{names[code]}"} for code in codes}


def _id(name: str, what: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}, "description": what}


MEETING_ID, DOCUMENT_ID = _id("meeting_id", "Meeting id"), _id("document_id", "Document id")
USER_ID, ITEM_ID = _id("user_id", "User id of the member"), _id("item_id", "Agenda item id")


def _json_body(name: str) -> dict:
    return {"required": True, "content": {"application/json": {"schema": _ref(name)}}}
