"""What each principal receives of the live meeting's floor, and what its projector receives.

Every principal's socket joins the live meeting (those who may; the removed member is made a
member again, joins, checks in, asks to speak, and is removed: their connection is cut off before
the floor moves), and every principal opens the projector's link in their browser (a socket with
``auth={"screen": token}`` carrying their session cookie, if any) and joins its screen. Then, on
the live meeting:
  1. the secretary (slide.control, reads every document) turns to doc_open, draws a shared mark on
     doc_open, doc_internal and doc_secret, turns to doc_internal, doc_secret, back to doc_open;
  2. the member casts a ballot "against" on the open **secret** vote;
  -> what everyone received live, in a fresh join, in a catch-up, from the API, and what the
     projector received live and in a fresh screen.join (the presenter back on doc_secret);
  3. the chair closes that vote, opens a **named** one, and the member votes "abstain";
  -> the same again, for the named vote.
What a payload is "about" a vote is scoped by the vote's id, so the published counts of the closed
secret vote (its result) are not mistaken for a leak of the ballot while it was open.
"""

from __future__ import annotations

import uuid

from tests.security.matrix_http import People
from tests.security.matrix_sockets import INK, Sockets
from tests.security.matrix_world import World

NS = "/meeting"
FLOOR_CHANNELS = ("floor.event", "floor.snapshot", "floor.catch_up", "floor.api", "screen.event", "screen.snapshot")
SECRET_CHOICE, NAMED_CHOICE = "against", "abstain"


def _walk(value):
    yield value
    if isinstance(value, dict):
        for v in value.values():
            yield from _walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v)


def about(payloads, vote_id: int) -> list:
    """The parts of ``payloads`` about one vote: its views (id + question) and its events (vote_id)."""
    return [
        d
        for p in payloads
        for d in _walk(p)
        if isinstance(d, dict) and (d.get("vote_id") == vote_id or (d.get("id") == vote_id and "question" in d))
    ]


def carries(parts, choice: str) -> bool:
    """Does any part say ``choice``: as a value, or as a count above zero?"""
    for value in _walk(parts):
        if value == choice:
            return True
        if (
            isinstance(value, dict)
            and isinstance(value.get(choice), int)
            and not isinstance(value.get(choice), bool)
            and value[choice] > 0
        ):
            return True
    return False


def _counted(parts) -> bool:
    """How many have voted, above zero (``progress.voted``; ``mine.voted`` is a bool, not a count)."""
    return any(isinstance(d, dict) and type(d.get("voted")) is int and d["voted"] > 0 for d in _walk(parts))


def _voted(parts) -> bool:
    return any(isinstance(d, dict) and d.get("voted") is True for d in _walk(parts))


