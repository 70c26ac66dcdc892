"""Private services for the process drills: a PostgreSQL cluster (``initdb`` into a temporary
directory, run as the ``postgres`` OS user when we are root), a ``redis-server``, a ``weed mini``
and gunicorn gevent processes of the app — all on 127.0.0.1, on ports of the drills' range
(``PHONGHOP_DRILL_PORTS``, default 21100-21199), started, restarted, killed and removed by the
drill itself. Nothing here touches the machine's shared PostgreSQL or Redis."""

from __future__ import annotations

import glob
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import urllib3

from app.config import PROJECT_ROOT
from app.redis_server import EmbeddedRedisServer, EmbeddedRedisSettings
from documents.embedded_s3 import GRPC_OFFSET, EmbeddedS3Server, EmbeddedS3Settings, die_with_parent

_taken: set[int] = set()


def _free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def drill_port(companion: int | None = None) -> int:
    """A free port of the drills' range (and ``port + companion`` free too, for weed's gRPC)."""
    low, high = (int(p) for p in os.environ.get("PHONGHOP_DRILL_PORTS", "21100-21199").split("-"))
    for port in range(low, high + 1):
        if port in _taken or not _free(port) or (companion and not _free(port + companion)):
            continue
        _taken.add(port)
        return port
    raise RuntimeError(f"no free port left in {low}-{high}")


def wait_until(condition, timeout: float = 60.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


# -- PostgreSQL ------------------------------------------------------------------------------------
def _pg_binary(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None)
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} is not installed")
    return found


