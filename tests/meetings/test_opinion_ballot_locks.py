"""Opinion ballots hold no database transaction while a member's ballot PDF is rendered and signed or a
ballot's report is rendered and its text extracted (issue 11): a page turn — any other writer — can write
meanwhile, even to the ballot's own row. Checked on a database of its own, committed as in production (the
other tests run inside one rolled-back transaction, whose connection holds the locks itself): a SQLite file
with the real pysqlite transaction handling, or — when the suite runs on PostgreSQL — a fresh PostgreSQL
database; through the pages, the deadline sweep's job and the real object store."""

from __future__ import annotations

import contextvars
import io
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from app.extensions import db
from meetings.models import OpinionBallot, OpinionBallotState, OpinionChoice
from meetings.services import opinion_ballot_closing as closing
from meetings.services import opinion_ballot_signing as signing
from tests.conftest import login
from tests.support.apps import second_app
from tests.support.databases import fresh_database
from tests.support.minutes import P12_PASSPHRASE
from tests.support.opinion_ballots import ballot_keys, ballot_world, open_ballot
from tests.support.probes import sqlite_writer_can_write

_offloaded = contextvars.ContextVar("offloaded", default=False)


@pytest.fixture
def db_session():  # this module's database is its own and committed: no rolled-back transaction
    yield None


@pytest.fixture
def committed(app, store, tmp_path):
    from flask_migrate import upgrade

    with fresh_database(tmp_path, "ballot_locks") as url:
        other = second_app(app, DATABASE_URL=url)
        with other.app_context():
            upgrade()
            world = ballot_world(signers=2)
            later = datetime.now(UTC) + timedelta(days=3)
            answered = open_ballot(world, title="Kế hoạch chuyển đổi số xã Mỹ Hiệp năm 2027", deadline=later)
            early = open_ballot(world, title="Phương án sắp xếp trụ sở làm việc", deadline=later)
            soon = datetime.now(UTC) + timedelta(days=1)
            due = [
                open_ballot(world, title=f"Danh mục công trình đợt {n}", deadline=soon + timedelta(minutes=n))
                for n in (1, 2)
            ]
            db.session.commit()
            facts = SimpleNamespace(
                app=other,
                url=url,
                members=[SimpleNamespace(login=m.login, id=m.id) for m in world.members],
                office=SimpleNamespace(login=world.office.login),
                answered=answered.id,
                early=early.id,
                due=[b.id for b in due],
                deadline=due[1].deadline,
            )
        try:
            yield facts
        finally:
            with other.app_context():
                db.session.remove()
                db.engine.dispose()


def _others_can_write(facts, ballot_id: int) -> bool:
    """What a page turn does meanwhile, on another connection, without waiting: SQLite — take the write
    lock (timeout 0) and commit a write to the ballot's own row; PostgreSQL — lock the ballot's row and its
    answers with NOWAIT and write them."""
    if facts.url.startswith("sqlite"):
        statement = f"UPDATE opinion_ballots SET title = title WHERE id = {int(ballot_id)}"
        return sqlite_writer_can_write(facts.url.removeprefix("sqlite:///"), statement)
    engine = sa.create_engine(facts.url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:
            params = {"id": ballot_id}
            connection.execute(sa.text("SELECT id FROM opinion_ballots WHERE id = :id FOR UPDATE NOWAIT"), params)
            connection.execute(
                sa.text("SELECT id FROM opinion_ballot_recipients WHERE ballot_id = :id FOR UPDATE NOWAIT"), params
            )
            connection.execute(sa.text("UPDATE opinion_ballots SET title = title WHERE id = :id"), params)
            connection.commit()
            return True
    except sa.exc.OperationalError as exc:
        assert "lock" in str(exc)
        return False
    finally:
        engine.dispose()


def _watch(monkeypatch, facts, seen: list) -> None:
    """Record, as each render, signature and text extraction starts: whether it runs on the thread pool
    (``run_cpu_bound``: under gevent, off the event loop), whether the request's session is inside a
    transaction, and whether another connection can write to the ballot's row without waiting."""

    def offloading(real):
        def run(*args, **kwargs):
            token = _offloaded.set(True)
            try:
                return real(*args, **kwargs)
            finally:
                _offloaded.reset(token)

        return run

    for module in (signing, closing):
        monkeypatch.setattr(module, "run_cpu_bound", offloading(module.run_cpu_bound))

    def watching(module, name: str, ballot_of):
        real = getattr(module, name)

        def run(*args, **kwargs):
            seen.append(
                (name, _offloaded.get(), not db.session().in_transaction(), _others_can_write(facts, ballot_of(args)))
            )
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, run)

    watching(signing, "render_answer_pdf", lambda args: facts.current)
    watching(signing, "sign_pdf", lambda args: facts.current)
    watching(closing, "render_report", lambda args: facts.current)
    watching(closing, "report_text", lambda args: facts.current)


def _names(seen) -> list[str]:
    return [s[0] for s in seen]


def _all_free(seen) -> bool:
    return all(offloaded and idle and free for _name, offloaded, idle, free in seen)


