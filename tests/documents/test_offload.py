"""Under gevent (as in gunicorn's gevent worker) PDF work runs in gevent's native thread pool,
with the Flask request context (and so the user's language) carried along, while the event loop
keeps running other greenlets."""

import subprocess
import sys
import textwrap

from app.config import PROJECT_ROOT

SCRIPT = textwrap.dedent("""
    from gevent import monkey
    monkey.patch_all()
    import io, threading, time
    import gevent
    from app import create_app
    from app.errors import ValidationError
    from documents.offload import run_cpu_bound
    from documents.pdf import inspect_pdf
    from documents.watermark import Stamp, stamp_pdf
    from tests.support.pdfs import make_pdf

    app = create_app("testing", {"S3_ENDPOINT": "127.0.0.1:1", "DATABASE_URL": "sqlite://"})
    ticks = []
    def ticker():
        while True:
            ticks.append(time.monotonic())
            gevent.sleep(0.01)
    gevent.spawn(ticker)
    gevent.sleep(0.05)
    with app.test_request_context("/?lang=en"):
        from flask_babel import refresh
        def where(_):
            return threading.get_ident()
        assert run_cpu_bound(where, None) != threading.get_ident()
        try:
            run_cpu_bound(inspect_pdf, io.BytesIO(b""), "x.pdf")
        except ValidationError as exc:
            print("MESSAGE", exc.message)
        data = make_pdf(120)
        before = len(ticks)
        out = io.BytesIO()
        run_cpu_bound(stamp_pdf, io.BytesIO(data), out, Stamp("Người xem: A", "A"))
        print("TICKS_DURING", len(ticks) - before)
""")


def test_work_runs_in_the_thread_pool_with_the_request_context():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr  # a refused upload is not logged as a server error
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines() if " " in line)
    assert lines["MESSAGE"] == "The file is empty (0 bytes)."  # translated: the request's locale travelled along
    assert int(lines["TICKS_DURING"]) > 3  # the loop kept ticking while 120 pages were stamped
