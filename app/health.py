"""``/healthz``: which part is down — the database, the object store, Redis (the job queue) —
answered within about a second whatever hangs (docs/reliability.md, "The object store").

Each part is probed in a thread of its own (a greenlet under gunicorn's gevent worker) and the
answer waits for all of them together at most ``HEALTH_BUDGET_SECONDS`` (0.8 s): a part that has
not answered by then is reported ``"unavailable"``. A probe still running from an earlier call is
waited on again, never started twice, so a part that hangs holds at most one probe per process.
The store's probe is one HEAD of the bucket with its own total budget (``S3_PROBE_SECONDS``);
the database's is ``SELECT 1`` on a pooled connection; Redis's is app.jobs.health (ping, workers).
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor, wait

import sqlalchemy as sa

from app.extensions import db

log = logging.getLogger(__name__)
_executor: ThreadPoolExecutor | None = None
_running: dict[tuple[int, str], Future] = {}
_lock = threading.Lock()


def _probe_database() -> dict:
    with db.engine.connect() as connection:
        connection.execute(sa.text("SELECT 1"))
    return {"database": "ok"}


def _probe_storage() -> dict:
    from flask import current_app

    if not current_app.config.get("S3_ENDPOINT"):
        return {"storage": "unavailable"}
    from documents.storage import get_store

    return {"storage": "ok" if get_store().probe() else "unavailable"}


def _probe_redis() -> dict:
    from app.jobs import health

    return health()  # {"redis": ok | unavailable | not configured, "workers": n}


PROBES = {"database": _probe_database, "storage": _probe_storage, "redis": _probe_redis}
DOWN = {"database": {"database": "unavailable"}, "storage": {"storage": "unavailable"}}
DOWN["redis"] = {"redis": "unavailable", "workers": 0}


def _run(app, part: str) -> dict:
    with app.app_context():
        return PROBES[part]()


def _start(app, part: str) -> Future:
    global _executor
    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=2 * len(PROBES), thread_name_prefix="healthz")
        key = (id(app), part)
        future = _running.get(key)
        if future is None or future.done():
            future = _running[key] = _executor.submit(_run, app, part)
        return future


def check(app) -> tuple[dict, bool]:
    """The status of every part and whether all of them are up (Redis "not configured" is up)."""
    futures = {part: _start(app, part) for part in PROBES}
    wait(futures.values(), timeout=float(app.config.get("HEALTH_BUDGET_SECONDS") or 0.8))
    body: dict = {}
    for part, future in futures.items():
        if not future.done():
            log.warning("health: %s did not answer in time", part)
            body.update(DOWN[part])
        elif future.exception() is not None:
            log.warning("health: %s failed: %r", part, future.exception())
            body.update(DOWN[part])
        else:
            body.update(future.result())
    ok = all(body[part] in ("ok", "not configured") for part in PROBES)
    return body, ok