def test_others_write_while_answers_are_signed_and_the_last_answer_closes(committed, store, monkeypatch):
    facts, seen = committed, []
    facts.current = facts.answered
    _watch(monkeypatch, facts, seen)
    first, second, third = facts.members
    url = f"/opinion-ballots/{facts.answered}"
    before = ballot_keys(store, facts.answered)  # other tests' ballots of the same id share the store

    client = facts.app.test_client()
    login(client, first)
    answered = client.post(
        f"{url}/answer", data={"choice": "other", "comment": "Bổ sung kinh phí.", "passphrase": P12_PASSPHRASE}
    )
    assert answered.status_code == 302
    assert _names(seen) == ["render_answer_pdf", "sign_pdf"] and _all_free(seen), seen

    seen.clear()
    client = facts.app.test_client()
    login(client, second)
    assert client.post(f"{url}/answer", data={"choice": "agree"}).status_code == 302
    assert client.post(f"{url}/sign", data={"passphrase": P12_PASSPHRASE}).status_code == 302
    assert _names(seen) == ["render_answer_pdf", "sign_pdf"] and _all_free(seen), seen

    seen.clear()
    client = facts.app.test_client()
    login(client, third)
    assert client.post(f"{url}/answer", data={"choice": "agree"}).status_code == 302  # the last: it closes
    assert _names(seen) == ["render_report", "report_text"] and _all_free(seen), seen

    with facts.app.app_context():
        ballot = db.session.get(OpinionBallot, facts.answered)
        assert ballot.state == OpinionBallotState.closed and ballot.result["closed_because"] == "all_answered"
        assert ballot.result["counts"] == {"agree": 2, "disagree": 0, "other": 1} and ballot.result["signed"] == 2
        made = ballot_keys(store, ballot.id) - before
        assert made == {ballot.report_key} | {r.signed_key for r in ballot.recipients[:2]}
        row = ballot.recipient_of(SimpleNamespace(id=first.id))
        assert row.choice == OpinionChoice.other
        text = " ".join(PdfReader(io.BytesIO(store.read_bytes(row.signed_key))).pages[0].extract_text().split())
        assert "Ý kiến: Ý kiến khác" in text and "Bổ sung kinh phí." in text


def test_others_write_while_the_secretariat_closes_early(committed, store, monkeypatch):
    facts, seen = committed, []
    facts.current = facts.early
    _watch(monkeypatch, facts, seen)
    client = facts.app.test_client()
    login(client, facts.members[0])
    assert client.post(f"/opinion-ballots/{facts.early}/answer", data={"choice": "disagree"}).status_code == 302
    client = facts.app.test_client()
    login(client, facts.office)
    assert client.post(f"/opinion-ballots/{facts.early}/close").status_code == 302
    assert _names(seen) == ["render_report", "report_text"] and _all_free(seen), seen
    with facts.app.app_context():
        ballot = db.session.get(OpinionBallot, facts.early)
        assert ballot.state == OpinionBallotState.closed and ballot.result["closed_because"] == "early"
        assert ballot.result["counts"] == {"agree": 0, "disagree": 1, "other": 0}


def test_the_sweep_commits_each_ballot_and_a_failure_loses_no_other(committed, store, monkeypatch):
    """The sweep's job (app.jobs.run_job) closes two ballots past their deadline, each in a transaction
    of its own, while others write; the first one's report fails once: the second is closed all the same,
    the first stays open with no report object, and the next sweep closes it."""
    from app.jobs import run_job

    facts, seen = committed, []
    facts.current = facts.due[0]
    _watch(monkeypatch, facts, seen)
    real_render, failed = closing.render_report, []

    def render(spec, title):
        if not failed:
            failed.append(True)
            raise RuntimeError("the renderer failed once")
        facts.current = facts.due[1]
        return real_render(spec, title)

    monkeypatch.setattr(closing, "render_report", render)
    after = facts.deadline + timedelta(minutes=1)
    with facts.app.app_context():
        keys = {b: ballot_keys(store, b) for b in facts.due}
        report = run_job("meetings.services.opinion_ballot_sweep:sweep", after)
        assert report.closed == [facts.due[1]] and report.failed == [facts.due[0]]
        assert _names(seen) == ["render_report", "report_text"] and _all_free(seen), seen  # the second's
    with facts.app.app_context():
        states = {
            b.id: b.state for b in db.session.scalars(sa.select(OpinionBallot).where(OpinionBallot.id.in_(facts.due)))
        }
        assert states == {facts.due[0]: OpinionBallotState.open, facts.due[1]: OpinionBallotState.closed}
        assert ballot_keys(store, facts.due[0]) == keys[facts.due[0]]  # no report left behind
    facts.current = facts.due[0]
    with facts.app.app_context():
        assert run_job("meetings.services.opinion_ballot_sweep:sweep", after).closed == [facts.due[0]]
        ballot = db.session.get(OpinionBallot, facts.due[0])
        assert ballot.state == OpinionBallotState.closed and ballot.result["closed_because"] == "deadline"
        assert ballot_keys(store, ballot.id) - keys[ballot.id] == {ballot.report_key}
