"""Run CPU-heavy PDF work (rendering, stamping, parsing) off the gevent event loop.

Under gunicorn's gevent worker a long computation in a greenlet would stall every socket; there
the work goes to gevent's native thread pool (the greenlet waits, the loop keeps serving). The
caller's context variables (Flask's app and request contexts, the locale) travel with the work so
that error messages are translated; the work itself must not use the database session.
Elsewhere (tests, CLI) the function simply runs in place.
"""
from __future__ import annotations

import contextvars
from typing import Callable, TypeVar

T = TypeVar("T")


def _under_gevent() -> bool:
    try:
        from gevent import monkey
    except ImportError:  # pragma: no cover - gevent is a dependency
        return False
    return monkey.is_module_patched("socket")


def run_cpu_bound(fn: Callable[..., T], *args) -> T:
    if not _under_gevent():
        return fn(*args)
    import gevent

    context = contextvars.copy_context()
    return gevent.get_hub().threadpool.apply(context.run, (fn, *args))


def native_lock():
    """A real OS lock (not gevent's): for libraries that are not thread-safe, used from pool threads."""
    try:
        from gevent import monkey

        return monkey.get_original("_thread", "allocate_lock")()
    except ImportError:  # pragma: no cover
        import _thread

        return _thread.allocate_lock()
