"""A room's tablets all (re)joining at once — the Wi-Fi came back — on a server whose database pool
has a single connection and never waits for one.

Under gevent a socket command that keeps its database connection across a wait on Redis (the rate
limit's round trips, an emit published to the message queue) holds it while every other command
runs; with a few hundred tablets rejoining at once such held connections exhausted the pool
(``QueuePool limit … timeout 30``) and joins were answered "Đã xảy ra lỗi hệ thống". On SQLite no
query yields to the hub, so a connection is checked out by two greenlets at once only when one of
them holds it across such a wait: with ``pool_size=1, max_overflow=0, pool_timeout=0`` that is an
immediate error instead of a slow queue, and every join succeeding proves none is held across one
(realtime.rooms.end_read)."""

from __future__ import annotations

import secrets
import threading
import uuid

import pytest

from tests.live.live_clients import Tablet, demo_meeting, token
from tests.support.live_server import start_live_server
from tests.support.probes import TEST_REDIS_URL, redis_answers

pytestmark = pytest.mark.live
REDIS_URL = TEST_REDIS_URL
TABLETS = 40


@pytest.fixture(scope="module")
def one_connection_server(tmp_path_factory):
    if not redis_answers():
        pytest.skip(f"Redis does not answer at {REDIS_URL}")
    base = tmp_path_factory.mktemp("join-storm")
    env = {
        # the rate limit and the emits go through Redis: the waits a connection must not be held across
        "PHONGHOP_REDIS_URL": REDIS_URL,
        "PHONGHOP_SOCKETIO_CHANNEL": f"phonghop-test-{secrets.token_hex(4)}",
        # the tablets share one member's account; counted (in Redis) but not refused
        "PHONGHOP_SOCKET_COMMAND_RATE_LIMIT": "100000 per second",
        "PHONGHOP_SQLALCHEMY_ENGINE_OPTIONS": '{"pool_size": 1, "max_overflow": 0, "pool_timeout": 0}',
    }
    # SQLite whatever the suite's database is: its queries never yield, so only a wait on Redis
    # or a socket can make two greenlets hold a connection at once
    server = start_live_server(base / "instance", f"sqlite:///{base / 'storm.sqlite3'}", env)
    yield server
    server.stop()


def _all_at_once(tablets, event: str, payload_of) -> list[dict]:
    """Send ``event`` from every tablet at the same moment; their acknowledgements, in order."""
    acks: list[dict | None] = [None] * len(tablets)
    start = threading.Barrier(len(tablets))

    def send(i: int) -> None:
        start.wait()
        acks[i] = tablets[i].call(event, payload_of(i))

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(tablets))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return acks


def test_tablets_joining_and_rejoining_at_once_all_get_their_state(one_connection_server):
    server = one_connection_server
    meeting = demo_meeting(server)
    member, chair = token(server, "uyvien1"), token(server, "chutich")
    tablets = [Tablet(server.url, member) for _ in range(TABLETS)]
    try:
        joined = _all_at_once(tablets, "meeting.join", lambda i: {"meeting_id": meeting["id"]})
        refused = [ack for ack in joined if not (ack and ack.get("ok"))]
        assert not refused, f"{len(refused)} of {TABLETS} joins failed, e.g. {refused[:2]}\n{server.log()[-3000:]}"
        since = [ack["seq"] for ack in joined]

        # the Wi-Fi drops; the chair marks the document meanwhile; every tablet comes back at once
        for tablet in tablets:
            tablet.close()
        presenter = Tablet(server.url, chair)
        assert presenter.call("meeting.join", {"meeting_id": meeting["id"]})["ok"]
        document_id = meeting["documents"][0]["id"]
        mark = {"document_id": document_id, "page": 1, "layer": "shared", "kind": "ink"}
        mark["data"] = {"points": [[0.1, 0.1], [0.5, 0.2]], "color": "#d32f2f", "width": 0.004}
        mark_id = str(uuid.uuid4())
        added = presenter.call("annotation.add", {"meeting_id": meeting["id"], "annotation": {**mark, "id": mark_id}})
        assert added["ok"], added
        presenter.close()

        tablets = [Tablet(server.url, member) for _ in range(TABLETS)]
        rejoined = _all_at_once(tablets, "meeting.join", lambda i: {"meeting_id": meeting["id"], "since_seq": since[i]})
        refused = [ack for ack in rejoined if not (ack and ack.get("ok"))]
        assert not refused, f"{len(refused)} of {TABLETS} rejoins failed, e.g. {refused[:2]}\n{server.log()[-3000:]}"
        for ack in rejoined:  # each caught up with the mark made while it was away, not a snapshot
            assert ack["snapshot"] is False
            marks = [m["data"]["annotation"]["id"] for m in ack["missed"] if m["event"] == "annotation.changed"]
            assert marks == [mark_id]
    finally:
        for tablet in tablets:
            tablet.close()
