"""The background processes: ``python -m app.worker`` runs an RQ worker with its scheduler (jobs
enqueued for later, ``enqueue_at``); ``python -m app.worker --cron`` runs RQ's CronScheduler, which
enqueues the periodic sweeps of ``app/schedule.py``. Both read ``PHONGHOP_REDIS_URL`` (required) and
``PHONGHOP_JOBS_QUEUE``; see docs/jobs.md for running them under systemd.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def log_level() -> str:
    """``PHONGHOP_WORKER_LOG_LEVEL`` (INFO when unset or not a level): production logs every job;
    ``make run`` sets WARNING, so the terminal keeps the URL and the demo logins in view instead of
    scrolling them away with a dozen "Job OK" lines a minute — failures are still printed."""
    level = (os.environ.get("PHONGHOP_WORKER_LOG_LEVEL") or "INFO").strip().upper()
    return level if level in LOG_LEVELS else "INFO"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.worker", description=__doc__)
    parser.add_argument("--cron", action="store_true", help="run the periodic scheduler instead of a worker")
    parser.add_argument("--name", help="worker name (default: host:pid)")
    options = parser.parse_args(argv)
    if not os.environ.get("PHONGHOP_REDIS_URL"):
        print("PHONGHOP_REDIS_URL chưa được đặt: không có hàng đợi công việc.", file=sys.stderr)
        return 2
    from app.jobs import redis_connection

    connection = redis_connection()
    if options.cron:
        from rq.cron import CronScheduler

        scheduler = CronScheduler(connection=connection, logging_level=getattr(logging, log_level()))
        scheduler.load_config_from_file("app.schedule")
        scheduler.start()
        return 0

    from rq import Worker

    from app import create_app
    from app.jobs import get_queue, set_worker_app

    set_worker_app(create_app())  # once, before the worker forks a process per job
    from documents.warmup import warm_up

    warm_up()  # likewise the PDF and signing libraries and the stamp font: each job inherits them
    # Maintenance (registry cleanup, and taking over the scheduler lock that a killed worker held,
    # once its 61 s lease ran out) every 30 s rather than RQ's 10 minutes: docs/jobs.md.
    maintenance = int(os.environ.get("PHONGHOP_WORKER_MAINTENANCE_SECONDS") or 30)
    worker = Worker([get_queue()], connection=connection, name=options.name, maintenance_interval=maintenance)
    worker.work(with_scheduler=True, logging_level=log_level())
    return 0


if __name__ == "__main__":
    sys.exit(main())
