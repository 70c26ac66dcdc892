"""The stack the object-store drills run on, all of it private: a `weed mini` of their own (stopped,
restarted, hung with SIGSTOP), a fresh database prepared by a subprocess (migrations, people, a
meeting with a document, a closed meeting with locked minutes and demo-CA signers), and one
gunicorn gevent process — the production server — pointed at them with a short store timeout.

The drills inspect the database with plain SQL and the bucket with their own client, never
through the server they are testing. ``python -m tests.drills.store_support`` is the setup step.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests
import sqlalchemy as sa
import urllib3

from app.config import PROJECT_ROOT, normalise_db_url
from documents.embedded_s3 import EmbeddedS3Server, load_or_create_settings, pick_ports
from documents.storage import ObjectStore

TIMEOUT = 2  # PHONGHOP_S3_TIMEOUT_SECONDS of the drill server (the default is 5)
BUCKET = "phonghop-drill"
PASSWORD = "mat-khau-thu-nghiem"  # tests/support/factories.PASSWORD
COUNTED = ("documents", "document_versions", "access_logs", "audit_entries", "signed_minutes")


@dataclass
class StoreStack:
    base: Path
    url: str
    db_url: str
    s3: EmbeddedS3Server
    env: dict
    process: subprocess.Popen
    log_path: Path
    facts: dict = field(default_factory=dict)

    # -- the S3 server ------------------------------------------------------------------------------
    @property
    def s3_pid(self) -> int:
        assert self.s3.process is not None, "the private S3 server is not running"
        return self.s3.process.pid

    def hang_store(self) -> None:
        """SIGSTOP every process of the S3 server: connections are still accepted by the kernel,
        nothing answers — a hang, not a refusal."""
        os.killpg(self.s3_pid, signal.SIGSTOP)

    def resume_store(self) -> None:
        os.killpg(self.s3_pid, signal.SIGCONT)

    def store_hangs(self) -> bool:
        state = Path(f"/proc/{self.s3_pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        return state == "T"

    def s3_bytes_read(self) -> int:
        """What the S3 server has read so far (sockets included): grows while an upload streams in."""
        for line in Path(f"/proc/{self.s3_pid}/io").read_text().splitlines():
            if line.startswith("rchar:"):
                return int(line.split()[1])
        raise AssertionError("no rchar in /proc/<pid>/io")

    def crash_store(self) -> None:
        """The S3 server dies at once (SIGKILL), whatever it was doing."""
        os.killpg(self.s3_pid, signal.SIGKILL)
        self.s3.process.wait(10)
        self.s3.process = None

    def keys(self, prefix: str = "") -> set[str]:
        s = self.s3.settings
        return set(ObjectStore(s.endpoint, s.access_key, s.secret_key, BUCKET, timeout=10).list_keys(prefix))

    def incomplete_uploads(self) -> list[str]:
        """Multipart uploads begun and neither completed nor aborted (parts the store keeps)."""
        s = self.s3.settings
        client = ObjectStore(s.endpoint, s.access_key, s.secret_key, BUCKET, timeout=10).client
        return [u.object_name for u in client._list_multipart_uploads(BUCKET, prefix="meetings/").uploads]

    def unreferenced(self) -> set[str]:
        """Objects of uploaded documents (the PDF, its page images, its prepared copies) whose PDF
        no document or version row names: what a failed upload must never leave behind."""
        engine = sa.create_engine(normalise_db_url(self.db_url))
        try:
            with engine.connect() as connection:
                named = set(connection.scalars(sa.text("SELECT object_key FROM documents")))
                named |= set(connection.scalars(sa.text("SELECT object_key FROM document_versions")))
        finally:
            engine.dispose()
        owners = {key[: -len(".pdf")] for key in named}
        left = set()
        for key in self.keys("meetings/"):
            match = re.match(r"(meetings/\d+/documents/[0-9a-f]{32})(\.pdf|/)", key)
            if match and match.group(1) not in owners:
                left.add(key)
        return left

    # -- the database ---------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        engine = sa.create_engine(normalise_db_url(self.db_url))
        try:
            with engine.connect() as connection:
                return {t: connection.scalar(sa.text(f"SELECT count(*) FROM {t}")) for t in COUNTED}
        finally:
            engine.dispose()

    def scalar(self, sql: str, **params):
        engine = sa.create_engine(normalise_db_url(self.db_url))
        try:
            with engine.connect() as connection:
                return connection.scalar(sa.text(sql), params)
        finally:
            engine.dispose()

    # -- clients --------------------------------------------------------------------------------
    def api(self, login: str) -> dict:
        return {"Authorization": f"Bearer {self.facts['tokens'][login]}", "Accept": "application/json"}

    def browser(self, login: str) -> requests.Session:
        """A signed-in web session (cookies and the form's CSRF token), as a browser has one."""
        login = self.facts["logins"].get(login, login)
        session = requests.Session()
        page = session.get(f"{self.url}/login", timeout=30).text
        token = csrf_token(page)
        answer = session.post(
            f"{self.url}/login", data={"login": login, "password": PASSWORD, "csrf_token": token}, timeout=30
        )
        assert answer.ok and "/login" not in answer.url, answer.text[:500]
        session.headers["Accept"] = "text/html"
        return session

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def handled(self, method: str, path: str) -> list[int]:
        """The statuses of the ``method path`` requests the server has finished, in order (its
        access log: gunicorn writes the line once a request is handled, client still there or not)."""
        access = self.base / "access.log"
        text = access.read_text(errors="replace") if access.exists() else ""
        return [int(m) for m in re.findall(rf'"{method} {re.escape(path)} HTTP/1\.1" (\d+) ', text)]

    def restore(self) -> None:
        """After a drill: the S3 server running and answering, the server process alive."""
        if self.s3.process is not None and self.store_hangs():
            self.resume_store()
        self.s3.start()
        assert self.process.poll() is None, self.log()[-3000:]
        assert "Traceback" not in self.log(), self.log()[-5000:]  # every failure was answered, none crashed

    def stop(self) -> None:
        if self.s3.process is not None:
            try:
                self.resume_store()  # a stopped process would not see its SIGTERM
            except ProcessLookupError:
                pass
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.s3.stop()


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf-token" content="([^"]+)"', html) or re.search(
        r'name="csrf_token"[^>]*value="([^"]+)"', html
    )
    assert match, "no CSRF token on the page"
    return match.group(1)


def start_stack(base: Path, db_url: str) -> StoreStack:
    settings = load_or_create_settings(base / "s3")
    s3 = EmbeddedS3Server(settings, log_path=base / "s3.log").start()
    (port,) = pick_ports(1)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PHONGHOP_")}
    env.update(settings.as_env())
    env.update(
        {
            "PHONGHOP_ENV": "development",
            "PHONGHOP_INSTANCE_DIR": str(base / "instance"),
            "PHONGHOP_DATABASE_URL": db_url,
            "PHONGHOP_S3_BUCKET": BUCKET,
            "PHONGHOP_S3_TIMEOUT_SECONDS": str(TIMEOUT),
            "PYTHONUNBUFFERED": "1",
        }
    )
    log_path = base / "server.log"
    with open(log_path, "wb") as log:  # it boots (imports, ~10 s) while the database is prepared
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-k", "gevent", "-w", "1", "-b", f"127.0.0.1:{port}"]
            + ["--timeout", "60", "--no-control-socket", "--access-logfile", str(base / "access.log"), "wsgi:app"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        prepared = subprocess.run(
            [sys.executable, "-m", "tests.drills.store_support"],
            cwd=PROJECT_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert prepared.returncode == 0, prepared.stderr[-3000:]
        facts = json.loads(prepared.stdout.strip().splitlines()[-1])
    except BaseException:
        process.terminate()
        process.wait(15)
        s3.stop()
        raise
    stack = StoreStack(base, f"http://127.0.0.1:{port}", db_url, s3, env, process, log_path, facts)
    http = urllib3.PoolManager(timeout=urllib3.Timeout(total=2), retries=False)
    deadline = time.monotonic() + 90
    while True:
        if process.poll() is not None or time.monotonic() > deadline:
            stack.stop()
            raise AssertionError(f"the drill server did not start:\n{stack.log()[-3000:]}")
        try:
            if http.request("GET", stack.url + "/login").status == 200:
                return stack
        except urllib3.exceptions.HTTPError:
            pass
        time.sleep(0.3)


_shared: dict = {}


def shared_stack(request, tmp_path_factory) -> StoreStack:
    """One stack for all the store drills of the session (each drill leaves it as it found it:
    :meth:`StoreStack.restore`), stopped when the session ends."""
    if "stack" not in _shared:
        from contextlib import ExitStack

        from tests.support.databases import fresh_database

        base = tmp_path_factory.mktemp("store-drills")
        cleanup = ExitStack()
        url = cleanup.enter_context(fresh_database(base, "drill"))
        try:
            stack = start_stack(base, url)
        except BaseException:
            cleanup.close()
            raise
        cleanup.callback(stack.stop)
        request.config.add_cleanup(cleanup.close)
        request.config.add_cleanup(lambda: _shared.clear())
        _shared["stack"] = stack
    return _shared["stack"]


def seconds(started: float) -> float:
    return round(time.monotonic() - started, 1)


# -- the setup step, in its own process (never the test session's application) ---------------------
def _prepare() -> dict:
    from flask_migrate import upgrade

    from app import create_app
    from app.auth.services import issue_token
    from app.extensions import db
    from app.models import SystemRole
    from documents.storage import get_store
    from meetings.services import minutes as minutes_svc
    from tests.support.factories import create_document, create_meeting, create_user
    from tests.support.minutes import P12_PASSPHRASE, closed_meeting_with_signers

    app = create_app()
    with app.app_context():
        upgrade()
        get_store().ensure_bucket()
        office = create_user("vanphong", role=SystemRole.secretariat, full_name="Phạm Thị Văn Phòng")
        member = create_user("uyvien", full_name="Đỗ Văn Ủy Viên")
        meeting = create_meeting(
            {office: "secretary", member: "member"}, items=2, title="Phiên họp diễn tập sự cố kho lưu trữ"
        )
        document = create_document(meeting, office, pages=2, agenda_item=meeting.agenda_items[0], title="Báo cáo")
        closed, secretary, chair, _ = closed_meeting_with_signers(items=1, documents=False)
        minutes_svc.save_draft(secretary, closed, number="7/BB-UBND", narrative="Chủ tịch khai mạc phiên họp.")
        minutes_svc.lock_draft(secretary, closed)
        archivist = create_user("luutru", role=SystemRole.archivist, full_name="Vũ Thị Lưu Trữ")
        people = {"vanphong": office, "uyvien": member, "thuky": secretary, "chutoa": chair, "luutru": archivist}
        tokens = {login: issue_token(user, "drill")[1] for login, user in people.items()}
        db.session.commit()
        return {
            "meeting_id": meeting.id,
            "item_id": meeting.agenda_items[1].id,
            "document_id": document.id,
            "closed_id": closed.id,
            "closed_title": closed.title,
            "logins": {login: user.login for login, user in people.items()},
            "tokens": tokens,
            "passphrase": P12_PASSPHRASE,
        }


if __name__ == "__main__":
    print(json.dumps(_prepare()))
