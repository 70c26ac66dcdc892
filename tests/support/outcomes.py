"""For permission-matrix tests: what a service call did — ran, was refused (403) or hid the meeting (404)."""

from app.errors import NotFound, PermissionDenied

OK, DENIED, HIDDEN = "ok", PermissionDenied, NotFound


def outcome(call):
    try:
        call()
    except (PermissionDenied, NotFound) as exc:
        return type(exc)
    return OK
