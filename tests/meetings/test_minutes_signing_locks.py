"""Signing the minutes holds no database transaction while it renders and signs (issue 11): a page turn
(any other writer) can write to SQLite meanwhile. Checked on a database of its own, committed as in
production (the other tests run inside one rolled-back transaction, whose SQLite connection holds the
write lock itself), with the real pysqlite transaction handling and the real object store."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from app.extensions import db
from meetings.models import Meeting, MinutesDraft, MinutesState, SignedMinutes
from meetings.services import minutes_signing
from tests.conftest import login
from tests.meetings.test_minutes_views import _form
from tests.support.apps import second_app
from tests.support.minutes import P12_PASSPHRASE, closed_meeting_with_signers
from tests.support.probes import sqlite_writer_can_write


@pytest.fixture
def db_session():  # this module's database is its own and committed: no rolled-back transaction
    yield None


@pytest.fixture
def committed(app, store, tmp_path):
    from flask_migrate import upgrade

    path = tmp_path / "committed.sqlite3"
    other = second_app(app, DATABASE_URL=f"sqlite:///{path}")
    with other.app_context():
        upgrade()
        meeting, secretary, chair, _member = closed_meeting_with_signers(documents=False)
        db.session.commit()
        facts = SimpleNamespace(
            app=other,
            path=path,
            meeting_id=meeting.id,
            secretary=SimpleNamespace(login=secretary.login),
            chair=SimpleNamespace(login=chair.login),
        )
    yield facts
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def _other_writer_can_write(path) -> bool:
    """What a page turn does on SQLite: take the write lock and commit — without waiting (timeout 0)."""
    return sqlite_writer_can_write(path, "UPDATE audit_head SET id = id")


def test_other_writers_write_while_the_minutes_are_rendered_and_signed(committed, monkeypatch):
    client = committed.app.test_client()
    mid = committed.meeting_id
    login(client, committed.secretary)
    with committed.app.app_context():
        assert client.post(f"/meetings/{mid}/minutes", data=_form(db.session.get(Meeting, mid))).status_code == 302
    assert client.post(f"/meetings/{mid}/minutes/lock").status_code == 302

    seen = []

    def watching(name, real):
        def run(*args, **kwargs):
            seen.append((name, _other_writer_can_write(committed.path)))
            result = real(*args, **kwargs)
            seen.append((f"{name} done", _other_writer_can_write(committed.path)))
            return result

        monkeypatch.setattr(minutes_signing, name, run)

    for name in ("render_minutes_pdf", "sign_pdf"):
        watching(name, getattr(minutes_signing, name))
    assert client.post(f"/meetings/{mid}/minutes/sign", data={"passphrase": P12_PASSPHRASE}).status_code == 302
    client.post("/logout")
    login(client, committed.chair)
    assert client.post(f"/meetings/{mid}/minutes/sign", data={"passphrase": P12_PASSPHRASE}).status_code == 302

    assert [name for name, _ in seen] == [
        "render_minutes_pdf",
        "render_minutes_pdf done",
        "sign_pdf",
        "sign_pdf done",
        "sign_pdf",
        "sign_pdf done",
    ]
    assert all(free for _, free in seen), seen
    with committed.app.app_context():
        assert db.session.query(MinutesDraft).filter_by(meeting_id=mid).one().state == MinutesState.signed
        assert sorted(r.signatures for r in db.session.query(SignedMinutes).filter_by(meeting_id=mid)) == [1, 2]
