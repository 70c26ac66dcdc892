"""Drill: the drill's Redis restarted while tablets are joined on two server processes. Redis
carries every broadcast (Socket.IO's message queue), so while it is away nothing is delivered
live — but the changes made meanwhile (a page turned on process A, a mark made on process C) are
stored and numbered in the database. When Redis is back each process, once subscribed again,
makes its tablets rejoin; they join with ``since_seq`` and their catch-up holds exactly what they
missed; and live sync between the processes resumes (a page turned on A reaches C's tablets)."""

from __future__ import annotations

from tests.drills.private_services import wait_until
from tests.drills.process_tablets import DrillTablet, assert_seq_exact, expected_seqs, session_meeting
from tests.support.counts import report


def test_redis_restarted_live_sync_resumes_and_catch_up_loses_nothing(drill_stack):
    stack = drill_stack
    a, c = stack.start_apps("A-redis", "C-redis")
    meeting = session_meeting(stack, a.url, "Diễn tập: khởi động lại Redis", ("uyvien1", "uyvien2"))
    document, ids = meeting["document_id"], meeting["ids"]
    placement = {"chutich": a, "uyvien1": c, "uyvien2": c}
    tablets = {login: DrillTablet(login, stack.tokens[login], meeting["id"]) for login in placement}
    chair, marker, watcher = tablets["chutich"], tablets["uyvien1"], tablets["uyvien2"]
    try:
        for login, app in placement.items():
            tablets[login].connect(app.url)
        before = chair.call("slide.set", {"document_id": document, "page": 2})
        assert before["ok"] is True
        watcher.wait_for_seq(before["seq"])  # live from A to C through Redis

        stack.redis.stop()
        turned = chair.call("slide.set", {"document_id": document, "page": 3})
        assert turned["ok"] is True  # stored and numbered; its broadcast has nowhere to go
        mark = marker.mark(document)
        marker.flush()
        assert not marker.outbox and marker.acks[mark]["ok"] is True
        assert stack.sql("SELECT count(*) FROM annotations WHERE id = :i", i=mark) == [(1,)]
        delivered_live = [t.name for t in tablets.values() if (t.last_seq or 0) >= turned["seq"]]
        assert delivered_live == []

        stack.redis.start()
        # each process, subscribed again, closes its tablets' connections: they reconnect and catch up
        for login, app in placement.items():
            tablet = tablets[login]
            wait_until(lambda t=tablet: not t.connected(), 60, f"{login} to be asked to rejoin")
            tablet.connect(app.url)
        for tablet in (chair, watcher):
            caught_up = tablet.wait_for(
                lambda n, d: n == "annotation.changed" and d["annotation"]["id"] == mark, what="the mark made meanwhile"
            )
            assert caught_up[1]["op"] == "add"
            assert any(n == "slide.changed" and d["seq"] == turned["seq"] for n, d in tablet.events)

        after = chair.call("slide.set", {"document_id": document, "page": 1})
        assert after["ok"] is True
        for tablet in (marker, watcher):
            tablet.wait_for_seq(after["seq"])  # live sync between the processes resumed
            tablet.wait_for(lambda n, d: n == "slide.changed" and d["seq"] == after["seq"] and d["page"] == 1)

        exact = 0
        for login, tablet in tablets.items():
            expected = expected_seqs(stack, meeting["id"], ids[login], tablet.first_seq)
            tablet.wait_for_seq(expected[-1])
            from_snapshot = assert_seq_exact(tablet, expected)  # applied once in order, or in a later snapshot
            assert not from_snapshot or tablet.rejoins, (login, sorted(from_snapshot))
            exact += 1
        in_log = stack.sql(
            "SELECT count(*) FROM meeting_events WHERE meeting_id = :m AND seq > :s AND seq < :e",
            m=meeting["id"],
            s=before["seq"],
            e=after["seq"],
        )[0][0]
        report(
            f"\nDRILL redis-restart: 3 tablets on 2 processes; during the outage 2 changes stored, 0 delivered "
            f"live; after it 3/3 tablets rejoined and caught up ({in_log} changes between the last live one "
            f"and the first after), live sync A→C resumed, seq logs exact for {exact}/3 tablets"
        )
    finally:
        for tablet in tablets.values():
            tablet.drop()
        a.stop()
        c.stop()
