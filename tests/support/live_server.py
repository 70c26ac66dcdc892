"""The product as `make run` starts it (app.launcher: embedded S3, migrations, demo data,
gunicorn with the gevent worker), in a temporary instance directory, on free ports."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import urllib3

from app.config import PROJECT_ROOT
from documents.embedded_s3 import pick_ports

DEMO_PASSWORD = "phonghop2026"


@dataclass
class LiveServer:
    url: str
    instance_dir: Path
    env: dict
    process: subprocess.Popen
    log_path: Path

    def flask(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """Run ``flask --app wsgi …`` against the same database and store."""
        return subprocess.run(
            [sys.executable, "-m", "flask", "--app", "wsgi", *args],
            cwd=PROJECT_ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=check,
            timeout=120,
        )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # what Ctrl-C does
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)
        return self.process.returncode


def start_live_server(instance_dir: Path, database_url: str, extra_env: dict | None = None) -> LiveServer:
    (port,) = pick_ports(1)
    env = dict(os.environ)
    for key in list(env):
        if key.startswith("PHONGHOP_"):
            del env[key]
    env.update(
        {
            "PHONGHOP_ENV": "development",
            "PHONGHOP_INSTANCE_DIR": str(instance_dir),
            "PHONGHOP_DATABASE_URL": database_url,
            "PHONGHOP_PORT": str(port),
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra_env or {})
    instance_dir.mkdir(parents=True, exist_ok=True)
    log_path = instance_dir / "launcher.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "app.launcher"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = LiveServer(f"http://127.0.0.1:{port}", instance_dir, env, process, log_path)
    http = urllib3.PoolManager(timeout=urllib3.Timeout(total=2), retries=False)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"launcher exited with {process.returncode}:\n{server.log()}")
        try:
            if http.request("GET", server.url + "/login").status == 200:
                # the launcher prints S3 settings into instance_dir; keep them for `flask` calls
                from documents.embedded_s3 import read_embedded_s3_settings

                settings = read_embedded_s3_settings(instance_dir)
                if settings and "PHONGHOP_S3_ENDPOINT" not in env:
                    env.update(
                        {
                            "PHONGHOP_S3_ENDPOINT": settings["S3_ENDPOINT"],
                            "PHONGHOP_S3_ACCESS_KEY": settings["S3_ACCESS_KEY"],
                            "PHONGHOP_S3_SECRET_KEY": settings["S3_SECRET_KEY"],
                        }
                    )
                return server
        except urllib3.exceptions.HTTPError:
            pass
        time.sleep(0.3)
    server.stop()
    raise RuntimeError(f"server did not answer within 180 s:\n{server.log()}")
