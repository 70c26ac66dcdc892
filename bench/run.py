"""`make bench`: a whole session on this machine, one table (bench/report.py).

The product is started as `make run` starts it (bench/product.py: launcher, gunicorn -k gevent,
embedded weed mini S3). Scenarios: the meeting-start storm and the CPU per open
(bench/storm.py), the upload of a ~100 MB pack (server RSS sampled from /proc), the fan-out
against bare python-socketio (bench/fanout_bench.py), a pyinstrument profile of where an open's
time goes, the archive search over 10,000 meetings on SQLite and PostgreSQL
(bench/search_bench.py), and the session scenarios on Redis — signing minutes while pages turn, a
vote closed before 2,000 tablets, 500 tablets reconnecting, 5,000 tablets over two processes
(bench/session_bench.py). A scenario that fails is written as null with its error in details.

BENCH_ONLY="storm upload fanout profile search session" picks scenarios; see bench/storm.py,
bench/session_bench.py and bench/search_bench.py for their sizes.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

import requests

from bench import report, search_bench, session_bench
from bench.fanout_bench import measure as measure_fanout
from bench.fanout_bench import rss_mb
from bench.packs import scanned_pack
from bench.product import Product
from bench.storm import Room
from bench.storm import measure as measure_storm

ONLY = set(os.environ.get("BENCH_ONLY", "storm upload fanout profile search session").split())
SEARCH_MEETINGS = int(os.environ.get("BENCH_SEARCH_MEETINGS", "10000"))
FANOUT_SIZES = [int(x) for x in os.environ.get("BENCH_FANOUT", "500 2000").split()]
UPLOAD_PAGES = int(os.environ.get("BENCH_UPLOAD_PAGES", "560"))


def upload_rss(product) -> dict:
    """Upload a ~100 MB pack through the API while sampling the server's RSS every 50 ms."""
    room = Room(product)
    peak = {"mb": 0.0}
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            peak["mb"] = max(peak["mb"], rss_mb(product.process.pid))
            time.sleep(0.05)

    with tempfile.TemporaryDirectory() as tmp:
        pack = Path(tmp) / "tap-100mb.pdf"
        size = scanned_pack(pack, UPLOAD_PAGES, 175, seed=3)
        requests.get(f"{product.url}/login", timeout=10)
        time.sleep(1)
        before = rss_mb(product.process.pid)
        thread = threading.Thread(target=sample, daemon=True)
        thread.start()
        started = time.perf_counter()
        room.upload(pack, "Tập tài liệu 100 MB")
        elapsed = time.perf_counter() - started
        stop.set()
        thread.join()
    return {"size_mb": size / 1e6, "rss_before_mb": before, "rss_peak_mb": peak["mb"], "upload_s": elapsed}


def profile_open() -> str:
    """Where the time of preparing a version and of one open goes (pyinstrument, in process)."""
    import io

    from pyinstrument import Profiler

    from documents.stamping import _carrier_pdf, make_tail, prepare_base
    from documents.watermark import Stamp, stamp_pdf

    stamp = Stamp(
        footer="Người xem: Nguyễn Văn Bình · Phòng Nội vụ · 08:15 27/11/2026 (giờ Việt Nam)", diagonal="Nguyễn Văn Bình"
    )
    with tempfile.TemporaryDirectory() as tmp:
        pack = Path(tmp) / "pack.pdf"
        scanned_pack(pack, 300, 170, seed=1)
        timings = {}
        t0 = time.process_time()
        _carrier_pdf()
        timings["carrier font (once per process)"] = time.process_time() - t0
        profiler = Profiler(interval=0.001)
        with open(pack, "rb") as source, tempfile.TemporaryFile() as target:
            profiler.start()
            t0 = time.process_time()
            manifest = prepare_base(source, target)
            timings["prepare_base (once per version)"] = time.process_time() - t0
            t0 = time.process_time()
            for _ in range(100):
                make_tail(manifest, stamp)
            timings["make_tail (per open, mean of 100)"] = (time.process_time() - t0) / 100
            profiler.stop()
        with open(pack, "rb") as source:
            t0 = time.process_time()
            stamp_pdf(source, io.BytesIO(), stamp)
            timings["stamp_pdf (before: every page, per open)"] = time.process_time() - t0
    lines = [f"{name}: {seconds * 1000:,.2f} ms CPU" for name, seconds in timings.items()]
    text = profiler.output_text(unicode=True, color=False, show_all=False)
    return "\n".join(lines) + "\n\n" + "\n".join(text.splitlines()[:60])


