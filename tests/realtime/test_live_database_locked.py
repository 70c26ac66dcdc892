"""A page turn while the database is locked by another writer (SQLite: another connection holds the
write lock, as a long transaction elsewhere would): the chair's tablet gets an error acknowledgement
it can act on — never silence — nothing changes and nobody is told of a change; once the lock is
released, the same page turn sent again succeeds. On a database of its own, committed as in production
(the other tests run inside one rolled-back transaction, which holds SQLite's write lock itself)."""

from __future__ import annotations

import sqlite3

import pytest

from app.errors import DATABASE_UNAVAILABLE
from app.extensions import db
from meetings.models import LiveState
from tests.realtime.live_helpers import Hall, events
from tests.support.apps import second_app


@pytest.fixture
def db_session():  # this module's database is its own and committed: no rolled-back transaction
    yield None


@pytest.fixture
def hall(app, tmp_path):
    from flask_migrate import upgrade

    path = tmp_path / "locked.sqlite3"
    other = second_app(app, DATABASE_URL=f"sqlite:///{path}")
    with other.app_context():
        upgrade()
        hall = Hall(other, "lk")
        db.session.commit()
        hall.path = path
        hall.meeting_id, hall.document_id = hall.meeting.id, hall.document.id
        yield hall
        db.session.remove()
        db.engine.dispose()


def _joined(hall, who: str):
    """Hall.socket, with the token committed (the socket's events see only what is committed here)."""
    from app.auth.services import issue_token
    from app.extensions import socketio
    from tests.realtime.live_helpers import NS

    _, raw = issue_token(hall.people[who])
    db.session.commit()
    with hall.app.app_context():
        sio = socketio.test_client(hall.app, namespace=NS, auth={"token": raw})
    assert sio.is_connected(NS)
    assert hall.emit(sio, "meeting.join", {"meeting_id": hall.meeting_id})["ok"] is True
    sio.get_received(NS)
    return sio


def _page(hall) -> int | None:
    connection = sqlite3.connect(hall.path)
    try:
        row = connection.execute("SELECT page FROM live_states WHERE meeting_id = ?", (hall.meeting_id,)).fetchone()
        return row[0] if row else None
    finally:
        connection.close()


def test_a_page_turn_on_a_locked_database_is_answered_with_an_error_then_a_retry_succeeds(hall):
    chair, member = _joined(hall, "chair"), _joined(hall, "member1")
    turn = {"meeting_id": hall.meeting_id, "document_id": hall.document_id, "page": 2}
    assert hall.emit(chair, "slide.set", turn)["ok"] is True
    events(member)
    assert _page(hall) == 2

    locker = sqlite3.connect(hall.path, isolation_level=None)
    locker.execute("BEGIN IMMEDIATE")  # another writer holds SQLite's write lock
    try:
        ack = hall.emit(chair, "slide.set", {**turn, "page": 3})
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    with hall.app.app_context():
        assert ack == {"ok": False, "error": str(DATABASE_UNAVAILABLE)}
    assert _page(hall) == 2 and events(member, "slide.changed") == []

    again = hall.emit(chair, "slide.set", {**turn, "page": 3})
    assert again["ok"] is True and again["duplicate"] is False
    assert _page(hall) == 3
    assert [e["page"] for e in events(member, "slide.changed")] == [3]
    with hall.app.app_context():
        assert db.session.query(LiveState).filter_by(meeting_id=hall.meeting_id).one().page == 3
