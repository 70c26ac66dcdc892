"""User administration's part of the OpenAPI description (merged into
``app.openapi.openapi_document``): /users… for administrators (Perm.USER_MANAGE)."""

from __future__ import annotations

from app.openapi_parts import BOOL, DATETIME, INT, STR, _errors, _id, _json, _nullable, _obj, _ref

ROLE = {"type": "string", "enum": ["admin", "secretariat", "archivist", "member"], "description": "System role"}
LOCALE = {"type": ["string", "null"], "enum": ["vi", "en", None], "description": "null: the default (vi)"}
ACCOUNT_ID = _id("account_id", "User id")
_FIELDS = {
    "full_name": STR,
    "email": {**_nullable(STR), "description": "An e-mail address, or null"},
    "unit": {**STR, "description": "Đơn vị"},
    "position": {**STR, "description": "Chức vụ"},
    "system_role": ROLE,
    "locale": LOCALE,
}
_PASSWORD = {**STR, "description": "Temporary password, shown this once; to be changed at the first login"}

SCHEMAS = {
    "Account": _obj(
        {
            "id": INT,
            "login": STR,
            "full_name": STR,
            "email": _nullable(STR),
            "position": STR,
            "unit": STR,
            "system_role": ROLE,
            "locale": LOCALE,
            "active": {**BOOL, "description": "false: deactivated (no login, no token, no socket)"},
            "must_change_password": BOOL,
            "last_login_at": {"type": ["string", "null"], "format": "date-time"},
            "created_at": DATETIME,
        }
    ),
    "AccountInput": {
        "type": "object",
        "properties": {"login": {**STR, "description": "Lower case without diacritics, 2–64"}, **_FIELDS},
        "required": ["full_name", "login"],
        "additionalProperties": False,
    },
    "AccountChange": {"type": "object", "properties": _FIELDS, "additionalProperties": False},
    "AccountWithPassword": _obj({"user": _ref("Account"), "temporary_password": _PASSWORD}),
}

PATHS = {
    "/users": {
        "get": {
            "summary": "Users (administrators): search, filter by role and status",
            "operationId": "listUsers",
            "parameters": [
                {
                    "name": "q",
                    "in": "query",
                    "required": False,
                    "schema": STR,
                    "description": "Name, login, e-mail, unit",
                },
                {"name": "role", "in": "query", "required": False, "schema": ROLE},
                {"name": "status", "in": "query", "required": False, "schema": {"enum": ["active", "inactive"]}},
            ],
            "responses": {
                "200": _json(_obj({"items": {"type": "array", "items": _ref("Account")}, "total": INT}), "Users"),
                **_errors(400, 401, 403),
            },
        },
        "post": {
            "summary": "Create a user with a temporary password (administrators)",
            "operationId": "createUser",
            "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("AccountInput")}}},
            "responses": {"201": _json(_ref("AccountWithPassword"), "Created"), **_errors(400, 401, 403)},
        },
    },
    "/users/{account_id}": {
        "get": {
            "summary": "One user (administrators)",
            "operationId": "getUser",
            "parameters": [ACCOUNT_ID],
            "responses": {"200": _json(_ref("Account"), "The user"), **_errors(401, 403, 404)},
        },
        "patch": {
            "summary": "Change a user's name, e-mail, unit, position, system role or language (administrators)",
            "operationId": "updateUser",
            "parameters": [ACCOUNT_ID],
            "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("AccountChange")}}},
            "responses": {
                "200": _json(
                    _obj({"user": _ref("Account"), "changed": {"type": "array", "items": STR}}), "Changed fields"
                ),
                **_errors(400, 401, 403, 404),
            },
        },
    },
    "/users/{account_id}/{action}": {
        "post": {
            "summary": "Deactivate (sessions, tokens and sockets end at once), reactivate, or reset the password",
            "operationId": "actOnUser",
            "parameters": [
                ACCOUNT_ID,
                {
                    "name": "action",
                    "in": "path",
                    "required": True,
                    "schema": {"enum": ["deactivate", "reactivate", "reset-password"]},
                },
            ],
            "responses": {
                "200": _json(
                    _obj({"user": _ref("Account"), "temporary_password": _PASSWORD}, ["user"]),
                    "The user afterwards (reset-password: with the temporary password)",
                ),
                **_errors(400, 401, 403, 404),
            },
        }
    },
}
