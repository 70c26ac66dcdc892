"""Issue 12 item 3: rate limits on socket events (per user, meeting and class of event) and the cap on
marks per user and document. Real flask-socketio test clients on the session app; each refusal is
checked in what was stored (annotations, the event log, the meeting's seq) and in what another
tablet received — and did not receive. The refusals are the words of docs/realtime-protocol.md."""

from __future__ import annotations

import secrets
import time
import uuid

import pytest
import sqlalchemy as sa

from app.extensions import db
from meetings.models import Annotation, LiveState, MeetingEvent
from tests.realtime.live_helpers import Hall, _document_facts, events
from tests.realtime.test_protocol_doc import examples, same_shape


@pytest.fixture
def limits(app):
    """Set the socket limits for one test, counted under a key prefix of its own (the counters outlive
    the rolled-back database, whose ids the next test reuses)."""
    keys = ("SOCKET_MARK_RATE_LIMIT", "SOCKET_COMMAND_RATE_LIMIT", "RATELIMIT_KEY_PREFIX", "MARKS_PER_DOCUMENT")
    saved = {key: app.config.get(key) for key in keys}
    app.config["RATELIMIT_KEY_PREFIX"] = f"test-{secrets.token_hex(4)}"

    def set_limits(marks: str = "", commands: str = "") -> None:
        app.config["SOCKET_MARK_RATE_LIMIT"], app.config["SOCKET_COMMAND_RATE_LIMIT"] = marks, commands

    yield set_limits
    app.config.update(saved)


def _stored(ids) -> set[str]:
    return set(db.session.scalars(sa.select(Annotation.id).where(Annotation.id.in_(list(ids)))))


def _logged(meeting_id: int, ids) -> list[str]:
    """Annotation ids of the meeting's event log, one per event."""
    rows = db.session.scalars(
        sa.select(MeetingEvent.payload).where(
            MeetingEvent.meeting_id == meeting_id, MeetingEvent.event == "annotation.changed"
        )
    )
    return [p["annotation"]["id"] for p in rows if p["annotation"]["id"] in set(ids)]


def _seq(meeting_id: int) -> int:
    db.session.expire_all()
    return db.session.get(LiveState, meeting_id).seq


def _received_ids(sio) -> list[str]:
    return [e["annotation"]["id"] for e in events(sio, "annotation.changed")]


def test_marks_over_the_rate_limit_are_refused_unstored_unsent_and_pass_after_retry_after(app, limits):
    limits(marks="3 per 4 seconds")  # every add below is sent long before 4 s have passed
    hall = Hall(app, "rl-marks")
    member, other = hall.socket("member1"), hall.socket("member2")
    marks = [hall.mark() for _ in range(5)]
    acks = [hall.call(member, "annotation.add", {"annotation": mark}) for mark in marks]
    assert [a["ok"] for a in acks] == [True, True, True, False, False]
    refused = acks[3]
    documented = examples()["error:annotation.add/rate-limited"]
    same_shape(documented, refused)
    assert {k: refused[k] for k in ("ok", "error", "code")} == {k: documented[k] for k in ("ok", "error", "code")}
    assert 0 < refused["retry_after"] <= 4 and acks[4]["code"] == "rate_limited"

    accepted, dropped = [m["id"] for m in marks[:3]], [m["id"] for m in marks[3:]]
    assert _stored(accepted + dropped) == set(accepted)
    assert _logged(hall.meeting.id, accepted + dropped) == accepted
    assert _received_ids(other) == accepted  # the other tablet got the three, and nothing of the two
    seq = _seq(hall.meeting.id)
    assert seq == acks[2]["seq"]  # the refused ones took no seq

    # the limit is this user's, in this meeting, for marks: others and other commands go on
    assert hall.call(other, "annotation.add", {"annotation": hall.mark()})["ok"] is True
    assert hall.call(member, "meeting.join", {})["ok"] is True
    assert hall.call(member, "annotation.delete", {"id": accepted[0]})["code"] == "rate_limited"  # a mark too
    assert db.session.get(Annotation, accepted[0]).deleted_at is None
    events(member), events(other)

    # the tablet keeps the refused mark and sends it again after retry_after: stored and sent once
    time.sleep(max(a["retry_after"] for a in acks[3:]))
    again = hall.call(member, "annotation.add", {"annotation": marks[3]})
    assert again["ok"] is True and again["duplicate"] is False
    assert hall.call(member, "annotation.add", {"annotation": marks[3]})["duplicate"] is True
    assert _stored(dropped) == {marks[3]["id"]}
    assert _logged(hall.meeting.id, dropped) == [marks[3]["id"]]
    assert _received_ids(other) == [marks[3]["id"]]


def test_other_commands_have_their_own_looser_limit(app, limits):
    limits(marks="2 per minute", commands="3 per minute")
    hall = Hall(app, "rl-cmds")
    secretary, member = hall.socket("secretary"), hall.socket("member1")  # one join each: one command
    pages = [hall.call(secretary, "slide.set", {"document_id": hall.document.id, "page": p}) for p in (2, 3, 4)]
    assert [a["ok"] for a in pages] == [True, True, False] and pages[2]["code"] == "rate_limited"
    db.session.expire_all()
    assert db.session.get(LiveState, hall.meeting.id).page == 3
    assert [e["page"] for e in events(member, "slide.changed")] == [2, 3]
    refused_join = hall.call(secretary, "meeting.join", {})
    assert refused_join["code"] == "rate_limited" and refused_join["ok"] is False
    # the secretary's marks are another class: still allowed
    assert hall.call(secretary, "annotation.add", {"annotation": hall.mark()})["ok"] is True
    events(member)
    # and in another meeting the secretary starts afresh
    from tests.support.factories import create_meeting

    second = create_meeting({hall.people["secretary"]: "secretary"}, state="in_session")
    other_document = _document_facts(second, hall.people["secretary"], pages=3)
    ack = hall.emit(secretary, "slide.set", {"meeting_id": second.id, "document_id": other_document.id, "page": 2})
    assert ack["ok"] is True
    assert events(member) == []  # nothing of the other meeting, nothing refused


