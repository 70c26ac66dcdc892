"""Fan-out benchmark: one presenter turns pages for N tablets in one meeting. Our server (the
`make run` path: launcher, gunicorn -k gevent, demo data) against a bare python-socketio server on
the same gevent server, run one after the other by the same process, with Node socket.io-client
as the load generator. Prints latency ratios (ours / bare) and server RSS. Never asserts timings.
BENCH_CLIENTS="200 1000" sets the tablet counts."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from app.config import PROJECT_ROOT
from bench.product import SHARED_ACCOUNTS_ENV, Product
from documents.embedded_s3 import pick_ports

LOADGEN = Path(__file__).parent / "fanout" / "loadgen.mjs"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))


def rss_mb(pid: int) -> float:
    """Resident memory of the gunicorn processes under ``pid`` (not the launcher or the S3 server)."""
    total = 0
    for child in [pid, *_children(pid)]:
        try:
            if b"gunicorn" not in Path(f"/proc/{child}/cmdline").read_bytes():
                continue
            for line in Path(f"/proc/{child}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total / 1024


def _children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(p) for p in out] + [g for c in out for g in _children(int(c))]


def run_loadgen(url, mode, n, meeting_id, document_id, member_token, presenter_token) -> dict:
    out = subprocess.run(
        [
            "node",
            str(LOADGEN),
            url,
            mode,
            str(n),
            str(meeting_id),
            str(document_id),
            member_token,
            presenter_token,
            str(ROUNDS),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=PROJECT_ROOT,
    )
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-2000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def summarise(result: dict) -> dict:
    rounds = result["rounds"][1:] or result["rounds"]  # the first round warms up
    med = lambda key: sorted(r[key] for r in rounds)[len(rounds) // 2]  # noqa: E731
    return {"p50": med("p50"), "p99": med("p99"), "last": med("last"), "delivered": min(r["delivered"] for r in rounds)}


def measure(sizes: list[int]) -> list[tuple]:
    """``(n, bare, ours, bare_rss_mb, ours_rss_mb)`` for each number of tablets."""
    with (
        tempfile.TemporaryDirectory() as tmp,
        Product(
            Path(tmp) / "instance",
            f"sqlite:///{tmp}/bench.sqlite3",
            {"PHONGHOP_WORKER_CONNECTIONS": "5000", **SHARED_ACCOUNTS_ENV},
        ) as server,
    ):
        (bare_port,) = pick_ports(1)
        bare = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-k",
                "gevent",
                "-w",
                "1",
                "--worker-connections",
                "5000",
                "-b",
                f"127.0.0.1:{bare_port}",
                "bench.fanout.bare_server:app",
            ],
            cwd=PROJECT_ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            member, presenter = server.flask("users", "token", "uyvien1", "chutich").split()
            auth = {"Authorization": f"Bearer {presenter}"}
            meetings = requests.get(f"{server.url}/api/v1/meetings?state=published", headers=auth, timeout=10).json()
            meeting_id = meetings["meetings"][0]["id"]
            detail = requests.get(f"{server.url}/api/v1/meetings/{meeting_id}", headers=auth, timeout=10).json()
            document_id = next(d["id"] for item in detail["agenda"] for d in item["documents"])
            time.sleep(1.5)
            rows = []
            for n in sizes:
                base = summarise(
                    run_loadgen(f"http://127.0.0.1:{bare_port}", "bare", n, meeting_id, document_id, member, presenter)
                )
                base_rss = rss_mb(bare.pid)
                ours = summarise(run_loadgen(server.url, "phonghop", n, meeting_id, document_id, member, presenter))
                ours_rss = rss_mb(server.process.pid)
                rows.append((n, base, ours, base_rss, ours_rss))
        finally:
            bare.terminate()
            bare.wait(10)
    return rows


def main() -> None:
    if not shutil.which("node"):
        sys.exit("node is needed for the load generator")
    rows = measure([int(x) for x in os.environ.get("BENCH_CLIENTS", "200 1000").split()])
    print(f"\nFan-out: one slide.set to N tablets in one meeting ({ROUNDS} rounds, median; gevent, 1 worker each)")
    print(
        f"{'N':>6} {'bare p50':>9} {'ours p50':>9} {'bare p99':>9} {'ours p99':>9} {'p99 ratio':>9} "
        f"{'ours last':>9} {'delivered':>9} {'RSS bare/ours MB':>17}"
    )
    for n, b, o, brss, orss in rows:
        print(
            f"{n:>6} {b['p50']:>8.0f}ms {o['p50']:>8.0f}ms {b['p99']:>8.0f}ms {o['p99']:>8.0f}ms "
            f"{o['p99'] / max(b['p99'], 0.1):>9.2f} {o['last']:>8.0f}ms {o['delivered']:>5}/{n:<4}"
            f"{brss:>8.0f}/{orss:<8.0f}"
        )


if __name__ == "__main__":
    main()
