"""One person, several connections in one process (meetings/services/live_presence.py): the
second and later connections write no presence row and announce nothing; closing one while
another remains changes nothing; closing the last removes the rows and announces who is gone.
What the process remembers never makes someone present whose row is gone."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from meetings.models import LivePresence, MeetingEvent
from meetings.services.live import present_user_ids
from tests.realtime.live_helpers import Hall, events


def _rows(hall, who) -> list[LivePresence]:
    query = sa.select(LivePresence).where(
        LivePresence.meeting_id == hall.meeting.id, LivePresence.user_id == hall.people[who].id
    )
    return list(db.session.scalars(query))


def _logged(hall) -> int:
    return db.session.scalar(sa.select(sa.func.count()).where(MeetingEvent.meeting_id == hall.meeting.id))


def test_later_connections_write_nothing_and_the_last_one_closing_announces(app):
    hall = Hall(app, "pd")
    chair = hall.socket("chair")
    first = hall.socket("member1")
    (arrived,) = events(chair, "presence.changed")
    assert [row.sid for row in _rows(hall, "member1")] == [first.ack["sid"]]
    logged = _logged(hall)
    others = [hall.socket("member1") for _ in range(3)]
    assert [row.sid for row in _rows(hall, "member1")] == [first.ack["sid"]]  # no row per device
    assert _logged(hall) == logged and events(chair) == []  # nothing logged, nothing sent
    assert others[-1].ack["state"]["present"] == arrived["present"]

    hall.disconnect(first)  # the connection whose row stands for the others goes first
    assert events(chair) == [] and _logged(hall) == logged
    assert [row.sid for row in _rows(hall, "member1")] == [first.ack["sid"]]  # kept: the others stand on it
    assert hall.people["member1"].id in present_user_ids(hall.meeting)
    for sio in others[:-1]:
        hall.disconnect(sio)
    assert events(chair) == [] and len(_rows(hall, "member1")) == 1
    hall.disconnect(others[-1])
    (left,) = events(chair, "presence.changed")
    assert left["present"] == [hall.people["chair"].id] and _rows(hall, "member1") == []


def test_a_row_gone_meanwhile_is_written_again(app):
    """A sweep (or a rolled-back join) removed the row the process remembered: the next connection
    of that person writes its own, so they are present again, and its closing announces it."""
    hall = Hall(app, "pd2")
    chair = hall.socket("chair")
    first = hall.socket("member1")
    events(chair)
    db.session.execute(sa.delete(LivePresence).where(LivePresence.sid == first.ack["sid"]))
    assert hall.people["member1"].id not in present_user_ids(hall.meeting)
    second = hall.socket("member1")
    (back,) = events(chair, "presence.changed")
    assert hall.people["member1"].id in back["present"]
    assert [row.sid for row in _rows(hall, "member1")] == [second.ack["sid"]]
    hall.disconnect(second)
    (left,) = events(chair, "presence.changed")
    assert left["present"] == [hall.people["chair"].id]
    hall.disconnect(first)  # its row is long gone: nothing to announce
    assert events(chair) == []
