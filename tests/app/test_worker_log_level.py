"""``PHONGHOP_WORKER_LOG_LEVEL``: the worker logs every job at INFO (production, the default), only
warnings and failures at WARNING — what ``make run`` sets, whose terminal used to scroll the URL and
the demo logins away with a dozen "Job OK" lines a minute. Real redis-server, database and worker
processes (``python -m app.worker``)."""

from __future__ import annotations

import pytest
from redis import Redis
from rq import Queue
from rq.registry import FinishedJobRegistry

from app.worker import log_level
from tests.support.databases import fresh_database
from tests.support.jobs import Processes, own_redis, wait_until, worker_env

QUEUE = "log-level-test"
SWEEP = "meetings.services.live_servers:sweep"


def test_the_level_is_read_from_the_environment(monkeypatch):
    monkeypatch.delenv("PHONGHOP_WORKER_LOG_LEVEL", raising=False)
    assert log_level() == "INFO"
    monkeypatch.setenv("PHONGHOP_WORKER_LOG_LEVEL", "warning")
    assert log_level() == "WARNING"
    monkeypatch.setenv("PHONGHOP_WORKER_LOG_LEVEL", "loud")
    assert log_level() == "INFO"


@pytest.mark.live
def test_at_warning_a_finished_job_prints_nothing(tmp_path):
    from flask_migrate import upgrade

    from app import bind_process_wide_extensions, create_app
    from tests.support.apps import SESSION

    with fresh_database(tmp_path, "loglevel") as url, own_redis(tmp_path) as redis_server:
        app = create_app("testing", {"DATABASE_URL": url, "REDIS_URL": redis_server.settings.url, "JOBS_QUEUE": QUEUE})
        try:
            with app.app_context():
                upgrade()
            queue = Queue(QUEUE, connection=Redis.from_url(redis_server.settings.url))
            finished = FinishedJobRegistry(queue=queue)
            logs = {}
            for level in ("WARNING", "INFO"):
                env = worker_env(
                    url,
                    redis_server.settings.url,
                    tmp_path / "instance",
                    25,
                    PHONGHOP_JOBS_QUEUE=QUEUE,
                    PHONGHOP_WORKER_LOG_LEVEL=level,
                )
                (tmp_path / level).mkdir()
                processes = Processes(env, tmp_path / level)
                try:
                    processes.start()
                    done = finished.count
                    queue.enqueue("app.jobs.run_sweep", SWEEP)
                    wait_until(
                        lambda done=done: finished.count > done, what=f"the sweep at {level}", logs=processes.logs
                    )
                finally:
                    processes.stop_all()
                logs[level] = processes.logs()
            assert "Job OK" in logs["INFO"] and "run_sweep" in logs["INFO"]
            assert "Job OK" not in logs["WARNING"] and "run_sweep" not in logs["WARNING"], logs["WARNING"]
        finally:
            if SESSION.get("app") is not None:
                bind_process_wide_extensions(SESSION["app"])