class PrivatePostgres:
    """A PostgreSQL cluster of the drill's own. ``initdb`` refuses root, so as root every
    PostgreSQL program runs as the ``postgres`` OS user (``runuser``)."""

    def __init__(self):
        self.port = drill_port()
        self.base = Path(tempfile.mkdtemp(prefix="phonghop-drill-pg-"))  # /tmp: reachable by postgres
        self.data = self.base / "data"
        self.log = self.base / "postgres.log"
        if os.geteuid() == 0:
            import pwd

            entry = pwd.getpwnam("postgres")
            os.chown(self.base, entry.pw_uid, entry.pw_gid)
            self._as = ["runuser", "-u", "postgres", "--"]
        else:
            self._as = []

    def _run(self, *argv: str, timeout: float = 120) -> None:
        """Output to a file, never to a pipe: the server pg_ctl starts would inherit the pipe, and
        block once it is full (nobody reads it after pg_ctl returns)."""
        with open(self.base / "pg_ctl.out", "ab") as out:
            done = subprocess.run(
                [*self._as, *argv],
                stdout=out,
                stderr=subprocess.STDOUT,
                timeout=timeout,
                cwd=self.base,
                stdin=subprocess.DEVNULL,
            )
        if done.returncode != 0:
            output = (self.base / "pg_ctl.out").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"{argv[0]} failed ({done.returncode}): {output}{self._log_tail()}")

    def _log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""

    def start(self) -> PrivatePostgres:
        if not self.data.exists():
            self._run(_pg_binary("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        options = f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(_pg_binary("pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")
        return self

    def restart(self) -> None:
        """``pg_ctl restart -m fast``: every connection is cut, the server comes back on the same port."""
        self._run(_pg_binary("pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-m", "fast", "-w", "restart")

    def stop(self) -> None:
        self._run(_pg_binary("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import sqlalchemy as sa

        from app.config import normalise_db_url

        engine = sa.create_engine(normalise_db_url(self.url()), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return self.url(name)

    def remove(self) -> None:
        if self.running():
            try:
                self.stop()
            except RuntimeError:
                pass
        shutil.rmtree(self.base, ignore_errors=True)


# -- Redis -----------------------------------------------------------------------------------------
class PrivateRedis(EmbeddedRedisServer):
    """The embedded Redis (append-only file, password) on a fixed port of the drills' range, so a
    restart comes back where the app processes look for it."""

    def __init__(self, base: Path):
        super().__init__(EmbeddedRedisSettings(data_dir=str(base / "redis"), password=secrets.token_urlsafe(16)))
        self.fixed_port = drill_port()

    def start(self, timeout: float = 20.0) -> PrivateRedis:
        Path(self.settings.data_dir).mkdir(parents=True, exist_ok=True)
        self.settings.port = self.fixed_port
        argv, config = self.command()
        self.process = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=die_with_parent,
        )
        self.process.stdin.write(config.encode())
        self.process.stdin.close()
        self._wait_ready(timeout)
        return self

    def restart(self) -> None:
        self.stop()
        self.start()


# -- the object store --------------------------------------------------------------------------------
def private_s3(base: Path) -> EmbeddedS3Server:
    ports = [drill_port(companion=GRPC_OFFSET) for _ in range(4)]
    settings = EmbeddedS3Settings(
        data_dir=str(base / "s3-data"),
        s3_port=ports[0],
        master_port=ports[1],
        volume_port=ports[2],
        filer_port=ports[3],
        access_key="PH" + secrets.token_hex(9).upper(),
        secret_key=secrets.token_urlsafe(30),
    )
    return EmbeddedS3Server(settings, log_path=base / "s3-server.log").start(timeout=90)


# -- the app -----------------------------------------------------------------------------------------
@dataclass
class AppProcess:
    """One gunicorn gevent process of the app (``-w 1``, as docs/scaling-out.md runs them)."""

    name: str
    url: str
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def kill(self) -> None:
        """SIGKILL the gunicorn master and its worker at once: nothing is closed, nothing cleaned."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()


@dataclass
class Stack:
    """The private services and the environment every app process of the drills shares."""

    base: Path
    postgres: PrivatePostgres
    redis: PrivateRedis
    s3: EmbeddedS3Server
    env: dict
    tokens: dict[str, str] = field(default_factory=dict)
    apps: list[AppProcess] = field(default_factory=list)

    def start_app(self, name: str) -> AppProcess:
        return self.start_apps(name)[0]

    def start_apps(self, *names: str) -> list[AppProcess]:
        """Start gunicorn processes side by side (they boot in parallel), then wait for each."""
        started = []
        for name in names:
            port = drill_port()
            log_path = self.base / f"app-{name}.log"
            with open(log_path, "ab") as log:
                process = subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", "-k", "gevent", "-w", "1", "-b", f"127.0.0.1:{port}"]
                    + ["--timeout", "60", "--graceful-timeout", "3", "--no-control-socket", "wsgi:app"],
                    cwd=PROJECT_ROOT,
                    env=self.env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                    preexec_fn=die_with_parent,  # never left behind by a test run that is killed
                )
            started.append(AppProcess(name, f"http://127.0.0.1:{port}", process, log_path))
        self.apps.extend(started)
        http = urllib3.PoolManager(timeout=urllib3.Timeout(total=2), retries=False)
        for app in started:

            def answers(app=app) -> bool:
                assert app.process.poll() is None, f"app {app.name} exited:\n{app.log()}"
                try:
                    return http.request("GET", app.url + "/login").status == 200
                except urllib3.exceptions.HTTPError:
                    return False

            wait_until(answers, 120, f"app process {app.name}")
        return started

    def sql(self, query: str, **params) -> list[tuple]:
        """Read the drill's database directly (the truth the drills compare against)."""
        import sqlalchemy as sa

        from app.config import normalise_db_url

        engine = sa.create_engine(normalise_db_url(self.env["PHONGHOP_DATABASE_URL"]), poolclass=sa.pool.NullPool)
        try:
            with engine.connect() as conn:
                return [tuple(row) for row in conn.execute(sa.text(query), params)]
        finally:
            engine.dispose()

    def stop(self) -> None:
        for app in self.apps:
            app.stop()
        self.redis.stop()
        self.s3.stop()
        self.postgres.remove()


LOGINS = ("chutich", "thuky", "uyvien1", "uyvien2", "uyvien3", "uyvien4", "uyvien5")


def start_stack(base: Path) -> Stack:
    """PostgreSQL, Redis and the object store of the drills' own; the schema migrated, the demo
    data loaded and an API token per demo official, by the launcher's own ``prepare``."""
    postgres = PrivatePostgres().start()
    redis = s3 = None
    try:
        database = postgres.create_database("phonghop_drill")
        redis = PrivateRedis(base).start()
        s3 = private_s3(base)
        env = {k: v for k, v in os.environ.items() if not k.startswith("PHONGHOP_")}
        env.update(
            {
                "PHONGHOP_ENV": "development",
                "PHONGHOP_INSTANCE_DIR": str(base / "instance"),
                "PHONGHOP_DATABASE_URL": database,
                "PHONGHOP_REDIS_URL": redis.settings.url,
                "PHONGHOP_SOCKETIO_CHANNEL": f"phonghop-drill-{secrets.token_hex(4)}",
                "PHONGHOP_PRESENCE_HEARTBEAT_SECONDS": "1",
                "PHONGHOP_PRESENCE_TTL_SECONDS": "5",  # a killed process is taken for dead after 5 s
                "PYTHONUNBUFFERED": "1",
                **s3.settings.as_env(),
            }
        )
        stack = Stack(base, postgres, redis, s3, env)
        prepared = subprocess.run(
            [sys.executable, "-c", "from tests.drills.private_services import _prepare; _prepare()", *LOGINS],
            cwd=PROJECT_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if prepared.returncode != 0:
            raise RuntimeError(f"preparing the drill database failed:\n{prepared.stdout}\n{prepared.stderr}")
        stack.tokens = json.loads(prepared.stdout.strip().splitlines()[-1])
        return stack
    except BaseException:
        for service in (redis, s3):
            if service is not None:
                service.stop()
        postgres.remove()
        raise


def _prepare() -> None:
    """In a child process: ``app.launcher.prepare`` (migrations, bucket, demo data), then tokens."""
    from app import create_app
    from app.auth.services import get_user_by_login, issue_token_from_cli
    from app.extensions import db
    from app.launcher import prepare

    app = create_app()
    prepare(app)
    with app.app_context():
        tokens = {login: issue_token_from_cli(get_user_by_login(login), name="drill")[1] for login in sys.argv[1:]}
        db.session.commit()
    print(json.dumps(tokens))


@pytest.fixture(scope="session")
def drill_stack(tmp_path_factory):
    """The process drills' private PostgreSQL, Redis and object store (one set for the session:
    preparing the database is the slow part), stopped and removed at the end."""
    stack = start_stack(tmp_path_factory.mktemp("process-drills"))
    try:
        yield stack
    finally:
        stack.stop()
