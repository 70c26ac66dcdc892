"""The scenarios of a whole session beyond the page turn, on the product as deployed: the launcher
(gunicorn gevent, embedded S3) on a Redis server of the bench's own (app/redis_server.py), so a
second gunicorn process can join the same instance and message queue for the 5,000 tablets.

  * signing: the secretary then the chair sign ~30-page minutes through the product's route
    (POST /meetings/<id>/minutes/sign, bearer token: render, PAdES, store), while Node tablets
    turn pages; ``minutes_sign_s`` and page-turn p99 during signing ÷ idle;
  * fan-out over two processes on Redis: one ``slide.set`` to N tablets spread over both;
  * reconnect: 500 tablets drop at once, 100 marks are made, all rejoin with ``since_seq``;
  * vote: 2,000 tablets joined, the chair opens and closes votes; close → ``vote.closed`` on all
    (last: it starts the meeting, after which every join costs more — the floor is in each ack).

Load generators: Node socket.io-client (bench/fanout/loadgen.mjs, session.mjs), one process at a
time, its CPU time reported. Sizes: BENCH_VOTE_TABLETS, BENCH_RECONNECT_TABLETS, BENCH_MARKS,
BENCH_SPREAD_TABLETS, BENCH_SIGN_TABLETS, BENCH_MINUTES_PARAGRAPHS.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

from app.config import PROJECT_ROOT
from bench.fanout_bench import rss_mb, summarise
from bench.product import SHARED_ACCOUNTS_ENV, Product
from documents.embedded_s3 import pick_ports

FANOUT = Path(__file__).parent / "fanout"
SIZES = {
    # the sizes (2,000 / 500 / 5,000): all four scenarios took 7.5 minutes together at load ~8
    # on the shared 2-core machine, a whole `make bench` ~14 (docs/performance.md, "Session
    # scenarios"). Signing keeps 100 tablets: its keys are the signing's time and a ratio.
    "vote": int(os.environ.get("BENCH_VOTE_TABLETS", "2000")),
    "reconnect": int(os.environ.get("BENCH_RECONNECT_TABLETS", "500")),
    "marks": int(os.environ.get("BENCH_MARKS", "100")),
    "spread": int(os.environ.get("BENCH_SPREAD_TABLETS", "5000")),
    "sign_tablets": int(os.environ.get("BENCH_SIGN_TABLETS", "100")),
    "paragraphs": int(os.environ.get("BENCH_MINUTES_PARAGRAPHS", "150")),  # ~30 pages
    "sign_meetings": int(os.environ.get("BENCH_SIGN_MEETINGS", "8")),
}
DEMO_PASSWORD = "phonghop2026"  # DevelopmentConfig.DEMO_PASSWORD: the demo certificates' passphrase
SCENARIOS = set(os.environ.get("BENCH_SESSION", "sign vote reconnect spread").split())
MEMBERS = ["chutich", "phochutich1", "phochutich2", "uyvien1", "uyvien2", "uyvien3"]


class Session:
    """The product with Redis, its tokens and the demo's published meeting."""

    def __init__(self, product: Product):
        self.product = product
        logins = [*MEMBERS, "thuky"]
        self.tokens = dict(zip(logins, product.flask("users", "token", *logins).split(), strict=True))
        auth = {"Authorization": f"Bearer {self.tokens['chutich']}"}
        meetings = requests.get(f"{product.url}/api/v1/meetings?state=published", headers=auth, timeout=10).json()
        self.meeting_id = meetings["meetings"][0]["id"]
        detail = requests.get(f"{product.url}/api/v1/meetings/{self.meeting_id}", headers=auth, timeout=10).json()
        self.agenda_item_id = detail["agenda"][0]["id"]
        self.document_id = next(d["id"] for item in detail["agenda"] for d in item["documents"])

    def config(self, urls: list[str], **extra) -> dict:
        return {
            "urls": urls,
            "meeting_id": self.meeting_id,
            "document_id": self.document_id,
            "agenda_item_id": self.agenda_item_id,
            "member_token": self.tokens["uyvien1"],
            "chair_token": self.tokens["chutich"],
            **extra,
        }


