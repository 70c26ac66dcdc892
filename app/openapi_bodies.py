"""Bodies (cơ quan) in the OpenAPI description (merged into ``app.openapi.openapi_document``): the
list any signed-in user reads to pick a meeting's body, and the system administrators' writes —
details, standing members with offices, floor rules, dissolution."""

from __future__ import annotations

from app.openapi_parts import BOOL, INT, STR, _errors, _id, _json, _json_body, _nullable, _obj, _ref

DATE = {"type": "string", "format": "date"}
LEVEL = {"type": "string", "enum": ["province", "commune", "district"], "description": "district: dissolved level"}
OFFICE = {
    "type": "string",
    "enum": ["chairman", "vice_chairman", "member"],
    "description": "Chủ tịch, Phó Chủ tịch, Ủy viên",
}
BASIS = {"type": "string", "enum": ["all_members", "present", "votes_cast"]}
THRESHOLD = _obj({"num": INT, "den": INT, "strict": {**BOOL, "description": "true: more than; false: at least"}})
BODY_ID = _id("body_id", "Body id")
MEMBER_ID = _id("user_id", "User id of the standing member")

_BODY = {
    "id": INT,
    "name": STR,
    "short_code": _nullable(STR),
    "level": LEVEL,
    "parent_id": {**_nullable(INT), "description": "The province a commune belongs to"},
    "dissolved_on": {**_nullable(DATE), "description": "Dissolved bodies keep their records, hold no new meetings"},
    "successor_id": _nullable(INT),
    "status": {**STR, "description": "'Đã giải thể ngày 30/06/2025, kế thừa: …' or empty"},
}
SCHEMAS = {
    "Body": _obj(_BODY),
    "BodyList": _obj({"bodies": {"type": "array", "items": _ref("Body"), "description": "Active ones first"}}),
    "BodyDetail": {
        "allOf": [
            _ref("Body"),
            _obj(
                {
                    "members": {
                        "type": "array",
                        "items": {
                            "allOf": [
                                _ref("User"),
                                _obj({"office": OFFICE, "starts_on": _nullable(DATE), "ends_on": _nullable(DATE)}),
                            ]
                        },
                    },
                    "rules": _obj(
                        {
                            "quorum": THRESHOLD,
                            "majority": THRESHOLD,
                            "majority_basis": BASIS,
                            "substitutes_count": BOOL,
                            "absent_votes_count": BOOL,
                            "ballots_changeable": BOOL,
                            "kind": {
                                **_nullable(STR),
                                "description": "The meeting kind asked (?kind=); null: every kind",
                            },
                            "stored": {**BOOL, "description": "false: none stored, the law's defaults are shown"},
                        }
                    ),
                }
            ),
        ]
    },
    "BodyInput": {
        "type": "object",
        "properties": {
            "name": STR,
            "short_code": _nullable(STR),
            "level": LEVEL,
            "parent_id": {**_nullable(INT), "description": "A province (communes, districts)"},
        },
    },
    "DissolveInput": _obj(
        {"dissolved_on": {**DATE, "description": "YYYY-MM-DD"}, "successor_id": _nullable(INT)}, ["dissolved_on"]
    ),
    "BodyMemberInput": {
        "type": "object",
        "properties": {"office": OFFICE, "starts_on": _nullable(DATE), "ends_on": _nullable(DATE)},
    },
    "BodyRulesInput": _obj(
        {
            "quorum": {**STR, "description": "At least this fraction of all members present, e.g. '2/3'"},
            "majority_basis": BASIS,
            "threshold": {"type": "string", "enum": ["gt_1_2", "ge_2_3"], "description": "> 1/2 or ≥ 2/3"},
            "substitutes_count": BOOL,
            "absent_votes_count": BOOL,
            "ballots_changeable": BOOL,
            "kind": {
                "type": ["string", "null"],
                "enum": ["regular", "thematic", "special", None],
                "description": "Omitted or null: every kind",
            },
        },
        ["quorum", "majority_basis", "threshold"],
    ),
}

_DETAIL = _json(_ref("BodyDetail"), "The body with its members and rules")
PATHS = {
    "/bodies": {
        "get": {
            "summary": "Every body (any signed-in user): pick an active one for a meeting",
            "operationId": "listBodies",
            "responses": {"200": _json(_ref("BodyList"), "The bodies"), **_errors(401)},
        },
        "post": {
            "summary": "Create a body (system administrators)",
            "operationId": "createBody",
            "requestBody": _json_body("BodyInput"),
            "responses": {"201": _json(_ref("BodyDetail"), "Created"), **_errors(400, 401, 403, 409)},
        },
    },
    "/bodies/{body_id}": {
        "get": {
            "summary": "A body with its standing members and floor rules (?kind= for one meeting kind)",
            "operationId": "getBody",
            "parameters": [BODY_ID],
            "responses": {"200": _DETAIL, **_errors(401, 403, 404)},
        },
        "patch": {
            "summary": "Change a body's name, code, level or province",
            "operationId": "updateBody",
            "parameters": [BODY_ID],
            "requestBody": _json_body("BodyInput"),
            "responses": {"200": _DETAIL, **_errors(400, 401, 403, 404)},
        },
    },
    "/bodies/{body_id}/dissolve": {
        "post": {
            "summary": "Mark a body dissolved on a day, with its successor; its records stay in the archive",
            "operationId": "dissolveBody",
            "parameters": [BODY_ID],
            "requestBody": _json_body("DissolveInput"),
            "responses": {"200": _DETAIL, **_errors(400, 401, 403, 404, 409)},
        }
    },
    "/bodies/{body_id}/members/{user_id}": {
        "put": {
            "summary": "Add a standing member with an office, or change the office of one",
            "operationId": "putBodyMember",
            "parameters": [BODY_ID, MEMBER_ID],
            "requestBody": _json_body("BodyMemberInput"),
            "responses": {"200": _DETAIL, "201": _DETAIL, **_errors(400, 401, 403, 404)},
        },
        "delete": {
            "summary": "Remove a standing member",
            "operationId": "deleteBodyMember",
            "parameters": [BODY_ID, MEMBER_ID],
            "responses": {"200": _DETAIL, **_errors(401, 403, 404)},
        },
    },
    "/bodies/{body_id}/rules": {
        "put": {
            "summary": "Set the body's floor rules (for a meeting kind, or every kind); closed votes keep theirs",
            "operationId": "putBodyRules",
            "parameters": [BODY_ID],
            "requestBody": _json_body("BodyRulesInput"),
            "responses": {"200": _DETAIL, **_errors(400, 401, 403, 404)},
        }
    },
}