def record_session(session: dict, results: dict, details: dict) -> None:
    """The keys of bench/session_bench.py's scenarios (a failed one stays null, its error kept)."""
    details.update({k: v for k, v in session.items() if k.endswith("_error")})
    signing, vote, reconnect, spread = (session.get(k) for k in ("signing", "vote", "reconnect", "spread"))
    if signing:
        details["signing"] = signing
        results["minutes_sign_s"] = signing["minutes_sign_s"]
        if signing["p99_during_ms"] and signing["p99_idle_ms"]:
            results["fanout_ratio_while_signing"] = signing["p99_during_ms"] / signing["p99_idle_ms"]
    if vote:
        details["vote"] = vote
        results["vote_close_p99_ms"] = vote["p99"]
        details["vote_close_p99_ms_tablets"] = results["vote_close_p99_ms_tablets"] = vote["n"]
    if reconnect:
        details["reconnect"] = reconnect
        results["reconnect_storm_s"] = reconnect["last"] / 1000
        details["reconnect_storm_s_tablets"] = results["reconnect_storm_s_tablets"] = reconnect["n"]
        details["reconnect_exact"] = results["reconnect_exact"] = reconnect["caught_up_exactly"] == reconnect["n"]
    if spread:
        details["spread"] = spread
        results["fanout_p99_ms_5000"] = spread["p99"]
        details["fanout_p99_ms_5000_tablets"] = results["fanout_p99_ms_5000_tablets"] = spread["tablets"]
        lossless = all(r["delivered"] == spread["tablets"] for r in spread["raw"]["rounds"])
        details["fanout_5000_lossless"] = results["fanout_5000_lossless"] = lossless
    print("session:", json.dumps(details.get("signing"), default=str), flush=True)


def _scenario(name: str, details: dict, fn):
    """Run one scenario; a failure is recorded (and the others still run)."""
    started = time.perf_counter()
    try:
        return fn()
    except Exception as exc:  # noqa: BLE001 - the table must still be written
        import traceback

        traceback.print_exc()
        details[f"{name}_error"] = repr(exc)[:2000]
        return None
    finally:  # what each scenario costs of the bench's 25-minute budget
        details.setdefault("scenario_s", {})[name] = round(time.perf_counter() - started, 1)
        print(f"{name}: {details['scenario_s'][name]} s", flush=True)


def main() -> None:
    started = time.perf_counter()
    results: dict = {}
    details: dict = {"load_average_at_start": os.getloadavg()[0]}
    profile = None
    with tempfile.TemporaryDirectory() as tmp:
        if ONLY & {"storm", "upload"}:
            with Product(Path(tmp) / "instance", f"sqlite:///{tmp}/bench.sqlite3") as product:
                storm = _scenario("storm", details, lambda: measure_storm(product)) if "storm" in ONLY else None
                if storm:
                    details["storm"] = storm
                    results.update(
                        storm_tablets=storm["storm"]["tablets"],
                        storm_first_page_p50_ms=storm["storm"]["p50_ms"],
                        storm_first_page_max_ms=storm["storm"]["max_ms"],
                        storm_bytes_first_page_mb=storm["storm"]["bytes_max_mb"],
                        open_cpu_ms=storm["open_cpu_ms"],
                    )
                    print("storm:", storm, flush=True)
                upload = _scenario("upload", details, lambda: upload_rss(product)) if "upload" in ONLY else None
                if upload:
                    details["upload"] = upload
                    results["upload_100mb_rss_growth_mb"] = upload["rss_peak_mb"] - upload["rss_before_mb"]
                    print("upload:", upload, flush=True)
    if "fanout" in ONLY and shutil.which("node"):
        for n, bare, ours, bare_rss, ours_rss in (
            _scenario("fanout", details, lambda: measure_fanout(FANOUT_SIZES)) or []
        ):
            details[f"fanout_{n}"] = {"bare": bare, "ours": ours, "bare_rss_mb": bare_rss, "ours_rss_mb": ours_rss}
            results[f"fanout_p99_ms_{n}"] = ours["p99"]
            results[f"fanout_ratio_{n}"] = ours["p99"] / max(bare["p99"], 0.1)
            results[f"server_rss_mb_{n}"] = ours_rss
            results[f"bare_rss_mb_{n}"] = bare_rss
            print(f"fanout {n}:", details[f"fanout_{n}"], flush=True)
    if "search" in ONLY:
        for dialect in ("sqlite", "postgresql"):
            found = _scenario(f"search_{dialect}", details, lambda d=dialect: search_bench.measure(d, SEARCH_MEETINGS))
            if found:
                details[f"search_{dialect}"] = found
                results[f"search_p95_ms_{dialect}"] = found["p95_ms"]
                print(f"search {dialect}:", {k: found[k] for k in ("p50_ms", "p95_ms", "max_ms", "seed_s")}, flush=True)
    if "session" in ONLY and shutil.which("node"):
        session = _scenario("session", details, lambda: session_bench.measure(session_bench.SCENARIOS)) or {}
        record_session(session, results, details)
    if "profile" in ONLY:
        profile = _scenario("profile", details, profile_open)
        print(profile)
    details["bare_rss_mb_2000"] = results.get("bare_rss_mb_2000")
    details["load_average_at_end"] = os.getloadavg()[0]
    details["bench_s"] = round(time.perf_counter() - started, 1)  # the budget: 25 minutes on a fresh clone
    report.write(results, details, profile)


if __name__ == "__main__":
    main()