class FloorReceiving:
    def __init__(self, app, table, world: World, people: People):
        self.app, self.table, self.world, self.people = app, table, world, people
        self.sockets = Sockets(app, world)
        self.live_id = world.meetings["live"]["id"]
        self.secret_id = world.meetings["live"]["vote_id"]
        self.named_id = None
        self.mark_ids: dict[str, str] = {}
        self.got = {c: {p: set() for p in table.principals} for c in FLOOR_CHANNELS}

    # -- what a payload shows ------------------------------------------------------------------------
    def votes_in(self, payloads, phase: str) -> set[str]:
        found = set()
        if phase == "secret":
            parts = about(payloads, self.secret_id)
            found |= {"vote_progress", "projected_vote"} if _counted(parts) else set()
            found |= {"secret_ballot"} if _voted(parts) else set()
            found |= {"secret_choice"} if carries(parts, SECRET_CHOICE) else set()
        elif carries(about(payloads, self.named_id), NAMED_CHOICE):
            found.add("named_choice")
        return found

    def documents_in(self, slides, documents=()) -> set[str]:
        """doc_internal / doc_secret named by a slide or a list of documents; doc_open's page on screen."""
        ids = {d["id"]: key for key, d in self.world.documents.items()}
        found = {ids.get(s.get("document_id")) for s in slides} | {ids.get(d.get("id")) for d in documents}
        if any(s.get("document_id") == self.world.documents["doc_open"]["id"] and s.get("page") for s in slides):
            found.add("projected_slide")
        return found & {"doc_internal", "doc_secret", "projected_slide"}

    def marks_in(self, payloads) -> set[str]:
        by_id = {v: k for k, v in self.mark_ids.items()}
        return {by_id[d["id"]] for d in _walk(payloads) if isinstance(d, dict) and d.get("id") in by_id}

    def screen_saw(self, events=(), acks=(), phase: str = "secret") -> set[str]:
        slides = [data for name, data in events if name == "slide.changed"]
        slides += [(a.get("state") or {}).get("slide") or {} for a in acks]
        documents = [d for a in acks for d in (a.get("state") or {}).get("documents", [])]
        payloads = [data for _, data in events] + list(acks)
        return self.documents_in(slides, documents) | self.marks_in(payloads) | self.votes_in(payloads, phase)

    # -- the run -------------------------------------------------------------------------------------
    def emit(self, client, event: str, data: dict) -> dict:
        ack = self.sockets.emit(client, event, {"meeting_id": self.live_id, **data})
        assert isinstance(ack, dict) and ack.get("ok"), (event, data, ack)
        return ack

    def received(self, client) -> list[tuple[str, dict]]:
        """What ``client`` received since the last call (also once the server closed it)."""
        if client.is_connected(NS):
            packets = client.get_received(NS)
        else:
            packets, client.queue = [q for q in client.queue if q["namespace"] == NS], []
        return [(r["name"], r["args"][0] if r["args"] else {}) for r in packets]

    def remove_mid_session(self, client) -> None:
        """The removed member is made a member of the live meeting again; their socket joins it, they
        check in and ask to speak; then the secretariat removes them (through the service, committed):
        from then on their socket, cut off, must receive nothing of the floor."""
        from app.extensions import db, socketio
        from app.models import User
        from meetings.models import Meeting
        from meetings.services.members import add_member, remove_member

        def as_secretariat(change) -> None:
            with self.app.app_context():
                change(
                    db.session.get(User, self.world.users["secretariat"]),
                    db.session.get(Meeting, self.live_id),
                    db.session.get(User, self.world.users["removed"]),
                )
                db.session.commit()

        as_secretariat(add_member)
        for event, data in (
            ("meeting.join", {}),
            ("attendance.check_in", {"mode": "in_room"}),
            ("speaker.request", {}),
        ):
            self.emit(client, event, data)
        as_secretariat(remove_member)
        socketio.sleep(0)  # the cut-off closes the connection in its own greenlet
        self.received(client)

    def run(self) -> dict[str, dict[str, set[str]]]:
        world, sockets, principals = self.world, self.sockets, self.table.principals
        docs = world.documents
        users = {p: sockets.connect(p) for p in principals}
        secretary, chair, member = users["secretary"], users["chair"], users["member"]
        self.remove_mid_session(users["removed"])
        self.emit(secretary, "slide.set", {"document_id": docs["doc_open"]["id"], "page": 1})
        screens = {
            p: sockets.connect_screen(world.screens["screen_live"]["token"], self.people.browser(p)) for p in principals
        }
        assert all(screens.values()), "the live meeting's projector link does not connect"
        for p, screen in screens.items():
            self.got["screen.snapshot"][p] |= self.screen_saw(acks=[self.emit(screen, "screen.join", {})])
        joined = {
            p: c
            for p, c in users.items()
            if c is not None
            and c.is_connected(NS)
            and sockets.emit(c, "meeting.join", {"meeting_id": self.live_id}).get("ok")
        }
        for client in [*users.values(), *screens.values()]:
            if client is not None:
                self.received(client)

        seq = self.emit(secretary, "meeting.join", {})["seq"]
        for doc in ("doc_open", "doc_internal", "doc_secret"):
            mark = str(uuid.uuid4())
            self.mark_ids[f"mark_{doc[4:]}"] = mark
            self.emit(
                secretary,
                "annotation.add",
                {
                    "annotation": {
                        "id": mark,
                        "document_id": docs[doc]["id"],
                        "page": 1,
                        "layer": "shared",
                        "kind": "ink",
                        "data": INK,
                    }
                },
            )
        for doc in ("doc_internal", "doc_secret", "doc_open"):
            self.emit(secretary, "slide.set", {"document_id": docs[doc]["id"], "page": 1})
        self.emit(
            member, "vote.cast", {"vote_id": self.secret_id, "choice": SECRET_CHOICE, "ballot_id": str(uuid.uuid4())}
        )
        self.emit(secretary, "slide.set", {"document_id": docs["doc_secret"]["id"], "page": 1})
        self.collect(users, joined, screens, seq, "secret")

        seq = self.emit(secretary, "meeting.join", {})["seq"]
        self.emit(chair, "vote.close", {"vote_id": self.secret_id})
        self.named_id = self.emit(
            chair,
            "vote.open",
            {"agenda_item_id": world.meetings["live"]["item_id"], "question": "Biểu quyết công khai MXNAMED"},
        )["vote_id"]
        self.emit(
            member, "vote.cast", {"vote_id": self.named_id, "choice": NAMED_CHOICE, "ballot_id": str(uuid.uuid4())}
        )
        self.collect(users, joined, screens, seq, "named")
        for client in [*users.values(), *screens.values()]:
            if client is not None and client.is_connected(NS):
                sockets.disconnect(client)
        return self.got

    def collect(self, users, joined, screens, seq: int, phase: str) -> None:
        """What each principal's socket received live since the last collection, a fresh join and a
        catch-up from ``seq``, the API; what each projector received live and in a fresh screen.join."""
        for p in self.table.principals:
            client = users[p]
            if client is not None:
                live = [data for _, data in self.received(client)]
                self.got["floor.event"][p] |= self.votes_in(live, phase)
            if p in joined:
                snap = self.sockets.emit(joined[p], "meeting.join", {"meeting_id": self.live_id})
                self.got["floor.snapshot"][p] |= self.votes_in([(snap.get("state") or {}).get("floor")], phase)
                back = self.sockets.emit(joined[p], "meeting.join", {"meeting_id": self.live_id, "since_seq": seq})
                self.got["floor.catch_up"][p] |= self.votes_in(back.get("missed", []), phase)
                joined[p].get_received(NS)
            api = [self.people.get(p, f"/api/v1/meetings/{self.live_id}/{path}") for path in ("votes", "live")]
            self.got["floor.api"][p] |= self.votes_in(
                [r.get_json(silent=True) for r in api if r.status_code == 200], phase
            )
            screen = screens[p]
            events = self.received(screen)
            ack = self.emit(screen, "screen.join", {})
            self.got["screen.event"][p] |= self.screen_saw(events=events, phase=phase)
            self.got["screen.snapshot"][p] |= self.screen_saw(acks=[ack], phase=phase)
