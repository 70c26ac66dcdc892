"""The presence of a server process that stopped beating is swept (meetings/services/live_servers.py):
its connections leave every meeting with a ``presence.changed`` in the seq log, a living process's
connections stay, and the sweep is idempotent. The multi-process drill is
tests/drills/test_process_failover.py."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models.base import utcnow
from meetings.models import LivePresence, LiveServer, MeetingEvent
from meetings.services import live_servers
from meetings.services.live import present_user_ids
from tests.realtime.live_helpers import Hall


@pytest.fixture
def hall(app):
    return Hall(app, "ps")


def test_a_silent_server_is_swept_with_its_presence_and_a_living_one_stays(hall, app, monkeypatch):
    now = utcnow()
    monkeypatch.setitem(app.config, "PRESENCE_TTL_SECONDS", 30)
    live_servers.beat("dead-server", now - timedelta(seconds=31))
    live_servers.beat("living-server", now - timedelta(seconds=5))
    chair, member1, member2 = (hall.people[w] for w in ("chair", "member1", "member2"))
    for sid, user, server in (
        ("chair-tablet", chair, "living-server"),
        ("member1-tablet", member1, "dead-server"),
        ("member1-phone", member1, "living-server"),  # member1 stays present through another process
        ("member2-tablet", member2, "dead-server"),
    ):
        db.session.add(LivePresence(sid=sid, meeting_id=hall.meeting.id, user_id=user.id, server_id=server))
    db.session.flush()
    seq_before = (
        db.session.scalar(sa.select(sa.func.max(MeetingEvent.seq)).where(MeetingEvent.meeting_id == hall.meeting.id))
        or 0
    )

    broadcasts = live_servers.sweep_dead(now)

    assert present_user_ids(hall.meeting) == sorted([chair.id, member1.id])
    assert [(b.event, b.data["present"]) for b in broadcasts] == [("presence.changed", sorted([chair.id, member1.id]))]
    assert broadcasts[0].data["seq"] > seq_before  # in the seq log: a tablet catching up learns it too
    assert db.session.get(LiveServer, "dead-server") is None
    assert db.session.get(LiveServer, "living-server") is not None
    assert live_servers.sweep_dead(now) == []  # idempotent


def test_rows_of_a_server_already_swept_go_once_older_than_the_ttl(hall, app, monkeypatch):
    now = utcnow()
    monkeypatch.setitem(app.config, "PRESENCE_TTL_SECONDS", 30)
    member1 = hall.people["member1"]
    db.session.add(
        LivePresence(
            sid="orphan",
            meeting_id=hall.meeting.id,
            user_id=member1.id,
            server_id="gone",
            joined_at=now - timedelta(minutes=5),
        )
    )
    db.session.add(
        LivePresence(sid="fresh", meeting_id=hall.meeting.id, user_id=hall.people["chair"].id, server_id="new")
    )
    db.session.flush()
    live_servers.sweep_dead(now)
    assert present_user_ids(hall.meeting) == [hall.people["chair"].id]  # a row just written is not an orphan yet


def test_rows_of_the_single_process_server_name_no_process_and_are_never_swept(hall):
    hall.socket("member1")  # the tests' in-process server has no heartbeat: server_id stays empty
    assert db.session.scalars(sa.select(LivePresence.server_id)).all() == [None]
    live_servers.sweep_dead(utcnow() + timedelta(days=1))
    assert present_user_ids(hall.meeting) == [hall.people["member1"].id]
