"""The periodic sweeps: one line each, ``("package.module:function", every_seconds)``.

A sweep is ``sweep(now)`` — ``now`` an aware UTC datetime from ``app.clock`` — and must be idempotent:
two schedulers may enqueue it at the same moment, a worker may run it twice, and a sweep that runs
late must do only what is still due (docs/jobs.md). The scheduler process (``python -m app.worker
--cron``, or ``rq cron app.schedule``) loads this module; each run goes through ``app.jobs.run_sweep``
(app context, commit, then the queued e-mails).
"""

from __future__ import annotations

import os

SWEEPS: list[tuple[str, int]] = [
    ("meetings.services.reminder_sweeps:meeting_reminders", 60),
    ("meetings.services.reminder_sweeps:overdue_task_reminders", 300),
    ("meetings.services.opinion_ballot_sweep:sweep", 60),  # written opinion ballots: deadline reminders, closing
    ("meetings.services.live_servers:sweep", 60),  # presence left by a killed server process (docs/reliability.md)
]


def interval(seconds: int) -> int:
    """``PHONGHOP_SWEEP_SECONDS`` caps every interval (tests sweep every second or two)."""
    cap = os.environ.get("PHONGHOP_SWEEP_SECONDS")
    return max(1, min(seconds, int(cap))) if cap else seconds


def register_all(register=None) -> None:
    """Register every sweep with ``register`` (default: ``rq.cron.register``, read by ``rq cron``)."""
    from rq import cron

    from app.jobs import queue_name, run_sweep

    register = register or cron.register
    for path, seconds in SWEEPS:
        # name: one cron job per sweep (they all call run_sweep); the job times out well before the next
        register(run_sweep, queue_name(), args=(path,), interval=interval(seconds), name=path, job_timeout=600)


# `rq cron app.schedule` / CronScheduler.load_config_from_file import this module and read what it registered
register_all()
