"""Acceptance (issue 13 item 3): reminders fire exactly once with several real processes.

Real redis-server (the test's own), a real database file (or PostgreSQL database), two RQ worker
processes with their schedulers and two cron scheduler processes (``python -m app.worker``), the
clock frozen across all of them through Redis, e-mails received by a local SMTP server."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from rq import Queue
from rq.cron import CronScheduler
from rq.registry import FinishedJobRegistry

from app import clock
from app.extensions import db
from meetings.models import Notification, ReminderDelivery, Task
from tests.support.databases import fresh_database
from tests.support.factories import create_meeting, create_user
from tests.support.jobs import Processes, own_redis, smtp_sink, wait_until, worker_env

pytestmark = pytest.mark.live
START = datetime(2026, 12, 3, 0, 30, tzinfo=UTC)  # 07:30 in Vietnam
QUEUE = "reminders-test"
SWEEP = "meetings.services.reminder_sweeps:meeting_reminders"


@pytest.fixture
def world(tmp_path):
    """Database, Redis, SMTP sink, a meeting with four people (three with an e-mail address)."""
    from flask_migrate import upgrade

    from app import bind_process_wide_extensions, create_app
    from tests.support.apps import SESSION

    with fresh_database(tmp_path, "jobs") as url, own_redis(tmp_path) as redis_server, smtp_sink() as sink:
        app = create_app(
            "testing",
            {
                "DATABASE_URL": url,
                "REDIS_URL": redis_server.settings.url,
                "JOBS_QUEUE": QUEUE,
                "INSTANCE_DIR": str(tmp_path / "instance"),
            },
        )
        with app.app_context():
            upgrade()
            people = [create_user(email=f"nguoi{i}@mytho.gov.vn") for i in range(3)] + [create_user()]
            people[1].locale = "en"
            meeting = create_meeting(
                {u: r for u, r in zip(people, ("chair", "secretary", "member", "observer"))},
                title="Họp UBND xã Mỹ Thọ tháng 12",
                starts_at=START,
            )
            db.session.commit()
            env = worker_env(
                url, redis_server.settings.url, tmp_path / "instance", sink.port, PHONGHOP_JOBS_QUEUE=QUEUE
            )
            processes = Processes(env, tmp_path)
            try:
                yield app, meeting.id, sink, processes, [u.id for u in people]
            finally:
                processes.stop_all()
                db.session.remove()
                db.engine.dispose()
                # this module's application rebound the process-wide Socket.IO server and login
                # limiter to its Redis, which stops here: give them back to the session's application
                if SESSION.get("app") is not None:
                    bind_process_wide_extensions(SESSION["app"])


def _counts(meeting_id: int) -> dict:
    db.session.rollback()  # a fresh snapshot of what the workers committed
    rows = db.session.execute(sa.select(Notification.text).where(Notification.meeting_id == meeting_id)).scalars().all()
    keys = db.session.execute(sa.select(ReminderDelivery.key)).scalars().all()
    return {"24h": sum("24 giờ" in t for t in rows), "1h": sum("1 giờ," in t for t in rows), "keys": len(keys)}


def _finished(queue) -> int:
    return FinishedJobRegistry(queue=queue).count


def test_two_workers_and_two_schedulers_send_each_reminder_once(world):
    app, meeting_id, sink, processes, people = world
    with app.app_context():
        from app.jobs import redis_connection

        redis = redis_connection()
        queue = Queue(QUEUE, connection=redis)
        clock.freeze(redis, START - timedelta(hours=30))  # nothing due yet
        for _ in range(2):
            processes.start()
            processes.start("--cron")
        wait_until(
            lambda: len(CronScheduler.all(redis)) == 2 and _finished(queue) >= 4, what="sweeps", logs=processes.logs
        )
        assert _counts(meeting_id) == {"24h": 0, "1h": 0, "keys": 0} and sink.messages == []

        clock.freeze(redis, START - timedelta(hours=23))
        wait_until(lambda: _counts(meeting_id)["24h"] == 4, what="24 h reminders", logs=processes.logs)
        wait_until(lambda: len(sink.messages) == 3, what="three e-mails", logs=processes.logs)
        done = _finished(queue)
        wait_until(lambda: _finished(queue) >= done + 6, what="six more sweeps", logs=processes.logs)
        assert _counts(meeting_id) == {"24h": 4, "1h": 0, "keys": 4}
        assert len(sink.messages) == 3
        english = {r[0]: m for r, m in sink.messages}["nguoi1@mytho.gov.vn"].get_payload(decode=True).decode()
        assert english.startswith("Reminder: the meeting «Họp UBND xã Mỹ Thọ tháng 12» starts in about 24 hours")
        # both worker processes took sweeps
        names = {queue.fetch_job(j).worker_name for j in FinishedJobRegistry(queue=queue).get_job_ids()}
        assert len(names - {None}) == 2, names

        clock.freeze(redis, START - timedelta(minutes=45))
        wait_until(lambda: _counts(meeting_id)["1h"] == 4, what="1 h reminders", logs=processes.logs)
        done = _finished(queue)
        wait_until(lambda: _finished(queue) >= done + 6, what="six more sweeps", logs=processes.logs)
        assert _counts(meeting_id) == {"24h": 4, "1h": 4, "keys": 8}
        assert len(sink.messages) == 6
        assert sorted(len(r) for r, _ in sink.messages) == [1] * 6


def test_a_job_run_many_times_at_once_sends_once_and_a_killed_worker_leaves_nothing_behind(world):
    app, meeting_id, sink, processes, people = world
    with app.app_context():
        from app.jobs import enqueue_after_commit, redis_connection, run_sweep

        redis = redis_connection()
        queue = Queue(QUEUE, connection=redis)
        clock.freeze(redis, START - timedelta(hours=2))
        # no worker yet: the same sweep queued eight times (as if picked up again and again)
        for _ in range(8):
            queue.enqueue(run_sweep, SWEEP)
        first = processes.start()
        processes.start()
        wait_until(lambda: _finished(queue) == 8, what="eight runs", logs=processes.logs)
        assert _counts(meeting_id) == {"24h": 4, "1h": 0, "keys": 4} and len(sink.messages) == 3

        # a worker killed outright; the 1-hour reminder falls due while no worker runs at all
        processes.kill(first)
        processes.kill(processes.running[1])
        # queued from a committed change for a moment later, while no worker runs (the worker's scheduler)
        task = Task(meeting_id=meeting_id, title="Rà soát hồ sơ", assignee_id=people[2], deadline=date(2026, 12, 1))
        db.session.add(task)
        enqueue_after_commit(
            "meetings.services.reminder_sweeps:overdue_task_reminders",
            START - timedelta(minutes=30),
            job_id="overdue-later",
            at=datetime.now(UTC) + timedelta(seconds=2),
        )
        db.session.commit()
        processes.start("--cron")
        clock.freeze(redis, START - timedelta(minutes=30))
        wait_until(lambda: queue.count >= 2, what="sweeps queued with no worker", logs=processes.logs)
        assert _counts(meeting_id)["1h"] == 0
        processes.start()  # restarted: it runs what waited
        wait_until(lambda: _counts(meeting_id)["1h"] == 4, what="1 h reminders after restart", logs=processes.logs)
        wait_until(lambda: len(sink.messages) == 8, what="eight e-mails", logs=processes.logs)
        assert _counts(meeting_id) == {"24h": 4, "1h": 4, "keys": 10}  # + the task's assignee and secretary
        # the killed workers' scheduler lock expires after 61 s; then the new worker's scheduler takes over
        job = queue.fetch_job("overdue-later")
        wait_until(lambda: job.get_status(refresh=True) == "finished", timeout=150, what="the job queued for later")
        overdue = [m for r, m in sink.messages if "Rà soát hồ sơ" in m.get_payload(decode=True).decode()]
        assert sorted(m["To"] for m in overdue) == ["nguoi1@mytho.gov.vn", "nguoi2@mytho.gov.vn"]
