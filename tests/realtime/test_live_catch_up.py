"""Reconnect catch-up by seq (exact: no gap, no duplicate), snapshots, presence."""

import pytest

from tests.realtime.live_helpers import Hall, events, named


@pytest.fixture
def hall(app):
    return Hall(app, "cu")


def test_reconnecting_tablet_receives_exactly_what_it_missed(hall):
    watcher = hall.socket("member2")  # stays connected and sees every public change live
    tablet = hall.socket("member1")
    phone = hall.socket("member1")  # the same member's second device
    chair = hall.socket("chair")
    last_seen = tablet.ack["seq"]
    hall.disconnect(tablet)

    hall.call(chair, "slide.set", {"document_id": hall.document.id, "page": 2})
    shared = hall.mark("shared")
    hall.call(chair, "annotation.add", {"annotation": shared})
    private = hall.mark("private", "note", {"x": 0.2, "y": 0.3, "text": "Ghi chú riêng"})
    hall.call(phone, "annotation.add", {"annotation": private})  # reaches the tablet on catch-up
    hall.call(chair, "annotation.add", {"annotation": hall.mark("private")})  # the chair's: never does
    hall.call(chair, "presenter.set", {"presenter_id": hall.people["member2"].id})
    hall.call(chair, "annotation.delete", {"id": shared["id"]})
    hall.call(chair, "slide.set", {"document_id": hall.document.id, "page": 3, "zoom": 2})

    live_public = named(watcher)
    back = hall.socket("member1", since_seq=last_seen).ack
    assert back["snapshot"] is False and back["state"]["annotations"] is None
    missed = back["missed"]
    seqs = [m["data"]["seq"] for m in missed]
    assert seqs == sorted(set(seqs)) and all(last_seen < s <= back["seq"] for s in seqs)  # ordered, no duplicate
    # no gap: every public change the watcher saw, plus the member's own private one, nothing else
    expected = sorted(
        [(name, data) for name, data in live_public if data["seq"] > last_seen]
        + [
            ("annotation.changed", e)
            for e in events(phone, "annotation.changed")
            if e["annotation"]["layer"] == "private"
        ],
        key=lambda pair: pair[1]["seq"],
    )
    own_arrival = [(m["event"], m["data"]) for m in missed if m["data"]["seq"] > expected[-1][1]["seq"]]
    assert [(m["event"], m["data"]) for m in missed] == expected + own_arrival
    assert [e for e, _ in own_arrival] == ["presence.changed"] or own_arrival == []
    assert ("annotation.changed", "add", private["id"]) in [
        (m["event"], m["data"].get("op"), m["data"].get("annotation", {}).get("id")) for m in missed
    ]
    assert back["state"]["slide"] == {"document_id": hall.document.id, "page": 3, "zoom": 2.0}
    assert back["state"]["presenter_id"] == hall.people["member2"].id
    # nothing new: an empty catch-up
    again = hall.socket("member1", since_seq=back["seq"]).ack
    assert [m["event"] for m in again["missed"]] in ([], ["presence.changed"])


def test_too_far_behind_or_unknown_seq_gets_a_snapshot(hall, monkeypatch):
    from meetings.services import live

    chair = hall.socket("chair")
    mark = hall.mark("shared")
    hall.call(chair, "annotation.add", {"annotation": mark})
    monkeypatch.setattr(live, "CATCH_UP_WINDOW", 2)
    for _ in range(3):
        hall.call(chair, "slide.set", {"document_id": hall.document.id, "page": _ + 2})
    for since in (0, 10_000, None):
        ack = hall.socket("member1", since_seq=since).ack
        assert ack["snapshot"] is True and ack["missed"] == [], since
        assert [a["id"] for a in ack["state"]["annotations"]] == [mark["id"]]
        assert ack["state"]["slide"]["page"] == 4


def test_malformed_since_seq_is_refused_before_joining(hall):
    chair = hall.socket("chair")
    member = hall.socket("member1", join=False)
    for since in ("3", -1, True, 1.5, [1]):
        ack = hall.call(member, "meeting.join", {"since_seq": since})
        assert ack["ok"] is False and "since_seq" in ack["error"], since
    assert events(chair) == []


def test_presence_counts_people_not_devices(hall):
    chair = hall.socket("chair")
    assert chair.ack["state"]["present"] == [hall.people["chair"].id]
    tablet, phone = hall.socket("member1"), hall.socket("member1")
    both = sorted([hall.people["chair"].id, hall.people["member1"].id])
    (arrived,) = events(chair, "presence.changed")
    assert arrived["present"] == both and tablet.ack["state"]["present"] == both
    hall.disconnect(tablet)
    assert events(chair) == []
    hall.disconnect(phone)
    (left,) = events(chair, "presence.changed")
    assert left["present"] == [hall.people["chair"].id] and left["seq"] > arrived["seq"]


