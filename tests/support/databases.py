"""Test databases: a SQLite file by default; with PHONGHOP_TEST_DATABASE_URL naming a PostgreSQL
server, a fresh database is created on it for each use and dropped afterwards."""

from __future__ import annotations

import os
import secrets
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from app.config import normalise_db_url


def server_url() -> str | None:
    return os.environ.get("PHONGHOP_TEST_DATABASE_URL") or None


def is_postgres() -> bool:
    url = server_url()
    return bool(url and url.startswith("postgres"))


@contextmanager
def fresh_database(tmp_dir: Path, label: str):
    """Yield the URL of a new, empty database; remove it afterwards."""
    url = server_url()
    if not url or not url.startswith("postgres"):
        path = Path(tmp_dir) / f"{label}.sqlite3"
        yield f"sqlite:///{path}"
        return
    base = make_url(normalise_db_url(url))
    name = f"phonghop_{label}_{secrets.token_hex(4)}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n AND pid <> pg_backend_pid()"
                ),
                {"n": name},
            )
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()
