"""Real background processes for the job tests: an embedded redis-server of the test's own, the RQ
worker and cron scheduler processes (``python -m app.worker``), and a local SMTP sink."""

from __future__ import annotations

import email
import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from app.config import PROJECT_ROOT
from app.redis_server import EmbeddedRedisServer, free_port, load_or_create_settings


@contextmanager
def own_redis(tmp_path: Path):
    """A redis-server for this test alone (nothing shared with the machine's Redis), removed after."""
    with EmbeddedRedisServer(load_or_create_settings(tmp_path / "redis-instance")) as server:
        yield server


class Sink:
    """An SMTP server (aiosmtpd) that keeps what it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append((envelope.rcpt_tos, email.message_from_bytes(envelope.content)))
        return "250 OK"


@contextmanager
def smtp_sink():
    from aiosmtpd.controller import Controller

    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    sink.port = port
    try:
        yield sink
    finally:
        controller.stop()


class Processes:
    """``python -m app.worker`` processes sharing one environment; stopped (or killed) by pid."""

    def __init__(self, env: dict, log_dir: Path):
        self.env = env
        self.log_dir = log_dir
        self.running: list[subprocess.Popen] = []

    def start(self, *args: str) -> subprocess.Popen:
        n = len(list(self.log_dir.glob("worker-*.log")))
        with open(self.log_dir / f"worker-{n}.log", "wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "app.worker", *args],
                cwd=PROJECT_ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.running.append(process)
        return process

    def kill(self, process: subprocess.Popen) -> None:
        """SIGKILL the process and the job process it may have forked (its own session)."""
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(10)

    def stop_all(self) -> None:
        for process in self.running:
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    continue
        for process in self.running:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill(process)

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in sorted(self.log_dir.glob("worker-*.log")))


def worker_env(database_url: str, redis_url: str, instance_dir: Path, smtp_port: int, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PHONGHOP_")}
    env.update(
        {
            "PHONGHOP_ENV": "testing",
            "PHONGHOP_DATABASE_URL": database_url,
            "PHONGHOP_REDIS_URL": redis_url,
            "PHONGHOP_INSTANCE_DIR": str(instance_dir),
            "PHONGHOP_SMTP_HOST": "127.0.0.1",
            "PHONGHOP_SMTP_PORT": str(smtp_port),
            "PHONGHOP_SWEEP_SECONDS": "1",
            "PHONGHOP_WORKER_MAINTENANCE_SECONDS": "3",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra)
    return env


def wait_until(condition, timeout: float = 90.0, what: str = "condition", logs=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}" + (f"\n{logs()}" if logs else ""))
