"""Drill: two server processes on the drill's Redis, one SIGKILLed mid-session. Tablets are spread
over both; the chair turns pages, members mark and vote; process B is killed (master and worker,
SIGKILL: nothing closed, nothing cleaned). B's tablets fail over as a tablet does — reconnect to
A, join with ``since_seq``, send their outbox again — while A's go on working. Then: no mark or
vote is lost or duplicated, every tablet's log of applied changes is exactly the database's seq
log (no gap, no repeat), and the tablet that went down with B and never came back is no longer
shown present (B's presence is swept once its heartbeat stops)."""

from __future__ import annotations

import time
from collections import Counter

from tests.drills.process_tablets import DrillTablet, expected_seqs, session_meeting

VOTERS = ("uyvien1", "uyvien2", "uyvien3", "uyvien4", "uyvien5")


def test_a_server_process_killed_mid_session_its_tablets_fail_over_losing_nothing(drill_stack):
    stack = drill_stack
    a, b = stack.start_apps("A", "B")
    meeting = session_meeting(stack, a.url, "Diễn tập: một tiến trình máy chủ bị dừng đột ngột", VOTERS)
    document, ids = meeting["document_id"], meeting["ids"]
    placement = {"chutich": a, "uyvien1": a, "uyvien5": a, "uyvien2": b, "uyvien3": b, "uyvien4": b}
    tablets = {login: DrillTablet(login, stack.tokens[login], meeting["id"]) for login in placement}
    chair = tablets["chutich"]
    try:
        for login, app in placement.items():
            tablets[login].connect(app.url)
        everyone = sorted(ids[login] for login in placement)
        chair.wait_for(lambda n, d: n == "presence.changed" and d["present"] == everyone, what="everyone present")

        # -- before the kill: pages, marks (shared and private), a named vote --------------------------
        for page in (2, 3):
            assert chair.call("slide.set", {"document_id": document, "page": page})["ok"] is True
        marks = {login: [tablets[login].mark(document)] for login in VOTERS}
        marks["uyvien2"].append(tablets["uyvien2"].mark(document, layer="private"))
        opened = chair.call(
            "vote.open",
            {"agenda_item_id": meeting["item_id"], "question": "Thông qua kế hoạch năm 2027", "secret": False},
        )
        assert opened["ok"] is True, opened
        vote_id = opened["vote_id"]
        ballots = {login: tablets[login].vote(vote_id) for login in ("uyvien1", "uyvien2")}
        for tablet in tablets.values():
            tablet.flush()  # everything so far acknowledged

        # -- SIGKILL process B, with a mark of uyvien3 in flight ----------------------------------------
        in_flight = tablets["uyvien3"].mark(document)
        marks["uyvien3"].append(in_flight)
        b_server = _server_of(stack, tablets["uyvien4"].sid)
        assert {_server_of(stack, tablets[login].sid) for login in ("uyvien2", "uyvien3")} == {b_server}
        killed_at = chair.mark_time()
        before_kill = _last_seq(stack, meeting["id"])
        b.kill()
        time.sleep(1)  # a COMMIT that B sent just before dying is still applied by PostgreSQL
        for login in ("uyvien2", "uyvien3", "uyvien4"):
            tablets[login].drop()  # their sockets died with B; uyvien4's tablet stays off for good

        # while they are away: the chair turns the page, A's members mark, B's draw and vote offline
        turned = chair.call("slide.set", {"document_id": document, "page": 1})
        assert turned["ok"] is True
        # A was idle from the kill to this page turn: whatever was numbered in between, B committed in
        # its last instant (PostgreSQL may apply B's last COMMIT after the kill, so the window ends at
        # A's first change rather than at a reading taken right after the kill)
        last_words = set(range(before_kill + 1, turned["seq"]))
        marks["uyvien1"].append(tablets["uyvien1"].mark(document))
        tablets["uyvien1"].flush()
        marks["uyvien2"].append(tablets["uyvien2"].mark(document))  # into the outbox
        ballots["uyvien3"] = tablets["uyvien3"].vote(vote_id)  # into the outbox
        assert tablets["uyvien2"].outbox and tablets["uyvien3"].outbox

        # -- failover: reconnect to A, join with since_seq, send the outbox again -------------------------
        resent = 0
        for login in ("uyvien2", "uyvien3"):
            tablets[login].connect(a.url)
            resent += len(tablets[login].flush())
        ballots["uyvien5"] = tablets["uyvien5"].vote(vote_id)
        tablets["uyvien5"].flush()

        # -- B's presence is swept: uyvien4 is gone for everyone, the others are present --------------
        still_here = sorted(ids[login] for login in placement if login != "uyvien4")
        chair.wait_for(
            lambda n, d: n == "presence.changed" and d["present"] == still_here,
            timeout=60,
            what="uyvien4 gone",
            since=killed_at,
        )
        assert stack.sql("SELECT count(*) FROM live_presences WHERE server_id = :s", s=b_server) == [(0,)]
        assert stack.sql("SELECT count(*) FROM live_servers WHERE id = :s", s=b_server) == [(0,)]
        rejoined = DrillTablet("uyvien5-second-device", stack.tokens["uyvien5"], meeting["id"])
        snapshot = rejoined.connect(a.url)["state"]
        rejoined.drop()
        assert snapshot["present"] == still_here
        shared = {m for login in VOTERS for m in marks[login]} - {marks["uyvien2"][1]}  # the private one
        assert {a["id"] for a in snapshot["annotations"]} == shared  # a reload shows every shared mark

        final = chair.call("slide.set", {"document_id": document, "page": 3})["seq"]
        # -- the checks ----------------------------------------------------------------------------------
        exact, unseen_live = 0, set()
        for login, tablet in tablets.items():
            expected = expected_seqs(stack, meeting["id"], ids[login], tablet.first_seq)
            if login == "uyvien4":  # went down with B: what it applied is the log's beginning, in order
                assert tablet.applied == expected[: len(tablet.applied)], login
                continue
            tablet.wait_for_seq(final)
            # Failed over (its catch-up from since_seq) or stayed on A (live): every change, except one
            # committed around the kill that did not reach it live — B died before broadcasting it, or
            # (a failed-over tablet) A's change was still on its way through Redis to B when B died,
            # after B's own later change had reached the tablet. docs/reliability.md, "what the drills
            # do not cover": a reload shows it (the snapshot above); anything outside that window fails.
            never_broadcast = set(expected) - set(tablet.applied)
            assert never_broadcast <= last_words, (login, sorted(never_broadcast), sorted(last_words))
            assert tablet.applied == [seq for seq in expected if seq not in never_broadcast], login
            unseen_live |= never_broadcast
            exact += not never_broadcast

        all_marks = sorted(m for made in marks.values() for m in made)
        stored = stack.sql("SELECT id FROM annotations WHERE meeting_id = :m AND deleted_at IS NULL", m=meeting["id"])
        assert sorted(row[0] for row in stored) == all_marks
        events = stack.sql(
            "SELECT payload FROM meeting_events WHERE meeting_id = :m AND event = 'annotation.changed'", m=meeting["id"]
        )
        added = Counter(p["annotation"]["id"] for (p,) in events if p["op"] == "add")
        assert added == Counter(all_marks)  # each mark exactly once in the log

        cast = stack.sql("SELECT user_id, ballot_id FROM vote_ballots WHERE vote_id = :v", v=vote_id)
        assert sorted(cast) == sorted((ids[login], ballot) for login, ballot in ballots.items())
        progress = chair.wait_for(
            lambda n, d: n == "vote.progress" and d["vote_id"] == vote_id and d["progress"]["voted"] == len(ballots),
            what="the vote's progress",
        )
        assert progress[1]["progress"]["voted"] == len(ballots)
        print(
            f"\nDRILL process-killed: 6 tablets on 2 processes, B SIGKILLed; 2 failed over to A (resent "
            f"{resent} from their outbox); marks {len(stored)}/{len(all_marks)} stored, each added once; "
            f"ballots {len(cast)}/{len(ballots)}, each once; seq logs exact for {exact}/5 tablets "
            f"({sum(len(t.applied) for t in tablets.values())} changes applied; {len(unseen_live)} committed by B "
            f"in its last instant never reached A's tablets live, shown on reload); stale presence of B swept "
            f"(uyvien4 no longer present)"
        )
    finally:
        for tablet in tablets.values():
            tablet.drop()
        a.stop()
        b.stop()


def _last_seq(stack, meeting_id: int) -> int:
    return stack.sql("SELECT seq FROM live_states WHERE meeting_id = :m", m=meeting_id)[0][0]


def _server_of(stack, sid: str) -> str:
    ((server_id,),) = stack.sql("SELECT DISTINCT server_id FROM live_presences WHERE sid = :s", s=sid)
    assert server_id, "presence without the process holding it"
    return server_id
