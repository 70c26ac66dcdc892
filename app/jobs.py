"""Background jobs on Redis with RQ (docs/jobs.md).

- ``redis_connection()`` — the deployment's Redis (``PHONGHOP_REDIS_URL``); None when unset.
- ``enqueue_after_commit("module:function", *args, job_id=None, at=None)`` — queue a job on the
  current database transaction; it reaches Redis only once that transaction commits (a rollback
  forgets it), so a worker never runs against a change the database does not hold.
- ``run_job("module:function", *args)`` — what the worker executes: the function, inside an app
  context, then a commit, then the e-mails the change queued. ``run_sweep(path)`` does the same for a
  periodic sweep, passing ``app.clock.now()``.

Dotted paths are resolved when the job runs, so app/ never imports the domain at module level and a
job survives a restart of whoever enqueued it (only its path and arguments are in Redis).
"""

from __future__ import annotations

import importlib
import logging
import os
from datetime import datetime

import sqlalchemy as sa

from app.extensions import db

log = logging.getLogger(__name__)

DEFAULT_QUEUE = "phonghop"
_PENDING = "phonghop.jobs.pending"
_COMMITTED = "phonghop.jobs.committed"  # committed, sent once the connection is back in the pool
_connections: dict[str, object] = {}
_app = None  # the worker's application, built once in the worker process before it forks
_app_pid: int | None = None


# -- configuration ------------------------------------------------------------------------------
def _config(key: str, default=None):
    from flask import current_app, has_app_context

    if has_app_context():
        return current_app.config.get(key, default)
    return os.environ.get(f"PHONGHOP_{key}", default)


def redis_url() -> str | None:
    return _config("REDIS_URL") or None


def queue_name() -> str:
    return _config("JOBS_QUEUE") or DEFAULT_QUEUE


def redis_connection():
    """One client per URL per process (redis-py pools reconnect after a fork); None without Redis."""
    url = redis_url()
    if not url:
        return None
    if url not in _connections:
        from redis import Redis

        _connections[url] = Redis.from_url(url, socket_timeout=5, socket_connect_timeout=3)
    return _connections[url]


def get_queue():
    from rq import Queue

    connection = redis_connection()
    if connection is None:
        raise RuntimeError("PHONGHOP_REDIS_URL is not set: there is no job queue")
    return Queue(queue_name(), connection=connection)


def resolve(path: str):
    """``"package.module:function"`` → the function."""
    module, sep, name = path.partition(":")
    if not sep or not module or not name:
        raise ValueError(f"a job is named 'package.module:function', not {path!r}")
    return getattr(importlib.import_module(module), name)


# -- enqueueing after commit --------------------------------------------------------------------
def enqueue_after_commit(path: str, *args, job_id: str | None = None, at: datetime | None = None) -> None:
    """Queue ``path(*args)`` to run in a worker once the current transaction commits (at ``at``, an
    aware datetime, if given: the worker's built-in scheduler moves it to the queue then).

    ``job_id`` names the job in RQ (to look it up or cancel it). RQ runs a job at least once, not
    exactly once — the job must be idempotent, as the sweeps are (docs/jobs.md)."""
    module, sep, name = path.partition(":")
    if not sep or not module or not name:
        raise ValueError(f"a job is named 'package.module:function', not {path!r}")
    if at is not None and at.tzinfo is None:
        raise ValueError("enqueue_after_commit(at=…) takes an aware datetime")
    session = db.session()
    if not session.in_transaction():
        session.begin()  # the job belongs to this transaction: its rollback must forget it
    session.info.setdefault(_PENDING, []).append((path, args, job_id, at))


def _push(pending: list) -> None:
    queue = get_queue()
    for path, args, job_id, at in pending:
        options = {"job_id": job_id, "description": path}
        if at is None:
            queue.enqueue(run_job, path, *args, **options)
        else:
            queue.enqueue_at(at, run_job, path, *args, **options)


@sa.event.listens_for(sa.orm.Session, "after_commit")
def _committed(session) -> None:
    if _PENDING in session.info:
        session.info.setdefault(_COMMITTED, []).extend(session.info.pop(_PENDING))


@sa.event.listens_for(sa.orm.Session, "after_transaction_end")
def _send_pending(session, _transaction) -> None:
    """Right after the commit, once its connection is back in the pool: ``after_commit`` still
    holds it, and a server process must not hold one across a round trip to Redis."""
    pending = session.info.pop(_COMMITTED, None)
    if not pending:
        return
    if redis_connection() is None:
        log.warning("No job queue (PHONGHOP_REDIS_URL unset): not queued %s", [p[0] for p in pending])
        return
    try:
        _push(pending)
    except Exception:  # the change is committed; the periodic sweeps catch up (docs/jobs.md)
        log.exception("Could not enqueue %s job(s) after commit: %s", len(pending), [p[0] for p in pending])


@sa.event.listens_for(sa.orm.Session, "after_soft_rollback")
def _forget_pending(session, previous_transaction) -> None:
    """The session's transaction rolled back (not just a savepoint inside it): forget its jobs."""
    if previous_transaction.parent is None:
        session.info.pop(_PENDING, None)


# -- running --------------------------------------------------------------------------------------
def set_worker_app(app) -> None:
    """The worker process builds its application once; each forked job process reuses it."""
    global _app, _app_pid
    _app, _app_pid = app, os.getpid()


def _application():
    global _app, _app_pid
    from flask import current_app, has_app_context

    if has_app_context():  # run inline (tests, a CLI command): the caller's application
        return current_app._get_current_object()
    if _app is None:
        from app import create_app

        set_worker_app(create_app())
    elif _app_pid != os.getpid():  # a forked job process: never share the parent's DB connections
        with _app.app_context():
            db.engine.dispose(close=False)
        _app_pid = os.getpid()
    return _app


def run_job(path: str, *args, **kwargs):
    """Run ``path(*args, **kwargs)`` in an app context; commit; then mail what it queued."""
    with _application().app_context():
        return _run(resolve(path), args, kwargs)


def run_sweep(path: str):
    """Run the periodic sweep ``path(now)`` with ``now`` from ``app.clock`` (frozen in tests)."""
    from app.clock import now

    with _application().app_context():
        return _run(resolve(path), (now(),), {})


def _run(func, args, kwargs):
    from app.announcements import publish_committed

    discard = resolve("meetings.services.notifications:discard_queued_emails")
    deliver = resolve("meetings.services.notifications:deliver_queued_emails")
    try:
        result = func(*args, **kwargs)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        discard()
        raise
    deliver()
    publish_committed()
    return result


# -- health ----------------------------------------------------------------------------------------
def health() -> dict:
    """{"redis": "ok" | "unavailable" | "not configured", "workers": live workers on our queue}."""
    connection = redis_connection()
    if connection is None:
        return {"redis": "not configured", "workers": 0}
    try:
        from rq import Worker

        connection.ping()
        workers = Worker.all(queue=get_queue())
    except Exception:  # redis.exceptions.RedisError, OSError
        log.warning("Redis health check failed", exc_info=True)
        return {"redis": "unavailable", "workers": 0}
    return {"redis": "ok", "workers": len(workers)}
