"""app/jobs.py and app/clock.py against a real redis-server of the test's own: jobs reach Redis only
when the transaction commits; the frozen clock is read across processes only in testing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from rq import Queue
from rq.registry import ScheduledJobRegistry

from app import clock
from app.extensions import db
from app.jobs import enqueue_after_commit, health, redis_connection
from tests.support.jobs import own_redis


@pytest.fixture
def redis_app(app, tmp_path):
    with own_redis(tmp_path) as server:
        old = app.config.get("REDIS_URL"), app.config.get("JOBS_QUEUE")
        app.config.update(REDIS_URL=server.settings.url, JOBS_QUEUE="jobs-test")
        try:
            yield app
        finally:
            app.config.update(REDIS_URL=old[0], JOBS_QUEUE=old[1])


def test_a_job_reaches_redis_only_when_the_transaction_commits(redis_app):
    queue = Queue("jobs-test", connection=redis_connection())
    enqueue_after_commit("meetings.services.reminder_sweeps:meeting_reminders", 1, job_id="rolled-back")
    assert queue.count == 0  # not before the commit
    db.session.rollback()
    db.session.commit()
    assert queue.count == 0  # nothing for a rolled-back change

    enqueue_after_commit("meetings.services.reminder_sweeps:meeting_reminders", 2, job_id="committed")
    assert queue.count == 0
    db.session.commit()
    assert queue.job_ids == ["committed"]
    job = queue.fetch_job("committed")
    assert job.func_name == "app.jobs.run_job"
    assert job.args == ("meetings.services.reminder_sweeps:meeting_reminders", 2)

    later = datetime(2030, 1, 1, tzinfo=UTC)
    enqueue_after_commit("meetings.services.reminder_sweeps:meeting_reminders", 3, job_id="later", at=later)
    db.session.commit()
    assert "later" in ScheduledJobRegistry(queue=queue).get_job_ids() and queue.count == 1


def test_job_names_and_times_are_checked_when_queued(redis_app):
    with pytest.raises(ValueError):
        enqueue_after_commit("meetings.services.reminder_sweeps.meeting_reminders")
    with pytest.raises(ValueError):
        enqueue_after_commit("a.b:c", at=datetime(2030, 1, 1))  # naive
    db.session.commit()
    assert Queue("jobs-test", connection=redis_connection()).count == 0


def test_the_clock_is_frozen_through_redis_in_testing_only(redis_app, monkeypatch):
    frozen = datetime(2026, 12, 2, 23, 30, tzinfo=UTC)
    connection = redis_connection()
    clock.freeze(connection, frozen)
    try:
        assert clock.now() == frozen
        monkeypatch.setenv("PHONGHOP_FROZEN_NOW", "2026-12-01T00:00:00+00:00")  # the environment wins
        assert clock.now() == datetime(2026, 12, 1, tzinfo=UTC)
        monkeypatch.setitem(redis_app.config, "ENV_NAME", "production")
        assert abs((clock.now() - datetime.now(UTC)).total_seconds()) < 5  # production ignores both
    finally:
        clock.thaw(connection)


def test_health_reports_redis_and_workers(redis_app, client):
    assert health() == {"redis": "ok", "workers": 0}
    body = client.get("/healthz").get_json()
    assert body["redis"] == "ok" and body["workers"] == 0


def test_scheduled_jobs_survive_a_restart_of_the_embedded_redis(app, tmp_path):
    from redis import Redis

    with own_redis(tmp_path) as server:
        queue = Queue("jobs-test", connection=Redis.from_url(server.settings.url))
        queue.enqueue_at(datetime(2030, 1, 1, tzinfo=UTC), print, "x", job_id="survivor")
        server.stop()
        server.start()  # same data directory (append-only file), new port
        queue = Queue("jobs-test", connection=Redis.from_url(server.settings.url))
        assert ScheduledJobRegistry(queue=queue).get_job_ids() == ["survivor"]
        assert queue.fetch_job("survivor").args == ("x",)


def test_without_redis_a_committed_job_is_logged_not_lost_silently(app, caplog):
    assert app.config.get("REDIS_URL") is None
    enqueue_after_commit("meetings.services.reminder_sweeps:meeting_reminders", 1)
    db.session.commit()  # the change itself is not affected
    assert "not queued ['meetings.services.reminder_sweeps:meeting_reminders']" in caplog.text


def test_every_sweep_in_the_registry_resolves_and_is_registered_with_rq_cron(app, monkeypatch):
    import inspect

    from rq.cron import CronScheduler

    from app.jobs import resolve, run_sweep
    from app.schedule import SWEEPS

    assert "meetings.services.reminder_sweeps:meeting_reminders" in dict(SWEEPS)
    for path, seconds in SWEEPS:
        assert list(inspect.signature(resolve(path)).parameters) == ["now"], path
        assert seconds >= 60
    monkeypatch.setenv("PHONGHOP_SWEEP_SECONDS", "2")
    scheduler = CronScheduler(connection=None)
    scheduler.load_config_from_file("app.schedule")
    jobs = scheduler.get_jobs()
    assert [(j.func, j.args, j.interval) for j in jobs] == [(run_sweep, (path,), 2) for path, _ in SWEEPS]