def test_a_starting_server_forgets_stale_connections(hall):
    from meetings.services.live import clear_presence, present_user_ids

    hall.socket("chair"), hall.socket("member1")
    assert len(present_user_ids(hall.meeting)) == 2
    assert clear_presence() >= 2
    assert present_user_ids(hall.meeting) == []


def _from_the_log(hall, who: str, since: int, seq: int) -> list[dict]:
    """What a tablet missed, read straight from ``meeting_events`` and filtered for its reader."""
    import sqlalchemy as sa

    from app.extensions import db
    from meetings.models import MeetingEvent
    from meetings.services import live_audience

    person = hall.people[who]
    readable = live_audience.readable_document_ids(person, hall.meeting)
    rows = db.session.scalars(
        sa.select(MeetingEvent)
        .where(MeetingEvent.meeting_id == hall.meeting.id, MeetingEvent.seq > since, MeetingEvent.seq <= seq)
        .where(sa.or_(MeetingEvent.audience_user_id.is_(None), MeetingEvent.audience_user_id == person.id))
        .order_by(MeetingEvent.seq)
    )
    seen = ((r.event, live_audience.for_reader(r.event, r.payload, readable)) for r in rows)
    return [{"event": event, "data": data} for event, data in seen if data is not None]


def test_catch_up_kept_in_memory_is_what_the_log_holds(hall, monkeypatch):
    """Rejoins are served from the meeting's log tail kept in memory (missed_cache): later ones see
    what was logged since it was read, one from further back reads the log again, the oldest go
    when more than the catch-up window is kept, and each reader still gets only their own private
    changes and documents."""
    from meetings.services import live, missed_cache

    chair = hall.socket("chair")
    start = chair.ack["seq"]
    hall.call(chair, "slide.set", {"document_id": hall.document.id, "page": 2})
    middle = hall.call(chair, "annotation.add", {"annotation": hall.mark("shared")})["seq"]
    checks = [("member1", middle), ("member2", middle)]  # the tail is read from `middle`
    hall.call(chair, "annotation.add", {"annotation": hall.mark("private")})  # the chair's alone
    hall.call(chair, "slide.set", {"document_id": hall.document.id, "page": 3})
    checks += [("member1", middle), ("chair", middle), ("member2", start)]  # extended; then from further back
    monkeypatch.setattr(live, "CATCH_UP_WINDOW", 6)  # only the last six are kept from now on
    for page in (4, 5, 6):
        hall.call(chair, "slide.set", {"document_id": hall.document.id, "page": page})
    checks += [("member1", middle), ("chair", middle)]
    for who, since in checks:
        ack = hall.socket(who, since_seq=since).ack
        if ack["snapshot"]:  # further behind than the window
            assert ack["seq"] - since > live.CATCH_UP_WINDOW, (who, since)
            continue
        assert ack["missed"] == _from_the_log(hall, who, since, ack["seq"]), (who, since)
        assert ack["missed"], (who, since)
    tail = missed_cache._cache[hall.meeting.id]
    assert len(tail.events) <= live.CATCH_UP_WINDOW
    assert [e[0] for e in tail.events] == list(range(tail.after + 1, tail.upto + 1))


def test_a_tail_extended_by_another_join_during_the_read_holds_each_change_once(hall, monkeypatch):
    """On PostgreSQL reading the log yields to other greenlets: another rejoin may extend the kept
    tail while this one's read waits. Simulated here by running that other rejoin inside the read."""
    from meetings.services import missed_cache

    chair = hall.socket("chair")
    start = chair.ack["seq"]
    hall.call(chair, "slide.set", {"document_id": hall.document.id, "page": 2})
    first = hall.call(chair, "slide.set", {"document_id": hall.document.id, "page": 3})["seq"]
    missed_cache.changes_between(hall.meeting, start, first, keep=500)  # kept: (start, first]
    for page in (4, 5):
        last = hall.call(chair, "slide.set", {"document_id": hall.document.id, "page": page})["seq"]
    read, interleaved = missed_cache._read, []

    def read_while_another_join_extends(meeting_id, after, upto):
        if not interleaved:
            interleaved.append(None)  # once: the other join's own read is a plain one
            interleaved[0] = missed_cache.changes_between(hall.meeting, start, last, keep=500)
        return read(meeting_id, after, upto)

    monkeypatch.setattr(missed_cache, "_read", read_while_another_join_extends)
    found = missed_cache.changes_between(hall.meeting, start, last, keep=500)
    assert [e[0] for e in found] == list(range(start + 1, last + 1)) == [e[0] for e in interleaved[0]]
    tail = missed_cache._cache[hall.meeting.id]
    assert [e[0] for e in tail.events] == list(range(tail.after + 1, tail.upto + 1))
