"""The meeting-start storm: 30 tablets open a 300-page, ~50 MB scanned pack at the same moment.

One tablet is real headless Chromium on the live page (PDF.js draws page 1 on the canvas); the
others are the lean asyncio tablets of bench/storm_client.py, replaying the byte ranges Chromium
was recorded fetching before page 1, in one separate process so that the load generator stays
small. The server is the product as `make run` starts it (bench/product.py): gunicorn with the
gevent worker, the embedded weed mini S3 server. The server's CPU is read from /proc.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from app.config import PROJECT_ROOT
from bench.fanout_bench import _children
from bench.packs import scanned_pack

TABLETS = int(os.environ.get("BENCH_STORM_TABLETS", "30"))
PAGES = int(os.environ.get("BENCH_STORM_PAGES", "300"))
PAGE_KB = int(os.environ.get("BENCH_STORM_PAGE_KB", "170"))
MEMBERS = ("uyvien1", "uyvien2", "uyvien3", "phochutich1", "phochutich2", "chutich")
CPU_OPENS = int(os.environ.get("BENCH_CPU_OPENS", "60"))


def server_cpu_seconds(pid: int) -> float:
    """User + system CPU of the gunicorn processes under ``pid`` (not the launcher, not S3)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for child in [pid, *_children(pid)]:
        try:
            if b"gunicorn" not in Path(f"/proc/{child}/cmdline").read_bytes():
                continue
            fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
        except FileNotFoundError:
            pass
    return total


class Room:
    """The demo meeting of a running product, with its members' API tokens."""

    def __init__(self, product, members: tuple[str, ...] = MEMBERS):
        self.product = product
        self.members = members
        logins = (*members, "thuky")
        out = product.flask("users", "token", *logins)  # one process for all (each loads the whole app)
        raws = getattr(out, "stdout", out).split()  # bench's Product or the tests' LiveServer
        self.tokens = dict(zip(logins, raws, strict=True))
        auth = self.auth("thuky")
        meetings = requests.get(f"{product.url}/api/v1/meetings?state=published", headers=auth, timeout=30).json()
        self.meeting_id = next(m["id"] for m in meetings["meetings"] if m["title"].startswith("Phiên họp thường kỳ"))
        detail = requests.get(f"{product.url}/api/v1/meetings/{self.meeting_id}", headers=auth, timeout=30).json()
        self.item_id = detail["agenda"][0]["id"]

    def auth(self, login: str) -> dict:
        return {"Authorization": f"Bearer {self.tokens[login]}"}

    def upload(self, path: Path, title: str) -> int:
        with open(path, "rb") as body:
            response = requests.post(
                f"{self.product.url}/api/v1/meetings/{self.meeting_id}/documents",
                params={"filename": path.name, "agenda_item_id": self.item_id, "title": title},
                data=body,
                headers={**self.auth("thuky"), "Content-Type": "application/pdf"},
                timeout=600,
            )
        response.raise_for_status()
        return response.json()["id"]

    def tablet_tokens(self, n: int) -> list[str]:
        return [self.tokens[self.members[i % len(self.members)]] for i in range(n)]


def run_clients(plan: dict) -> list[dict]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.storm_client", json.dumps(plan)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])["tablets"]


def _start_clients(plan: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "bench.storm_client", json.dumps(plan)],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


class ChromiumTablet:
    """A member on the live page in headless Chromium; :meth:`open` clicks a document and waits
    until PDF.js has drawn its page 1, recording the byte ranges fetched for it."""

    def __init__(self, product, login: str, meeting_id: int):
        import shutil

        from playwright.sync_api import sync_playwright

        self.pw = sync_playwright().start()
        self.browser = self.pw.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium",
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"],
        )
        context = self.browser.new_context(
            base_url=product.url, locale="vi-VN", viewport={"width": 1280, "height": 800}
        )
        self.page = context.new_page()
        self.page.goto("/login")
        self.page.fill("#login", login)
        self.page.fill("#password", "phonghop2026")
        self.page.click("button[type=submit]")
        self.page.wait_for_url("**/meetings/mine")
        self.meeting_id = meeting_id

    def open(self, document_id: int, start_at: float | None = None) -> dict:
        self.page.goto(f"/meetings/{self.meeting_id}/live")
        self.page.wait_for_selector('#live-status[data-state="online"]')
        seen: list[dict] = []

        def answered(response):
            # (the "response" event: "requestfinished" misses some of the PDF.js worker's fetches)
            if f"/documents/{document_id}/view" not in response.url:
                return
            headers = response.headers
            seen.append(
                {
                    "range": response.request.headers.get("range"),
                    "open": "open=1" in response.url,  # the open comes first in the replay
                    "status": response.status,
                    "bytes": int(headers.get("content-length", 0)) if response.status == 206 else 0,
                    "size": (headers.get("content-range") or "/").split("/")[-1],
                }
            )

        self.page.on("response", answered)
        if start_at:
            time.sleep(max(0.0, start_at - time.time()))
        started = time.perf_counter()
        self.page.click(f'.doc-link[data-document-id="{document_id}"]')
        self.page.wait_for_selector(
            f'#pdf-canvas[data-page="1"][data-document-id="{document_id}"]', state="attached", timeout=120_000
        )
        elapsed = (time.perf_counter() - started) * 1000
        self.page.wait_for_timeout(300)  # the last response events
        self.page.remove_listener("response", answered)
        ranges, size = [], 0
        for r in sorted(seen, key=lambda r: not r["open"]):
            if r.get("range") and r.get("status") == 206:
                start, end = r["range"].split("=")[1].split("-")
                ranges.append([int(start), int(end)])
                size = int(r["size"] or size)
        return {"ms": elapsed, "ranges": ranges, "recorded_size": size, "bytes": sum(r.get("bytes", 0) for r in seen)}

    def close(self) -> None:
        self.browser.close()
        self.pw.stop()


