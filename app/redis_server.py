"""The embedded Redis for ``make run`` and the tests: Debian's ``redis-server`` on 127.0.0.1, a free
port, a password generated once, and its data (append-only file, so queued and scheduled jobs
survive a restart) in ``<instance>/redis/``.

Production names its own Redis with ``PHONGHOP_REDIS_URL`` and never starts this.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

SETTINGS_FILE = "redis-server.json"


class EmbeddedRedisError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_binary() -> str:
    found = shutil.which("redis-server") or (
        "/usr/bin/redis-server" if Path("/usr/bin/redis-server").exists() else None
    )
    if not found:
        raise EmbeddedRedisError(
            "Không tìm thấy chương trình 'redis-server' (gói Debian redis-server chưa được cài; `make run` tự cài)."
        )
    return found


@dataclass
class EmbeddedRedisSettings:
    data_dir: str
    password: str
    port: int = 0  # chosen at each start

    @property
    def url(self) -> str:
        return f"redis://:{self.password}@127.0.0.1:{self.port}/0"


def load_or_create_settings(base_dir: str | os.PathLike) -> EmbeddedRedisSettings:
    """``<base_dir>/redis-server.json`` keeps the data directory and password; the port is new each start."""
    base = Path(base_dir)
    path = base / SETTINGS_FILE
    if path.exists():
        data = json.loads(path.read_text())
        return EmbeddedRedisSettings(data_dir=data["data_dir"], password=data["password"])
    base.mkdir(parents=True, exist_ok=True)
    settings = EmbeddedRedisSettings(data_dir=str(base / "redis"), password=secrets.token_urlsafe(24))
    path.write_text(json.dumps({"data_dir": settings.data_dir, "password": settings.password}, indent=2))
    path.chmod(0o600)
    return settings


class EmbeddedRedisServer:
    def __init__(self, settings: EmbeddedRedisSettings):
        self.settings = settings
        self.process: subprocess.Popen | None = None

    @property
    def log_path(self) -> Path:
        return Path(self.settings.data_dir) / "redis-server.log"

    def command(self) -> tuple[list[str], str]:
        """argv and the configuration, given on stdin so that the password never shows in ``ps``."""
        s = self.settings
        config = (
            f"port {s.port}\nbind 127.0.0.1\nprotected-mode yes\nrequirepass {s.password}\n"
            f'dir {s.data_dir}\nappendonly yes\nappendfsync everysec\nsave ""\n'
            f"logfile {self.log_path}\ndaemonize no\n"
        )
        return [redis_binary(), "-"], config

    def start(self, timeout: float = 20.0) -> EmbeddedRedisServer:
        if self.process and self.process.poll() is None:
            return self
        Path(self.settings.data_dir).mkdir(parents=True, exist_ok=True)
        self.settings.port = free_port()
        argv, config = self.command()
        self.process = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C reaches the launcher, which stops it after its clients
            preexec_fn=die_with_parent,
        )
        self.process.stdin.write(config.encode())
        self.process.stdin.close()
        self._wait_ready(timeout)
        return self

    def _wait_ready(self, timeout: float) -> None:
        from redis import Redis
        from redis.exceptions import BusyLoadingError, ConnectionError

        client = Redis.from_url(self.settings.url, socket_connect_timeout=1, socket_timeout=1)
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise EmbeddedRedisError(
                        f"redis-server dừng ngay khi khởi động (mã {self.process.returncode}); xem {self.log_path}"
                    )
                try:
                    if client.ping():
                        return
                except (ConnectionError, BusyLoadingError):
                    pass
                time.sleep(0.1)
        finally:
            client.close()
        self.stop()
        raise EmbeddedRedisError(f"redis-server không sẵn sàng sau {timeout:.0f} giây; xem {self.log_path}")

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM: Redis flushes its append-only file and exits."""
        proc, self.process = self.process, None
        if not proc or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def die_with_parent() -> None:
    """preexec_fn: on Linux the child gets SIGTERM when the process that started it dies."""
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