def test_the_cap_on_marks_per_user_and_document(app, limits):
    """The default cap (5,000): the 5,000th mark is stored, the 5,001st refused with the documented
    words, nothing stored or sent; a repeat of a stored mark is still acknowledged; another document
    and another person are not concerned; deleting one frees room."""
    assert app.config["MARKS_PER_DOCUMENT"] == 5000
    hall = Hall(app, "cap")
    member, other = hall.socket("member1"), hall.socket("member2")
    author = hall.people["member1"]
    mark = hall.mark()
    rows = [
        {**mark, "id": str(uuid.uuid4()), "layer": "private", "meeting_id": hall.meeting.id, "author_id": author.id}
        for _ in range(4999)
    ]
    db.session.execute(sa.insert(Annotation), rows)  # 4,999 marks already made (as if drawn over many sessions)
    db.session.flush()
    last = hall.mark()
    assert hall.call(member, "annotation.add", {"annotation": last})["ok"] is True
    assert _received_ids(other) == [last["id"]]
    seq = _seq(hall.meeting.id)

    over = hall.mark()
    refused = hall.call(member, "annotation.add", {"annotation": over})
    assert refused == examples()["error:annotation.add/cap"]
    assert _stored([over["id"]]) == set() and _logged(hall.meeting.id, [over["id"]]) == []
    assert _seq(hall.meeting.id) == seq
    assert events(other) == []
    # a tablet sending again a mark that was stored is answered as before (its outbox empties)
    assert hall.call(member, "annotation.add", {"annotation": last})["duplicate"] is True
    # the cap is per person and per document
    assert hall.call(other, "annotation.add", {"annotation": hall.mark()})["ok"] is True
    elsewhere = hall.add_document(pages=2)
    assert hall.call(member, "annotation.add", {"annotation": {**hall.mark(), "document_id": elsewhere.id}})["ok"]
    # deleting a mark frees room for one
    assert hall.call(member, "annotation.delete", {"id": last["id"]})["ok"] is True
    assert hall.call(member, "annotation.add", {"annotation": over})["ok"] is True
    assert hall.call(member, "annotation.add", {"annotation": hall.mark()})["ok"] is False
    count = sa.select(sa.func.count()).where(
        Annotation.author_id == author.id, Annotation.document_id == hall.document.id, Annotation.deleted_at.is_(None)
    )
    assert db.session.scalar(count) == 5000


def test_a_smaller_cap_is_configurable_and_the_message_names_it(app, limits):
    app.config["MARKS_PER_DOCUMENT"] = 2
    hall = Hall(app, "cap2")
    member = hall.socket("member1")
    assert [hall.call(member, "annotation.add", {"annotation": hall.mark()})["ok"] for _ in range(3)] == [
        True,
        True,
        False,
    ]
    refused = hall.call(member, "annotation.add", {"annotation": hall.mark()})
    assert refused["error"] == examples()["error:annotation.add/cap"]["error"].replace("5.000", "2")


def test_processes_sharing_redis_share_the_counts(tmp_path):
    """Production counts in Redis (the login limiter's storage): two processes' limiters over one
    Redis refuse together."""
    from limits import parse_many
    from limits.storage import storage_from_string
    from limits.strategies import MovingWindowRateLimiter

    from realtime.rate_limits import take
    from tests.support.jobs import own_redis

    items = parse_many("3 per minute;100 per hour")
    key = ("test", "socket", "marks", "7", "9")
    with own_redis(tmp_path) as redis_server:
        a, b = (MovingWindowRateLimiter(storage_from_string(redis_server.settings.url)) for _ in range(2))
        assert [take(s, items, key) for s in (a, b, a)] == [None, None, None]
        wait = take(b, items, key)
        assert wait is not None and 0 < wait <= 60
        assert take(a, items, ("test", "socket", "marks", "8", "9")) is None  # another user


def test_bad_settings_stop_the_start():
    from app.config import ConfigError, socket_limits

    for bad in ({"SOCKET_MARK_RATE_LIMIT": "nhanh lắm"}, {"MARKS_PER_DOCUMENT": -1}, {"MARKS_PER_DOCUMENT": "nhiều"}):
        config = {"SOCKET_MARK_RATE_LIMIT": "", "SOCKET_COMMAND_RATE_LIMIT": "", "MARKS_PER_DOCUMENT": 5000, **bad}
        with pytest.raises(ConfigError):
            socket_limits(config)
    good = {"SOCKET_MARK_RATE_LIMIT": "5/second", "SOCKET_COMMAND_RATE_LIMIT": "", "MARKS_PER_DOCUMENT": "10"}
    socket_limits(good)
    assert good["MARKS_PER_DOCUMENT"] == 10
