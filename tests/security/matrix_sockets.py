"""The principals as Socket.IO clients of /meeting (API token in ``auth``), and the event cases."""

from __future__ import annotations

import uuid
from contextlib import contextmanager

from app.errors import AppError
from app.extensions import socketio
from realtime.rooms import NAMESPACE
from tests.security.matrix_http import Mismatch
from tests.security.matrix_table import Table, matches
from tests.security.matrix_world import World

INK = {"points": [[0.1, 0.2], [0.3, 0.4]], "color": "#d32f2f", "width": 0.004}
OTHER_INK = {"points": [[0.5, 0.5], [0.6, 0.7]], "color": "#1565c0", "width": 0.006}


def socket_events() -> list[str]:
    """Every event with a handler in the /meeting namespace (decorated functions and namespace classes)."""
    handlers = socketio.server.handlers.get(NAMESPACE, {})
    names = set(handlers)
    namespace = socketio.server.namespace_handlers.get(NAMESPACE)
    if namespace is not None:
        names |= {attr[3:] for attr in dir(namespace) if attr.startswith("on_")}
    return sorted(names)


@contextmanager
def recorded_errors():
    """The application errors created while an event runs: a refused acknowledgement carries only
    a message, the error's class tells NotFound (404) from PermissionDenied (403)."""
    created = []
    original = AppError.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        created.append(self)

    AppError.__init__ = init
    try:
        yield created
    finally:
        AppError.__init__ = original


class Sockets:
    def __init__(self, app, world: World):
        self.app, self.world = app, world

    def connect(self, principal: str):
        """A connected test client, or None when the server refuses the connection."""
        auth = None if principal == "anonymous" else {"token": self.world.tokens[principal]}
        with self.app.app_context():  # every socket event gets its own app context (and session)
            client = socketio.test_client(self.app, namespace=NAMESPACE, auth=auth)
        return client if client.is_connected(NAMESPACE) else None

    def connect_screen(self, token: str, browser=None):
        """A projector view: the link's token in ``auth``, from ``browser`` (a Flask test client whose
        session cookie the socket carries: the projector opened where someone is signed in) or from
        nowhere. None when the server refuses the connection."""
        with self.app.app_context():
            client = socketio.test_client(
                self.app, namespace=NAMESPACE, auth={"screen": token}, flask_test_client=browser
            )
        return client if client.is_connected(NAMESPACE) else None

    def emit(self, client, event: str, payload: dict):
        with self.app.app_context():
            return client.emit(event, payload, namespace=NAMESPACE, callback=True)

    def disconnect(self, client) -> None:
        with self.app.app_context():
            client.disconnect(NAMESPACE)

    def outcome(self, client, event: str, payload: dict) -> str:
        with recorded_errors() as errors:
            ack = self.emit(client, event, payload)
        client.get_received(NAMESPACE)
        if isinstance(ack, dict) and ack.get("ok") is True:
            return "ok"
        if errors:
            return str(errors[-1].status_code)
        # {"ok": false} without an application error: no signed-in user (a projector's socket), no link
        return "refused" if isinstance(ack, dict) and ack.get("ok") is False else f"no acknowledgement: {ack!r}"


# The floor's commands (docs/realtime-protocol.md), from the meeting object's ids (matrix_floor_world.py).
FLOOR_PAYLOADS = {
    "attendance.check_in": lambda m: {"mode": "in_room"},
    "attendance.mark": lambda m: {"action": "absent", "user_id": m["member_id"], "reason": "Đi công tác"},
    "vote.open": lambda m: {"agenda_item_id": m["item_id"], "question": "Biểu quyết MX", "secret": False},
    "vote.cast": lambda m: {"vote_id": m["vote_id"], "choice": "for", "ballot_id": str(uuid.uuid4())},
    "vote.close": lambda m: {"vote_id": m["vote_id"]},
    "agenda.current.set": lambda m: {"agenda_item_id": m["item_id"]},
    "speaker.request": lambda m: {"agenda_item_id": m["item_id"]},
    "speaker.withdraw": lambda m: {"id": m["request_id"]},
    "speaker.grant": lambda m: {"id": m["request_id"]},
    "speaker.next": lambda m: {"agenda_item_id": m["item_id"]},
    "speaker.end": lambda m: {},
    "speaker.remove": lambda m: {"id": m["request_id"]},
    "screen.join": lambda m: {},
}


def event_payload(world: World, event: str, obj: str) -> dict:
    if event in FLOOR_PAYLOADS:
        meeting = world.meetings.get(obj, world.meetings["live"])  # screen.join: a link, or none ("-")
        return {"meeting_id": meeting["id"], **FLOOR_PAYLOADS[event](meeting)}
    if event in ("meeting.join", "presenter.set"):
        payload = {"meeting_id": world.meetings[obj]["id"]}
        if event == "presenter.set":
            payload["presenter_id"] = world.users["chair"]
        return payload
    if event == "slide.set":
        doc = world.documents[obj]
        return {"meeting_id": doc["meeting_id"], "document_id": doc["id"], "page": 1}
    if event == "annotation.add":
        key, layer = obj.split(":")
        doc = world.documents[key]
        return {
            "meeting_id": doc["meeting_id"],
            "annotation": {
                "id": str(uuid.uuid4()),
                "document_id": doc["id"],
                "page": 1,
                "layer": layer,
                "kind": "ink",
                "data": INK,
            },
        }
    mark = world.marks[obj]
    if event == "annotation.update":
        fields = {k: mark[k] for k in ("id", "document_id", "page", "layer", "kind")}
        return {"meeting_id": mark["meeting_id"], "annotation": {**fields, "data": OTHER_INK}}
    if event == "annotation.delete":
        return {"meeting_id": mark["meeting_id"], "id": mark["id"]}
    raise KeyError(f"no payload for event {event!r}: teach event_payload() about it")


