"""Archive search over 10,000 closed meetings with their documents, on SQLite and on PostgreSQL.

Each database is fresh (a temporary SQLite file; a new database on the PostgreSQL server of
``BENCH_POSTGRES_URL``, default ``postgresql://postgres@127.0.0.1:5432/postgres``, dropped after),
migrated by the product's migrations and seeded in bulk (bench/search_seed.py). Then the
archivist's queries of the kinds archivists make — words with and without diacritics, a title,
words of a document's body, a member, a date range, a body, and these combined — are run through
``meetings.archive.search`` as the archive page runs them (parse the arguments, search, one page
of hits with snippets), each in a fresh session, in this process (no HTTP, no template). p95 over
all queries and rounds.

    python -m bench.search_bench sqlite|postgresql [meetings]   # prints one JSON line

``BENCH_SEARCH_DATABASE=<url>`` (by hand, for profiling) runs on that database instead and keeps
it: seeded on the first run, reused as it is by the next ones (the ids are read back from it).
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager

import sqlalchemy as sa

from app.config import PROJECT_ROOT

POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
ROUNDS = int(os.environ.get("BENCH_SEARCH_ROUNDS", "5"))
KEPT_DATABASE = os.environ.get("BENCH_SEARCH_DATABASE", "")


def queries(ids: dict) -> list[tuple[str, dict]]:
    """(kind, request arguments) — what an archivist types on /archive."""
    member, body = str(ids["member_id"]), str(ids["body_id"])
    return [
        ("words with diacritics", {"q": "giải phóng mặt bằng"}),
        ("words with diacritics", {"q": "đất đai ấp 3"}),
        ("words without diacritics", {"q": "quy hoach su dung dat"}),
        ("words without diacritics", {"q": "cao lanh"}),
        ("one short word", {"q": "lúa"}),
        ("a prefix", {"q": "xoa"}),
        ("a title", {"q": "phiên họp chuyên đề tháng 3/2020"}),
        ("a document's number", {"q": "1234/TTr-UBND"}),
        ("a document's body", {"q": "sạt lở bờ sông Tiền ấp 7"}),
        ("a phrase in every document", {"q": "kinh phí nguồn ngân sách được giao"}),
        ("a member", {"member": member}),
        ("a member and words", {"member": member, "q": "ngân sách"}),
        ("a date range", {"from": "2019-01-01", "to": "2019-12-31"}),
        ("a date range and words", {"from": "2020-01-01", "to": "2020-06-30", "q": "nông thôn mới"}),
        ("a body and words", {"body": body, "q": "chuyển đổi số"}),
        ("page 5 of many", {"q": "ke hoach", "page": "5"}),
        ("nothing found", {"q": "tàu vũ trụ"}),
    ]


def run(database_url: str, meetings: int) -> dict:
    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db
    from app.models import User
    from bench.search_seed import seed_archive
    from meetings.archive.search import parse_archive_query, search_archive

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app("testing", {"DATABASE_URL": database_url, "INSTANCE_DIR": tmp})
        with app.app_context():
            upgrade()
            started = time.perf_counter()
            ids = _seeded_ids() or seed_archive(meetings)
            seed_s = time.perf_counter() - started
            if db.engine.dialect.name == "postgresql":
                db.session.execute(sa.text("ANALYZE"))
                db.session.commit()
            db.session.remove()
            samples: dict[str, list[float]] = {}
            totals: dict[str, int] = {}
            for round_ in range(ROUNDS + 1):  # round 0 warms the caches up and is not counted
                for kind, args in queries(ids):
                    with app.test_request_context("/archive"):
                        started = time.perf_counter()
                        actor = db.session.get(User, ids["archivist_id"])
                        page = search_archive(actor, parse_archive_query(args))
                        elapsed = (time.perf_counter() - started) * 1000
                        db.session.remove()
                    label = f"{kind}: {args}"
                    totals[label] = page.total
                    if round_:
                        samples.setdefault(label, []).append(elapsed)
            db.engine.dispose()
    every = sorted(t for times in samples.values() for t in times)
    worst = sorted(((sorted(v)[len(v) // 2], k) for k, v in samples.items()), reverse=True)
    return {
        "dialect": database_url.split(":", 1)[0],
        "seed": ids,
        "seed_s": seed_s,
        "queries": len(samples),
        "samples": len(every),
        "p50_ms": every[len(every) // 2],
        "p95_ms": every[min(len(every) - 1, int(0.95 * len(every)))],
        "max_ms": every[-1],
        "median_ms_by_query": {k: round(v, 1) for v, k in worst},
        "hits_by_query": totals,
    }


def _seeded_ids() -> dict | None:
    """The ids of an archive seeded by an earlier run (``BENCH_SEARCH_DATABASE``), or None."""
    from app.extensions import db
    from app.models import Body, User
    from meetings.models import Meeting, SearchEntry

    archivist = db.session.scalar(sa.select(User.id).where(User.login == "luutru"))
    if archivist is None:
        return None
    return {
        "meetings": db.session.scalar(sa.select(sa.func.count()).select_from(Meeting)),
        "search_entries": db.session.scalar(sa.select(sa.func.count()).select_from(SearchEntry)),
        "member_id": db.session.scalar(sa.select(User.id).where(User.login == "nguoi7")),
        "body_id": db.session.scalar(sa.select(sa.func.min(Body.id))),
        "archivist_id": archivist,
        "reused": True,
    }


@contextmanager
def fresh_postgres():
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    name = f"phonghop_bench_search_{secrets.token_hex(4)}"
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.engine.make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(
                sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"), {"n": name}
            )
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def measure(dialect: str, meetings: int = 10_000) -> dict:
    """Run one database's bench in its own process (its own app, its own engine); its JSON."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.search_bench", dialect, str(meetings)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        env={k: v for k, v in os.environ.items() if not k.startswith("PHONGHOP_")},
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    import signal

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stopped: still drop the PostgreSQL database
    dialect = sys.argv[1]
    meetings = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    if KEPT_DATABASE:
        result = run(KEPT_DATABASE, meetings)
    elif dialect == "postgresql":
        with fresh_postgres() as url:
            result = run(url, meetings)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            result = run(f"sqlite:///{tmp}/archive.sqlite3", meetings)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