def node(script: str, *args: str, timeout: int = 900) -> dict:
    done = subprocess.run(
        ["node", str(FANOUT / script), *args], capture_output=True, text=True, timeout=timeout, cwd=PROJECT_ROOT
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def loadgen_args(session: Session, urls: list[str], n: int, rounds: int, pause_ms: int = 300) -> list[str]:
    return [
        ",".join(urls),
        "phonghop",
        str(n),
        str(session.meeting_id),
        str(session.document_id),
        session.tokens["uyvien1"],
        session.tokens["chutich"],
        str(rounds),
        str(pause_ms),
    ]


GAP_S = 3.5  # between two meetings' signings: ~9 idle page turns each, a second from either


def signing(session: Session) -> dict:
    """Sign minutes (secretary, then chair) through the product while tablets turn pages."""
    product = session.product
    out = product.python("bench.minutes_setup", str(SIZES["sign_meetings"]), str(SIZES["paragraphs"])).split()
    meeting_ids, pages = [int(x) for x in out[:-1]], int(out[-1])
    # a page turn every ~0.15 s for the idle start, every signing (~1 s each) and the gaps after them,
    # so that "during" holds tens of page turns, not the handful whose p99 was their maximum
    pause_ms = 150
    rounds = int((8 + len(meeting_ids) * (1.5 + GAP_S) + 3) * 1000 / (pause_ms + 15))
    loadgen = subprocess.Popen(
        [
            "node",
            str(FANOUT / "loadgen.mjs"),
            *loadgen_args(session, [product.url], SIZES["sign_tablets"], rounds, pause_ms),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=PROJECT_ROOT,
    )
    assert loadgen.stderr.readline().strip() == "READY", "the load generator did not connect its tablets"
    windows, signs = [], []
    stderr_tail: list[str] = []
    drain = threading.Thread(target=lambda: stderr_tail.extend(loadgen.stderr), daemon=True)
    drain.start()
    time.sleep(8)  # idle rounds first
    for meeting_id in meeting_ids:
        started_wall, started = time.time() * 1000, time.perf_counter()
        for login in ("thuky", "chutich"):
            response = requests.post(
                f"{product.url}/meetings/{meeting_id}/minutes/sign",
                data={"passphrase": DEMO_PASSWORD},
                headers={"Authorization": f"Bearer {session.tokens[login]}"},
                allow_redirects=False,
                timeout=120,
            )
            if response.status_code != 302:
                raise RuntimeError(f"signing refused: {response.status_code} {response.text[:500]}")
        signs.append(time.perf_counter() - started)
        windows.append((started_wall, time.time() * 1000))
        time.sleep(GAP_S)  # the idle rounds: between signings, more than a second away from any
    stdout, _ = loadgen.communicate(timeout=600)
    if loadgen.returncode != 0:
        raise RuntimeError("".join(stderr_tail)[-2000:])
    result = json.loads(stdout.strip().splitlines()[-1])
    if os.environ.get("BENCH_DUMP_ROUNDS"):
        Path(os.environ["BENCH_DUMP_ROUNDS"]).write_text(json.dumps({"rounds": result["rounds"], "windows": windows}))
    during = [r for r in result["rounds"][1:] if any(a <= r["at"] <= b for a, b in windows)]
    # the baseline is the same room in the same minute: the page turns between two signings, at least
    # a second from either. Rounds before the first or after the last signing drift by ±2 ms over a
    # minute on this machine (the load generator warming up, other work), as much as the effect itself
    idle = [
        r
        for r in result["rounds"][1:]
        if windows[0][0] < r["at"] < windows[-1][1] and all(not (a - 1000 <= r["at"] <= b + 1000) for a, b in windows)
    ]
    # a page turn the server never acknowledged, or that reached fewer tablets than joined
    lost = [r for r in result["rounds"][1:] if r.get("lost") or r["delivered"] < SIZES["sign_tablets"]]
    during, idle = [r for r in during if r not in lost], [r for r in idle if r not in lost]
    median = lambda rows: sorted(r["p99"] for r in rows)[len(rows) // 2] if rows else None  # noqa: E731
    signed = sorted(signs)
    return {
        "pages": pages,
        "sign_s_each": signs,
        "minutes_sign_s": signed[len(signed) // 2],
        "tablets": SIZES["sign_tablets"],
        "rounds_during": len(during),
        "rounds_idle": len(idle),
        "p99_during_ms": median(during),
        "p99_idle_ms": median(idle),
        "p99_during_worst_ms": max((r["p99"] for r in during), default=None),
        "page_turns_lost": len(lost),
        "page_turns_lost_at": [r["at"] for r in lost],
        "signing_windows": windows,
        "delivered_min": min(r["delivered"] for r in result["rounds"]),
        "loadgen_cpu_s": result.get("loadgen_cpu_s"),
    }


def second_process(product: Product, log: Path) -> tuple[subprocess.Popen, str]:
    """Another gunicorn gevent process on the same instance, database, store and Redis."""
    (port,) = pick_ports(1)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-k", "gevent", "-w", "1", "--worker-connections", "6000"]
        + ["-b", f"127.0.0.1:{port}", "--no-control-socket", "wsgi:app"],
        cwd=PROJECT_ROOT,
        env=product.env,
        stdout=open(log, "wb"),  # noqa: SIM115 - closed with the process
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if requests.get(f"{url}/login", timeout=2).status_code == 200:
                return process, url
        except requests.RequestException:
            time.sleep(0.3)
    process.terminate()
    raise RuntimeError(f"the second process did not answer: {log.read_text()[-2000:]}")


def measure(only: set[str]) -> dict:
    from app.redis_server import EmbeddedRedisServer, load_or_create_settings

    out: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        redis_server = EmbeddedRedisServer(load_or_create_settings(Path(tmp) / "redis")).start()
        env = {
            "PHONGHOP_REDIS_URL": redis_server.settings.url,
            "PHONGHOP_WORKER_CONNECTIONS": "6000",
            **SHARED_ACCOUNTS_ENV,
        }
        try:
            with Product(Path(tmp) / "instance", f"sqlite:///{tmp}/bench.sqlite3", env) as product:
                session = Session(product)
                time.sleep(1.5)
                if "sign" in only:
                    out["signing"] = _safe(out, "signing", lambda: signing(session))
                if "spread" in only:
                    out["spread"] = _safe(out, "spread", lambda: _spread(session, Path(tmp)))
                if "reconnect" in only:
                    config = session.config([product.url], mode="reconnect", n=SIZES["reconnect"], marks=SIZES["marks"])
                    out["reconnect"] = _safe(out, "reconnect", lambda: node("session.mjs", json.dumps(config)))
                if "vote" in only:
                    config = session.config(
                        [product.url],
                        mode="vote",
                        n=SIZES["vote"],
                        rounds=5,
                        checkin_tokens=[session.tokens[login] for login in MEMBERS],
                        start={
                            "url": f"{product.url}/api/v1/meetings/{session.meeting_id}/start",
                            "token": session.tokens["thuky"],
                        },
                    )
                    out["vote"] = _safe(out, "vote", lambda: _vote(node("session.mjs", json.dumps(config))))
                if os.environ.get("BENCH_KEEP_LOG"):  # the server's log, to read after the run
                    import shutil

                    shutil.copy(product.log_path, os.environ["BENCH_KEEP_LOG"])
        finally:
            redis_server.stop()
    return out


def _vote(result: dict) -> dict:
    rounds = result["rounds"]
    summary = summarise({"rounds": rounds})
    return {**result, **summary}


def _spread(session: Session, tmp: Path) -> dict:
    product = session.product
    second, url = second_process(product, tmp / "second.log")
    try:
        time.sleep(1.5)
        result = node("loadgen.mjs", *loadgen_args(session, [product.url, url], SIZES["spread"], 6))
        rss = rss_mb(product.process.pid) + rss_mb(second.pid)
    finally:  # 1,000s of sockets take a while to close: the result above is kept whatever happens here
        second.terminate()
        try:
            second.wait(30)
        except subprocess.TimeoutExpired:
            second.kill()
            second.wait(5)
    return {**summarise(result), "processes": 2, "tablets": SIZES["spread"], "rss_mb": rss, "raw": result}


def _safe(out: dict, name: str, fn):
    try:
        return fn()
    except Exception as exc:  # noqa: BLE001 - the other scenarios still run
        import traceback

        traceback.print_exc()
        out[f"{name}_error"] = repr(exc)[:2000]
        return None


if __name__ == "__main__":
    print(json.dumps(measure(set(sys.argv[1:]) or SCENARIOS), indent=2))