def meeting_of(world: World):
    ids = {m["id"]: key for key, m in world.meetings.items() if key != "live/other"}

    def of(obj: str) -> str:
        if obj in world.documents:
            return ids[world.documents[obj]["meeting_id"]]
        if obj in world.marks:
            return ids[world.marks[obj]["meeting_id"]]
        return obj

    return of


def _screen_join(sockets: Sockets, world: World, browser, client, obj: str) -> str:
    """``screen.join`` from a projector opened with the link ``obj`` in ``browser``, or (``obj`` "-")
    from the principal's own connection, which holds no link."""
    if obj == "-":
        return sockets.outcome(client, "screen.join", {}) if client is not None else "401"
    screen = sockets.connect_screen(world.screens[obj]["token"], browser)
    if screen is None:
        return "401"
    got = sockets.outcome(screen, "screen.join", {})
    sockets.disconnect(screen)
    return got


def _all_refused(sockets: Sockets, table: Table, world: World, client, who: str, isolate, count) -> list[Mismatch]:
    """Every event of the table but connect, disconnect and screen.join, sent by ``client`` on the
    live meeting: each must be refused ("refused": no one signed in behind it, or no longer)."""
    of, mismatches = meeting_of(world), []
    for event, entry in sorted(table.events.items()):
        if event in ("connect", "disconnect", "screen.join"):
            continue
        obj = next(o for o in entry.get("objects", ["-"]) if of(o.split(":")[0]) == "live")
        with isolate():
            got = sockets.outcome(client, event, event_payload(world, event, obj))
        count("events")
        if got != "refused":
            mismatches.append(Mismatch("event", event, who, obj, "refused", got))
    sockets.disconnect(client)
    return mismatches


def _projector_commands(sockets: Sockets, table: Table, world: World, isolate, count) -> list[Mismatch]:
    """A projector's socket (the live meeting's link, no one signed in) may join its screen and do
    nothing else."""
    with isolate():
        screen = sockets.connect_screen(world.screens["screen_live"]["token"])
    assert screen is not None, "the live meeting's projector link does not connect"
    return _all_refused(sockets, table, world, screen, "projector", isolate, count)


def run_after_revocation(app, table: Table, world: World, isolate, count) -> list[Mismatch]:
    """The member's socket, connected with a token that is then revoked where no emit reaches it (the
    command line of a deployment without Redis, until the periodic re-check closes it): every event
    it sends is refused before anything else (``realtime.access.still_signed_in``)."""
    import sqlalchemy as sa

    from app.auth.services import issue_token
    from app.extensions import db
    from app.models import ApiToken, User
    from app.models.base import utcnow

    with isolate():
        with app.app_context():
            token, raw = issue_token(db.session.get(User, world.users["member"]), "thu hồi sau")
            token_id = token.id
            db.session.commit()
        with app.app_context():
            client = socketio.test_client(app, namespace=NAMESPACE, auth={"token": raw})
        assert client.is_connected(NAMESPACE)
        with app.app_context():
            db.session.execute(sa.update(ApiToken).where(ApiToken.id == token_id).values(revoked_at=utcnow()))
            db.session.commit()
        return _all_refused(Sockets(app, world), table, world, client, "member (token revoked)", isolate, count)


def run_events(app, table: Table, world: World, people, isolate, count) -> list[Mismatch]:
    sockets = Sockets(app, world)
    of = meeting_of(world)
    mismatches = []
    clients = {}
    with isolate():
        for principal in table.principals:
            clients[principal] = sockets.connect(principal)
    for event, entry in sorted(table.events.items()):
        for obj in entry.get("objects", ["-"]):
            for principal in table.principals:
                want = table.expected(entry, principal, obj, anonymous="401", meeting_of=of)
                client = clients[principal]
                with isolate():
                    if event == "screen.join":
                        got = _screen_join(sockets, world, people.browser(principal), client, obj)
                    elif event in ("connect", "disconnect"):
                        client = sockets.connect(principal)
                        got = "ok" if client is not None else "401"
                        if client is not None:
                            sockets.disconnect(client)
                            if event == "disconnect" and client.is_connected(NAMESPACE):
                                got = "still connected"
                    elif client is None:
                        got = "401"
                    else:
                        got = sockets.outcome(client, event, event_payload(world, event, obj))
                count("events")
                if not matches(want, got, "EVENT"):
                    mismatches.append(Mismatch("event", event, principal, obj, want, got))
    for client in clients.values():
        if client is not None:
            sockets.disconnect(client)
    return mismatches + _projector_commands(sockets, table, world, isolate, count)
