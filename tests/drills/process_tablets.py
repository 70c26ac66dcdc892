"""What a tablet does, for the process drills: python-socketio over WebSocket (as the wire tests),
joining with ``since_seq`` after every reconnection, applying each numbered change once (live
events with ``seq`` at most the last applied are ignored, as docs/realtime-protocol.md says), and
keeping the marks and ballots it sent in an outbox until they are acknowledged — sent again after
the reconnection with the same client UUIDs, as the browser viewer's outbox does. Like the browser
client (static/js/realtime/connection.js) it joins again for a full snapshot, replacing its marks,
when the server sends ``sync.rejoin`` (live, whatever its seq, or in a catch-up's ``missed``) and
when a change arrives after a later one was applied (delivery out of seq order)."""

from __future__ import annotations

import threading
import time
import uuid
from datetime import date, timedelta

import requests
import socketio

NS = "/meeting"
RESYNC = "sync.rejoin"


class DrillTablet:
    def __init__(self, name: str, auth_token: str, meeting_id: int):
        self.name = name
        self.token = auth_token
        self.meeting_id = meeting_id
        self.lock = threading.Lock()
        self.applied: list[int] = []  # every seq applied one by one, in the order applied
        self.events: list[tuple[str, dict]] = []  # what was applied (name, data)
        self.snapshots: list[int] = []  # the seq of every full snapshot taken (the first join's too)
        self.rejoins: list[str] = []  # why each full rejoin after the first join: marker-live, marker-missed, late
        self.marks: dict[str, dict] = {}  # the marks this tablet shows: snapshot, then the changes applied
        self.last_seq: int | None = None
        self.first_seq: int | None = None  # the seq of the first join's snapshot
        self.outbox: dict[str, tuple[str, dict]] = {}  # client UUID -> (event, payload) not yet acknowledged
        self.acks: dict[str, dict] = {}  # client UUID -> the acknowledgement that emptied it from the outbox
        self.client: socketio.Client | None = None
        self.url: str | None = None
        self.sid: str | None = None
        self.present: list[int] = []
        self._joining = False
        self._buffer: list[tuple[str, dict]] = []
        self._base = 0  # the seq the last join's answer covers
        self._seen: set[int] = set()  # seqs applied since that join
        self._full = False  # the next join asks for a full snapshot
        self._rejoin_cause: str | None = None  # set while a rejoin waits to run

    # -- connection ------------------------------------------------------------------------------
    def connect(self, url: str) -> dict:
        """Connect to ``url`` and join (with ``since_seq`` when it applied anything before)."""
        self.url = url
        client = socketio.Client(reconnection=False)
        client.on("*", self._on_event, namespace=NS)
        with self.lock:
            self._joining, self._buffer = True, []
        client.connect(url, namespaces=[NS], auth={"token": self.token}, transports=["websocket"], wait_timeout=15)
        self.client = client
        return self._join(client)

    def _join(self, client: socketio.Client) -> dict:
        payload = {"meeting_id": self.meeting_id}
        if self.last_seq is not None and not self._full:
            payload["since_seq"] = self.last_seq
        ack = client.call("meeting.join", payload, namespace=NS, timeout=20)
        assert ack["ok"] is True, (self.name, ack)
        rejoin = None
        with self.lock:
            self._full = False
            if ack["snapshot"]:
                self.snapshots.append(ack["seq"])
                self.marks = {a["id"]: a for a in ack["state"]["annotations"]}
            for missed in ack["missed"]:
                if missed["event"] == RESYNC:
                    rejoin = rejoin or (missed["data"]["seq"] > self._snapshot_seq() and "marker-missed")
                else:
                    self._apply(missed["event"], missed["data"])
            if self.last_seq is None:
                self.first_seq = ack["seq"]
            self.last_seq = max(self.last_seq or 0, ack["seq"])
            self._base, self._seen = self.last_seq, set()
            self.sid, self.present = ack["sid"], ack["state"]["present"]
            buffered, self._joining, self._buffer = self._buffer, False, []
            for name, data in buffered:
                rejoin = self._receive(name, data) or rejoin
            if rejoin:
                self._start_rejoin(rejoin)
        if rejoin:
            self._run_rejoin(client)
        return ack

    def _snapshot_seq(self) -> int:
        return self.snapshots[-1] if self.snapshots else -1

    def connected(self) -> bool:
        return self.client is not None and self.client.connected

    def drop(self) -> None:
        """The tablet loses its connection (or is switched off)."""
        if self.client is not None:
            try:
                self.client.disconnect()
            except Exception:  # noqa: BLE001 - already gone with its server
                pass
        self.client = None

    def _on_event(self, name, data=None):
        if not isinstance(data, dict) or "seq" not in data:
            return
        with self.lock:
            if self._joining:
                self._buffer.append((name, data))
                return
            rejoin = self._receive(name, data)
            if rejoin:
                self._start_rejoin(rejoin)
        if rejoin:  # not on the client's own thread: the join's answer arrives there
            threading.Thread(target=self._run_rejoin, args=(self.client,), daemon=True).start()

    def _receive(self, name: str, data: dict) -> str | None:
        """A live event (under the lock): apply it, or say why the tablet must rejoin."""
        seq = data["seq"]
        if name == RESYNC:  # whatever its seq: it may arrive after a later change
            return "marker-live" if seq > self._snapshot_seq() else None
        if seq <= self._base or seq in self._seen:
            return None  # already included
        if self.last_seq is not None and seq < self.last_seq:
            return "late"  # arrived after a later change: the order is lost, take a snapshot
        self._apply(name, data)
        return None

    def _start_rejoin(self, cause: str) -> None:
        self.rejoins.append(cause)
        self._joining, self._buffer, self._full = True, [], True

    def _run_rejoin(self, client) -> None:
        """A full join again on the same connection; live events wait in the buffer meanwhile. If the
        connection dies first, the next ``connect`` asks for the snapshot (``_full`` stays set)."""
        try:
            self._join(client)
        except Exception:  # noqa: BLE001 - its server died: the failover's join does it
            pass

    def _apply(self, name: str, data: dict) -> None:
        seq = data["seq"]
        if self.last_seq is not None and seq <= self.last_seq:
            return  # already included
        self.applied.append(seq)
        self._seen.add(seq)
        self.events.append((name, data))
        self.last_seq = seq
        if name == "presence.changed":
            self.present = data["present"]
        elif name == "annotation.changed":
            if data["op"] == "delete":
                self.marks.pop(data["annotation"]["id"], None)
            else:
                self.marks[data["annotation"]["id"]] = data["annotation"]

    # -- commands --------------------------------------------------------------------------------
    def call(self, event: str, payload: dict) -> dict:
        return self.client.call(event, {"meeting_id": self.meeting_id, **payload}, namespace=NS, timeout=20)

    def mark(self, document_id: int, layer: str = "shared", page: int = 1) -> str:
        """Draw a mark: into the outbox, then sent if connected (no wait for its acknowledgement)."""
        mark_id = str(uuid.uuid4())
        annotation = {
            "id": mark_id,
            "document_id": document_id,
            "page": page,
            "layer": layer,
            "kind": "ink",
            "data": {"points": [[0.1, 0.1], [0.3, 0.2]], "color": "#1565c0", "width": 0.004},
        }
        self.outbox[mark_id] = ("annotation.add", {"annotation": annotation})
        self._send_without_waiting(mark_id)
        return mark_id

    def vote(self, vote_id: int, choice: str = "for") -> str:
        ballot_id = str(uuid.uuid4())
        self.outbox[ballot_id] = ("vote.cast", {"vote_id": vote_id, "choice": choice, "ballot_id": ballot_id})
        self._send_without_waiting(ballot_id)
        return ballot_id

    def _send_without_waiting(self, key: str) -> None:
        if not self.connected():
            return
        event, payload = self.outbox[key]

        def acknowledged(ack=None):
            if isinstance(ack, dict) and ack.get("ok"):
                self.outbox.pop(key, None)
                self.acks[key] = ack

        try:
            self.client.emit(event, {"meeting_id": self.meeting_id, **payload}, namespace=NS, callback=acknowledged)
        except socketio.exceptions.SocketIOError:
            pass  # stays in the outbox

    def flush(self) -> list[dict]:
        """Send again everything not acknowledged (after a join), waiting for each answer."""
        answers = []
        for key, (event, payload) in list(self.outbox.items()):
            ack = self.call(event, payload)
            assert ack["ok"] is True, (self.name, event, ack)
            self.outbox.pop(key, None)
            self.acks[key] = ack
            answers.append(ack)
        return answers

    def wait_for_seq(self, seq: int, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while (self.last_seq or 0) < seq:
            assert time.monotonic() < deadline, f"{self.name} stays at seq {self.last_seq}, expected {seq}"
            time.sleep(0.05)

    def mark_time(self) -> int:
        """A point in what this tablet applied: ``wait_for(..., since=point)`` looks only after it."""
        with self.lock:
            return len(self.events)

    def wait_for(self, predicate, timeout: float = 30.0, what: str = "event", since: int = 0) -> tuple[str, dict]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                found = [(n, d) for n, d in self.events[since:] if predicate(n, d)]
            if found:
                return found[-1]
            time.sleep(0.05)
        raise AssertionError(f"{self.name}: no {what}; last events {self.events[-5:]}")


def assert_seq_exact(tablet: DrillTablet, expected: list[int]) -> set[int]:
    """The tablet is seq-exact against ``expected`` (the log's seqs it may see after its first join):
    each change applied once and in order, or inside a full snapshot it took later — nothing missed,
    nothing twice, nothing it may not see. Returns the seqs it has from a snapshot only."""
    with tablet.lock:
        applied, snapshots = list(tablet.applied), list(tablet.snapshots)
    assert applied == sorted(set(applied)), (tablet.name, "out of order or twice", applied)
    assert set(applied) <= set(expected), (tablet.name, "not for it", sorted(set(applied) - set(expected)))
    in_snapshots = {seq for seq in expected if seq <= max(snapshots)}
    missing = set(expected) - set(applied) - in_snapshots
    assert not missing, (tablet.name, "missed", sorted(missing), snapshots)
    return set(expected) - set(applied)


def expected_seqs(stack, meeting_id: int, user_id: int, after: int) -> list[int]:
    """The seq log's truth: every change of the meeting after ``after`` this user may see."""
    rows = stack.sql(
        "SELECT seq FROM meeting_events WHERE meeting_id = :m AND seq > :after"
        " AND (audience_user_id IS NULL OR audience_user_id = :u) ORDER BY seq",
        m=meeting_id,
        after=after,
        u=user_id,
    )
    return [seq for (seq,) in rows]


def session_meeting(stack, url: str, title: str, voters: tuple[str, ...]) -> dict:
    """A meeting of the drill's own, made by the secretary over the API on process ``url``: the chair,
    the secretary and ``voters`` as members, one agenda item, a three-page document, everyone
    checked in and the session started (so that votes may open)."""
    from tests.support.pdfs import make_pdf

    api = f"{url}/api/v1/meetings"
    office = {"Authorization": f"Bearer {stack.tokens['thuky']}"}
    ids = {}
    for login in ("chutich", "thuky", *voters):
        me = requests.get(f"{url}/api/v1/me", headers={"Authorization": f"Bearer {stack.tokens[login]}"}, timeout=20)
        ids[login] = me.json()["id"]
    day = (date.today() + timedelta(days=1)).isoformat()
    meeting = requests.post(
        api,
        headers=office,
        timeout=20,
        json={"title": title, "body": "UBND xã Ba Sao", "starts_at": f"{day}T08:00", "ends_at": f"{day}T10:00"},
    )
    assert meeting.status_code == 201, meeting.text
    meeting_id = meeting.json()["id"]
    roles = {"chutich": "chair", "thuky": "secretary", **{login: "member" for login in voters}}
    for login, role in roles.items():
        added = requests.post(
            f"{api}/{meeting_id}/members", headers=office, timeout=20, json={"user_id": ids[login], "role": role}
        )
        assert added.status_code == 201, added.text
    item = requests.post(f"{api}/{meeting_id}/agenda", headers=office, timeout=20, json={"title": "Kế hoạch năm 2027"})
    assert item.status_code == 201, item.text
    item_id = item.json()["agenda"][0]["id"]
    document = requests.post(
        f"{api}/{meeting_id}/documents",
        headers={**office, "Content-Type": "application/pdf"},
        params={"title": "Dự thảo kế hoạch", "agenda_item_id": item_id},
        data=make_pdf(3, "Dự thảo kế hoạch năm 2027"),
        timeout=60,
    )
    assert document.status_code == 201, document.text
    assert requests.post(f"{api}/{meeting_id}/publish", headers=office, timeout=20).status_code == 200
    for login in ("chutich", *voters):
        checked = requests.put(
            f"{api}/{meeting_id}/attendance/{ids[login]}", headers=office, timeout=20, json={"action": "check_in"}
        )
        assert checked.status_code == 200, checked.text
    started = requests.post(f"{api}/{meeting_id}/start", headers=office, timeout=20)
    assert started.status_code == 200, started.text
    return {"id": meeting_id, "item_id": item_id, "document_id": document.json()["id"], "ids": ids}
