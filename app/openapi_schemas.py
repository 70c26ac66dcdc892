"""The component schemas of the JSON API v1 (app/openapi.py): what the endpoints answer and take."""

from __future__ import annotations

from app.openapi_parts import BOOL, DATETIME, INT, STR, _nullable, _obj, _ref

SCHEMAS = {
    "Error": _obj(
        {
            "error": {**STR, "description": "Message in the user's language (Vietnamese by default)"},
            "status": INT,
            "code": STR,
        },
        ["error", "status"],
    ),
    "User": _obj(
        {
            "id": INT,
            "login": STR,
            "full_name": STR,
            "position": STR,
            "unit": STR,
            "system_role": {"type": "string", "enum": ["admin", "secretariat", "archivist", "member"]},
        }
    ),
    "Member": {
        "allOf": [
            _ref("User"),
            _obj({"role": {"type": "string", "enum": ["chair", "secretary", "member", "observer"]}}),
        ]
    },
    "Meeting": _obj(
        {
            "id": INT,
            "title": STR,
            "body": {**STR, "description": "The holding body's name"},
            "body_id": {**INT, "description": "The holding body (GET /bodies)"},
            "kind": {"type": "string", "enum": ["regular", "thematic", "special"]},
            "state": {"type": "string", "enum": ["draft", "published", "in_session", "closed", "cancelled"]},
            "starts_at": DATETIME,
            "ends_at": _nullable(DATETIME),
            "place": STR,
            "video_url": _nullable(STR),
            "my_role": {"type": ["string", "null"], "enum": ["chair", "secretary", "member", "observer", None]},
        }
    ),
    "ReadState": {
        "type": "string",
        "enum": ["unread", "read", "outdated"],
        "description": "Whether the caller has read the document: unread (never opened nor downloaded), "
        "read (the current version), outdated (an earlier version only; it was "
        "replaced since)",
    },
    "DocumentSummary": _obj(
        {
            "id": INT,
            "title": STR,
            "filename": STR,
            "size": INT,
            "sha256": STR,
            "page_count": INT,
            "read_state": _ref("ReadState"),
        }
    ),
    "AgendaItem": _obj(
        {
            "id": INT,
            "number": {**STR, "description": "Reading-order number: 1, 1.1, 1.2, 2 …"},
            "position": {**INT, "description": "Position among its siblings"},
            "parent_id": _nullable(INT),
            "title": STR,
            "presenter": {**_nullable(STR), "description": "The presenter's name, as shown"},
            "presenter_id": {**_nullable(INT), "description": "The presenting user, when one is named"},
            "duration_minutes": _nullable(INT),
            "description": _nullable(STR),
            "speaking_minutes": {**_nullable(INT), "description": "Each speech on this item (null: 5 minutes)"},
            "for_decision": {**BOOL, "description": "Marked for a decision: members may send their vote ahead"},
            "documents": {
                "type": "array",
                "items": _ref("DocumentSummary"),
                "description": "Only the documents the caller may read",
            },
        }
    ),
    "MeetingDetail": {
        "allOf": [
            _ref("Meeting"),
            _obj(
                {
                    "members": {"type": "array", "items": _ref("Member")},
                    "agenda": {"type": "array", "items": _ref("AgendaItem")},
                }
            ),
        ]
    },
    "Agenda": _obj(
        {"agenda": {"type": "array", "items": _ref("AgendaItem"), "description": "The whole agenda in reading order"}}
    ),
    "MeetingInput": {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "title": STR,
            "body_id": {**INT, "description": "The body holding the meeting (an active one: GET /bodies)"},
            "body": {**STR, "description": "Instead of body_id: the body's exact name (older clients)"},
            "kind": {"type": "string", "enum": ["regular", "thematic", "special"]},
            "starts_at": {**STR, "description": "ISO 8601; without an offset it is Vietnam time"},
            "ends_at": {**_nullable(STR), "description": "ISO 8601; without an offset it is Vietnam time"},
            "place": _nullable(STR),
            "video_url": _nullable(STR),
        },
    },
    "MemberInput": _obj(
        {
            "user_id": INT,
            "role": {
                "type": "string",
                "enum": ["chair", "secretary", "member", "observer"],
                "description": "Default member",
            },
        },
        ["user_id"],
    ),
    "MemberRoleInput": _obj({"role": {"type": "string", "enum": ["chair", "secretary", "member", "observer"]}}),
    "AgendaItemInput": {
        "type": "object",
        "properties": {
            "title": STR,
            "presenter_name": {**_nullable(STR), "description": "A presenter who is not a user"},
            "presenter_id": _nullable(INT),
            "duration_minutes": _nullable(INT),
            "description": _nullable(STR),
            "speaking_minutes": {**_nullable(INT), "description": "Each speech, 1–60 minutes (null: 5)"},
            "parent_id": {**_nullable(INT), "description": "Only when adding: make it a sub-item of this item"},
            "for_decision": BOOL,
        },
    },
    "AgendaOrderInput": _obj(
        {
            "order": {"type": "array", "items": INT, "description": "Every item id under parent_id, in the new order"},
            "parent_id": {**_nullable(INT), "description": "Whose sub-items to reorder; omit for the top level"},
        },
        ["order"],
    ),
    "ArchiveHit": _obj(
        {
            "source": {"type": "string", "enum": ["meeting", "agenda", "document", "minutes", "opinion_ballot"]},
            "source_id": INT,
            "meeting": _nullable(
                _obj(
                    {
                        "id": INT,
                        "title": STR,
                        "body": STR,
                        "body_id": INT,
                        "starts_at": DATETIME,
                        "state": {"type": "string", "enum": ["closed"]},
                    }
                )
            ),
            "opinion_ballot": {
                **_nullable(_obj({"id": INT, "title": STR, "body": STR, "closed_at": DATETIME})),
                "description": "A written opinion ballot (asked outside a meeting); null for meeting hits",
            },
            "title_html": {**STR, "description": "HTML, escaped, matches in <mark>"},
            "snippet_html": {**STR, "description": "HTML, escaped, matches in <mark>"},
            "rank": {"type": "number"},
        }
    ),
    "ArchiveResults": _obj(
        {
            "query": _obj(
                {
                    "q": STR,
                    "tokens": {"type": "array", "items": STR},
                    "from": _nullable(STR),
                    "to": _nullable(STR),
                    "body": {**_nullable(INT), "description": "The body filtered on (its id)"},
                    "member": _nullable(INT),
                }
            ),
            "page": INT,
            "pages": INT,
            "per_page": INT,
            "total": INT,
            "hits": {"type": "array", "items": _ref("ArchiveHit")},
        }
    ),
    "LiveState": _obj(
        {
            "ok": BOOL,
            "meeting_id": INT,
            "user_id": INT,
            "seq": {**INT, "description": "The meeting's live event sequence number"},
            "snapshot": {**BOOL, "description": "Always true here: the full state"},
            "state": _obj(
                {
                    "slide": _obj({"document_id": _nullable(INT), "page": INT, "zoom": {"type": "number"}}),
                    "presenter_id": _nullable(INT),
                    "present": {"type": "array", "items": INT, "description": "Ids of the users connected now"},
                    "annotations": {
                        "type": ["array", "null"],
                        "items": {"type": "object"},
                        "description": "Shared annotations and the caller's own",
                    },
                    "agenda_item_id": {**_nullable(INT), "description": "The agenda item under discussion"},
                    "speakers": {
                        "type": "array",
                        "items": _ref("ItemFloor"),
                        "description": "The floor (see /speakers)",
                    },
                    "server_time": DATETIME,
                    "floor": {
                        "allOf": [
                            _ref("AttendanceState"),
                            _obj(
                                {
                                    "votes": {
                                        "type": "array",
                                        "items": _ref("Vote"),
                                        "description": "Open votes and the last closed one, with the caller's own ballot",
                                    }
                                }
                            ),
                        ]
                    },
                }
            ),
            "missed": {"type": "array", "items": {"type": "object"}},
        }
    ),
    "DocumentVersion": _obj(
        {
            "version": INT,
            "filename": STR,
            "size": INT,
            "sha256": STR,
            "page_count": INT,
            "uploaded_at": DATETIME,
            "replaced_at": DATETIME,
        }
    ),
    "Document": _obj(
        {
            "id": INT,
            "meeting_id": INT,
            "agenda_item_id": _nullable(INT),
            "title": STR,
            "filename": STR,
            "size": {**INT, "description": "Bytes of the original PDF"},
            "sha256": {**STR, "description": "SHA-256 of the original PDF (downloads are watermarked copies)"},
            "page_count": INT,
            "version": {**INT, "description": "Current version, 1 at upload"},
            "confidential": {**BOOL, "description": '"Mật": readable only by named recipients'},
            "observer_visible": {**BOOL, "description": "Observers (khách mời) may read it"},
            "created_at": DATETIME,
            "updated_at": {**DATETIME, "description": "Upload time of the current version"},
            "download_url": STR,
            "previous_versions": {
                "type": "array",
                "items": _ref("DocumentVersion"),
                "description": "Only for the secretariat and the meeting's secretary",
            },
            "read_state": {
                "allOf": [_ref("ReadState")],
                "description": "In the listing and the detail (not in upload answers)",
            },
        },
        [
            "id",
            "meeting_id",
            "agenda_item_id",
            "title",
            "filename",
            "size",
            "sha256",
            "page_count",
            "version",
            "confidential",
            "observer_visible",
            "created_at",
            "updated_at",
            "download_url",
        ],
    ),
}
