"""Run CPU-heavy work (PDF rendering, stamping, parsing, signing, verifying) off the event loop.

- Under gunicorn's gevent worker (the server) a long computation in a greenlet would stall every
  socket: the work goes to gevent's native thread pool; the greenlet waits, the loop keeps serving.
- When an asyncio loop is running in this thread (Playwright's, an async host), the work goes to a
  plain thread, because pyHanko's synchronous API calls ``asyncio.run``, which refuses to nest.
- Elsewhere (CLI, tests) it simply runs in place.

The caller's context variables (Flask's app and request contexts, the locale) travel with the work
so that error messages are translated; the work itself must not use the database session.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def _under_gevent() -> bool:
    try:
        from gevent import monkey
    except ImportError:  # pragma: no cover - gevent is a dependency
        return False
    return monkey.is_module_patched("threading")


def _asyncio_loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


class _Raised:
    """An exception carried back from the pool as a value: gevent's pool would print the traceback of
    an exception raised there (an ordinary refusal such as "not a PDF" is not a server error)."""

    def __init__(self, exc: BaseException):
        self.exc = exc


def _capture(fn, args, kwargs):
    try:
        return fn(*args, **kwargs)
    except Exception as exc:  # re-raised unchanged in the caller's greenlet
        return _Raised(exc)


def run_cpu_bound(fn: Callable[..., T], *args, **kwargs) -> T:
    if _under_gevent():
        import gevent

        context = contextvars.copy_context()
        result = gevent.get_hub().threadpool.apply(context.run, (_capture, fn, args, kwargs))
        if isinstance(result, _Raised):
            raise result.exc
        return result
    if _asyncio_loop_running():
        context = contextvars.copy_context()
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="offload") as pool:
            return pool.submit(context.run, fn, *args, **kwargs).result()
    return fn(*args, **kwargs)


def native_lock():
    """A real OS lock (not gevent's): for libraries that are not thread-safe, used from pool threads."""
    try:
        from gevent import monkey

        return monkey.get_original("_thread", "allocate_lock")()
    except ImportError:  # pragma: no cover
        import _thread

        return _thread.allocate_lock()