def storm(product, room: Room, document_id: int, chromium: ChromiumTablet, plan: dict) -> dict:
    """All tablets at once: Chromium plus ``TABLETS - 1`` replaying clients."""
    start_at = time.time() + 2.0
    clients = _start_clients(
        {
            **plan,
            "url": product.url,
            "document_id": document_id,
            "tokens": room.tablet_tokens(TABLETS - 1),
            "start_at": start_at,
        }
    )
    browser = chromium.open(document_id, start_at=start_at)
    out, err = clients.communicate(timeout=900)
    if clients.returncode != 0:
        raise RuntimeError(err[-3000:])
    tablets = json.loads(out.strip().splitlines()[-1])["tablets"]
    times = sorted([t["ms"] for t in tablets] + [browser["ms"]])
    return {
        "tablets": len(times),
        "p50_ms": times[len(times) // 2],
        "max_ms": times[-1],
        "chromium_ms": browser["ms"],
        "bytes_max_mb": max([t["bytes"] for t in tablets] + [browser["bytes"]]) / 1e6,
        "statuses": sorted({t["status"] for t in tablets}),
    }


def measure(product) -> dict:
    """Every storm number; the pack and a second one (for the cold case) are made here."""
    room = Room(product)
    results: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        warm_pack, cold_pack = Path(tmp) / "tap-tai-lieu-hop.pdf", Path(tmp) / "tap-tai-lieu-bo-sung.pdf"
        results["pack_mb"] = scanned_pack(warm_pack, PAGES, PAGE_KB, seed=1) / 1e6
        scanned_pack(cold_pack, PAGES, PAGE_KB, seed=2)
        started = time.perf_counter()
        document_id = room.upload(warm_pack, "Tập tài liệu phiên họp (bản quét)")
        cold_id = room.upload(cold_pack, "Tài liệu bổ sung (bản quét)")
        results["upload_two_packs_s"] = time.perf_counter() - started
    pid = product.process.pid
    # what the background job does once per version, before the meeting starts
    cpu = server_cpu_seconds(pid)
    started = time.perf_counter()
    first = run_clients(
        {
            "url": product.url,
            "document_id": document_id,
            "tokens": [room.tokens["thuky"]],
            "ranges": [],
            "recorded_size": 0,
        }
    )
    results["prepare_s"] = time.perf_counter() - started
    results["prepare_cpu_ms"] = (server_cpu_seconds(pid) - cpu) * 1000
    if first[0]["status"] != 200:
        raise RuntimeError(f"the first open failed: {first}\n{product._log()[-6000:]}")
    chromium = ChromiumTablet(product, "uyvien1", room.meeting_id)
    try:
        alone = chromium.open(document_id)  # one tablet alone: what PDF.js fetches for page 1
        plan = {"ranges": alone["ranges"], "recorded_size": alone["recorded_size"]}
        results["alone_chromium_ms"] = alone["ms"]
        results["ranges_for_page_1"] = len(alone["ranges"])
        results["storm"] = storm(product, room, document_id, chromium, plan)
        # the same storm on a version the background job has not prepared yet
        results["storm_cold"] = storm(product, room, cold_id, chromium, plan)
    finally:
        chromium.close()
    cpu = server_cpu_seconds(pid)
    run_clients(
        {
            **plan,
            "url": product.url,
            "document_id": document_id,
            "tokens": room.tablet_tokens(CPU_OPENS),
            "sequential": True,
        }
    )
    results["open_cpu_ms"] = (server_cpu_seconds(pid) - cpu) * 1000 / CPU_OPENS
    return results
