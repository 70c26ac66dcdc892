"""What each principal *receives*: search hits, live events, join snapshots, catch-up, the live
state, the record export, and the lists (documents, meetings, tasks, notifications).

Every channel answers, per principal, the set of world objects found in what they received; the
table says who must receive each object, and everybody else must receive nothing of it."""

from __future__ import annotations

import io
import uuid
import zipfile

from tests.security.matrix_http import Mismatch, People
from tests.security.matrix_receive_floor import FLOOR_CHANNELS, FloorReceiving
from tests.security.matrix_sockets import INK, Sockets
from tests.security.matrix_table import Table
from tests.security.matrix_world import World

LIVE_MARKS = {
    "mark_open": ("doc_open", "shared", "secretary"),
    "mark_internal": ("doc_internal", "shared", "secretary"),
    "mark_secret": ("doc_secret", "shared", "secretary"),
    "mark_private": ("doc_open", "private", "member"),
}


def _json(response) -> dict:
    return (response.get_json(silent=True) or {}) if response.status_code == 200 else {}


def _found(text: str, markers: dict[str, str]) -> set[str]:
    """The objects whose marker (a code found nowhere else) appears in ``text``."""
    return {obj for obj, marker in markers.items() if marker in text}


def _code(title: str) -> str:
    return title.split()[-1]  # "Tài liệu MXDOCOPEN" → "MXDOCOPEN"


class Receiving:
    def __init__(self, app, table: Table, world: World, people: People):
        self.app, self.table, self.world, self.people = app, table, world, people
        self.doc_codes = {key: _code(d["title"]) for key, d in world.documents.items()}

    def _meetings_of(self, objects) -> dict[int, list[str]]:
        by_meeting: dict[int, list[str]] = {}
        for obj in objects:
            by_meeting.setdefault(self.world.documents[obj]["meeting_id"], []).append(obj)
        return by_meeting

    # -- HTTP channels: principal → the objects received ------------------------------------------
    def search(self, principal: str, objects) -> set[str]:
        got = set()
        for obj in objects:
            doc = self.world.documents[obj]
            response = self.people.get(principal, f"/api/v1/archive/search?q={doc['word']}")
            hits = [
                h for h in _json(response).get("hits", []) if h["source"] == "document" and h["source_id"] == doc["id"]
            ]
            if hits or self.doc_codes[obj] in response.get_data(as_text=True):
                got.add(obj)
        return got

    def archive_page(self, principal: str, objects) -> set[str]:
        got = set()
        for obj in objects:
            response = self.people.get(principal, f"/archive?q={self.world.documents[obj]['word']}")
            got |= _found(response.get_data(as_text=True), {obj: self.doc_codes[obj]})
        return got

    def export(self, principal: str, objects) -> set[str]:
        response = self.people.get(principal, f"/archive/meetings/{self.world.meetings['closed']['id']}/record.zip")
        if response.status_code != 200:
            return set()
        with zipfile.ZipFile(io.BytesIO(response.get_data())) as archive:
            text = " ".join(archive.namelist()) + archive.read("metadata.xml").decode()
        return _found(text.upper(), {obj: self.doc_codes[obj] for obj in objects})  # titles, and file names

    def _per_meeting_page(self, principal: str, objects, path: str) -> set[str]:
        got = set()
        for meeting_id, docs in self._meetings_of(objects).items():
            text = self.people.get(principal, path.format(meeting_id)).get_data(as_text=True)
            got |= _found(text, {obj: self.doc_codes[obj] for obj in docs})
        return got

    def meeting_page(self, principal: str, objects) -> set[str]:
        return self._per_meeting_page(principal, objects, "/meetings/{}")

    def live_viewer(self, principal: str, objects) -> set[str]:
        return self._per_meeting_page(principal, objects, "/meetings/{}/live")

    def documents_list(self, principal: str, objects) -> set[str]:
        got = set()
        for meeting_id, docs in self._meetings_of(objects).items():
            ids = {
                d["id"]
                for d in _json(self.people.get(principal, f"/api/v1/meetings/{meeting_id}/documents")).get(
                    "documents", []
                )
            }
            got |= {obj for obj in docs if self.world.documents[obj]["id"] in ids}
        return got

    def meetings_list(self, principal: str, objects) -> set[str]:
        ids = {m["id"] for m in _json(self.people.get(principal, "/api/v1/meetings")).get("meetings", [])}
        return {obj for obj in objects if self.world.meetings[obj]["id"] in ids}

    def tasks_dashboard(self, principal: str, objects) -> set[str]:
        text = self.people.get(principal, "/tasks").get_data(as_text=True)
        return _found(text, {obj: _code(self.world.tasks[obj]["title"]) for obj in objects})

    def notifications(self, principal: str, objects) -> set[str]:
        text = self.people.get(principal, "/notifications").get_data(as_text=True)
        return _found(text, {"note_mine": f"MXNOTE cho {principal}.", "note_other": "MXNOTEOTHER"}) & set(objects)

    # -- the live meeting: events, snapshot, catch-up, state ------------------------------------------
    def live(self) -> dict[str, dict[str, set[str]]]:
        """Everybody's socket joins the live meeting (those who may); the secretary draws a shared
        mark on each of three documents and the member a private one. Who got which mark: live
        (annotation.changed), in a fresh join's snapshot, in a catch-up from before, in the live state."""
        sockets, world = Sockets(self.app, self.world), self.world
        live_id = world.meetings["live"]["id"]
        clients = {p: sockets.connect(p) for p in self.table.principals}
        seq_before = 0
        for client in filter(None, clients.values()):
            ack = sockets.emit(client, "meeting.join", {"meeting_id": live_id})
            seq_before = max(seq_before, ack.get("seq", 0) if ack.get("ok") else 0)
        for client in filter(None, clients.values()):
            client.get_received("/meeting")
        ids = {}
        for mark, (doc, layer, author) in LIVE_MARKS.items():
            ids[mark] = str(uuid.uuid4())
            ack = sockets.emit(
                clients[author],
                "annotation.add",
                {
                    "meeting_id": live_id,
                    "annotation": {
                        "id": ids[mark],
                        "document_id": world.documents[doc]["id"],
                        "page": 1,
                        "layer": layer,
                        "kind": "ink",
                        "data": INK,
                    },
                },
            )
            assert ack.get("ok"), (mark, ack)
        by_id = {v: k for k, v in ids.items()}

        def marks(annotations) -> set[str]:
            return {by_id[a["id"]] for a in annotations or [] if a.get("id") in by_id}

        channels: dict[str, dict[str, set[str]]] = {
            c: {} for c in ("live.event", "live.snapshot", "live.catch_up", "live.state")
        }
        for principal, client in clients.items():
            received = {name: set() for name in channels}
            if client is not None:
                received["live.event"] = marks(
                    r["args"][0]["annotation"]
                    for r in client.get_received("/meeting")
                    if r["name"] == "annotation.changed"
                )
                snap = sockets.emit(client, "meeting.join", {"meeting_id": live_id})
                received["live.snapshot"] = (
                    marks((snap.get("state") or {}).get("annotations")) if snap.get("ok") else set()
                )
                back = sockets.emit(client, "meeting.join", {"meeting_id": live_id, "since_seq": seq_before})
                received["live.catch_up"] = (
                    marks(m["data"]["annotation"] for m in back.get("missed", []) if m["event"] == "annotation.changed")
                    if back.get("ok")
                    else set()
                )
                sockets.disconnect(client)
            state = _json(self.people.get(principal, f"/api/v1/meetings/{live_id}/live"))
            received["live.state"] = marks((state.get("state") or {}).get("annotations"))
            for name, by_principal in channels.items():
                by_principal[principal] = received[name]
        return channels


