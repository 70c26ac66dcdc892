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
        return str(errors[-1].status_code) if errors else f"refused without an error: {ack!r}"


def event_payload(world: World, event: str, obj: str) -> dict:
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


def run_events(app, table: Table, world: World, isolate, count) -> list[Mismatch]:
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
                    if event in ("connect", "disconnect"):
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
    return mismatches
