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
from meetings.services.live import present_user_ids, set_slide
from realtime.rooms import commit_and_emit
from tests.realtime.live_helpers import Hall, named


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
    assert [(b.event, b.data.get("present")) for b in broadcasts] == [
        ("presence.changed", sorted([chair.id, member1.id])),
        ("sync.rejoin", None),  # the dead server may have left changes undelivered: tablets rejoin
    ]
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


def test_a_change_the_dead_server_never_broadcast_reaches_the_tablets_through_sync_rejoin(hall, app, monkeypatch):
    """A dead server committed a page turn and died before publishing it (issue 12): the sweep's
    ``sync.rejoin`` reaches the living tablets live, and a tablet whose ``since_seq`` is already past
    the lost change finds the marker in its catch-up; the full snapshot it then takes has the change."""
    monkeypatch.setitem(app.config, "PRESENCE_TTL_SECONDS", 30)
    chair_tablet = hall.socket("chair")
    member1 = hall.socket("member1")
    now = utcnow()
    live_servers.beat("dead-server", now - timedelta(seconds=31))
    db.session.add(
        LivePresence(
            sid="m2-tablet", meeting_id=hall.meeting.id, user_id=hall.people["member2"].id, server_id="dead-server"
        )
    )
    db.session.commit()
    # the dead server's last change: committed, never broadcast
    (lost,) = set_slide(hall.people["chair"], hall.meeting, hall.document.id, 4)
    db.session.commit()
    named(chair_tablet), named(member1)  # drop what the joins produced

    commit_and_emit(live_servers.sweep_dead(now))

    for tablet in (chair_tablet, member1):
        received = named(tablet)
        assert [name for name, _ in received] == ["presence.changed", "sync.rejoin"]  # not the page turn
        assert received[1][1]["seq"] > lost.data["seq"]
    marker = received[1][1]
    # a tablet that had got a later change first (its since_seq past the lost one) finds the marker…
    late = hall.socket("member2", since_seq=lost.data["seq"])
    assert late.ack["snapshot"] is False
    missed = {m["event"]: m["data"] for m in late.ack["missed"]}
    assert "slide.changed" not in missed and missed["sync.rejoin"] == marker
    # …and joins again without since_seq: the snapshot shows the page the dead server turned
    again = hall.call(late, "meeting.join", {})
    assert again["snapshot"] is True and again["seq"] >= marker["seq"]
    assert again["state"]["slide"]["page"] == 4


def test_a_dead_server_that_held_no_presence_marks_the_meetings_changed_since_its_last_beat(hall, app, monkeypatch):
    """A change it may have committed over HTTP: the meeting changed recently gets the marker too."""
    monkeypatch.setitem(app.config, "PRESENCE_TTL_SECONDS", 30)
    now = utcnow()
    live_servers.beat("dead-http-server", now - timedelta(seconds=40))
    set_slide(hall.people["chair"], hall.meeting, hall.document.id, 2)
    db.session.flush()
    assert [(b.event, b.data["meeting_id"]) for b in live_servers.sweep_dead(now)] == [("sync.rejoin", hall.meeting.id)]
    assert live_servers.sweep_dead(now) == []