HTTP_CHANNELS = {
    "search": "search",
    "archive.page": "archive_page",
    "export": "export",
    "documents.list": "documents_list",
    "meeting.page": "meeting_page",
    "live.viewer": "live_viewer",
    "meetings.list": "meetings_list",
    "tasks.dashboard": "tasks_dashboard",
    "notifications": "notifications",
}
LIVE_CHANNELS = ("live.event", "live.snapshot", "live.catch_up", "live.state")


def run_receiving(app, table: Table, world: World, people: People, isolate, count) -> list[Mismatch]:
    receiving = Receiving(app, table, world, people)
    received: dict[str, dict[str, set[str]]] = {}
    for channel, method in HTTP_CHANNELS.items():
        objects = table.receives[channel]["objects"]
        with isolate():
            received[channel] = {p: getattr(receiving, method)(p, objects) for p in table.principals}
    with isolate():
        received.update(receiving.live())
    with isolate():
        received.update(FloorReceiving(app, table, world, people).run())
    unknown = set(table.receives) - set(HTTP_CHANNELS) - set(LIVE_CHANNELS) - set(FLOOR_CHANNELS)
    assert not unknown, f"receiving channels without a check: {sorted(unknown)}"
    mismatches = []
    for channel in sorted(table.receives):
        for obj in table.receives[channel]["objects"]:
            receivers = table.receivers(channel, obj)
            for principal in table.principals:
                want, got = principal in receivers, obj in received[channel][principal]
                count("received")
                if want != got:
                    mismatches.append(
                        Mismatch(
                            "receive",
                            channel,
                            principal,
                            obj,
                            "receives" if want else "nothing",
                            "received it" if got else "nothing",
                        )
                    )
    return mismatches
