"""The product for a benchmark, started the way `make run` starts it: ``python -m app.launcher``
(embedded S3, migrations, demo data, gunicorn with the gevent worker) in its own instance
directory, on a free port, with its output in a log file; stopped like Ctrl-C.

    with Product(tmp / "instance", f"sqlite:///{tmp}/bench.sqlite3") as product:
        token = product.flask("users", "token", "chutich")
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from app.config import PROJECT_ROOT
from documents.embedded_s3 import pick_ports, read_embedded_s3_settings

READY_WITHIN_SECONDS = 180


# The bench's tablets share a few members' accounts (hundreds of sockets per person): the
# per-person socket command limit (30/s, realtime/rate_limits.py) would refuse their joins as one
# person's flood once joins are fast enough to exceed it. Real rooms have a person per tablet.
SHARED_ACCOUNTS_ENV = {"PHONGHOP_SOCKET_COMMAND_RATE_LIMIT": "100000 per second"}


class Product:
    def __init__(self, instance_dir: Path, database_url: str, extra_env: dict | None = None):
        (self.port,) = pick_ports(1)
        self.url = f"http://127.0.0.1:{self.port}"
        self.instance_dir = instance_dir
        self.log_path = instance_dir / "launcher.log"
        self.env = {key: value for key, value in os.environ.items() if not key.startswith("PHONGHOP_")}
        self.env.update(
            {
                "PHONGHOP_ENV": "development",
                "PHONGHOP_INSTANCE_DIR": str(instance_dir),
                "PHONGHOP_DATABASE_URL": database_url,
                "PHONGHOP_PORT": str(self.port),
                "PYTHONUNBUFFERED": "1",
                **(extra_env or {}),
            }
        )
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Product:
        for attempt in range(3):
            try:
                return self._start()
            except RuntimeError:
                # the free port picked here was taken before gunicorn bound it (the S3 server, Redis
                # or a load generator the bench starts also pick free ports): a new port, once more
                if attempt == 2 or "Address already in use" not in self._log():
                    raise
                (self.port,) = pick_ports(1)
                self.url = f"http://127.0.0.1:{self.port}"
                self.env["PHONGHOP_PORT"] = str(self.port)
        raise AssertionError("unreachable")

    def _start(self) -> Product:
        self.instance_dir.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "app.launcher"],
                cwd=PROJECT_ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + READY_WITHIN_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the launcher exited with {self.process.returncode}:\n{self._log()}")
            try:
                if requests.get(f"{self.url}/login", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.3)
        else:
            raise RuntimeError(f"the server did not answer within {READY_WITHIN_SECONDS} s:\n{self._log()}")
        # `flask` commands must reach the store the launcher started (it wrote its settings down)
        settings = read_embedded_s3_settings(self.instance_dir)
        if settings and "PHONGHOP_S3_ENDPOINT" not in self.env:
            self.env.update(
                {f"PHONGHOP_{key}": settings[key] for key in ("S3_ENDPOINT", "S3_ACCESS_KEY", "S3_SECRET_KEY")}
            )

    def flask(self, *args: str) -> str:
        """The output of ``flask --app wsgi …`` run against the product's database and store."""
        done = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "wsgi", *args],
            cwd=PROJECT_ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        return done.stdout

    def python(self, module: str, *args: str, timeout: int = 300) -> str:
        """The output of ``python -m module …`` run against the product's database and store."""
        done = subprocess.run(
            [sys.executable, "-m", module, *args],
            cwd=PROJECT_ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{module} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT)  # what Ctrl-C does: gunicorn and the S3 server stop too
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(5)

    def _log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
