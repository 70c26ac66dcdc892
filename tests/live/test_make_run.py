"""`make run` acceptance: the launcher starts the embedded S3 server and Redis, migrates, loads the
demo data once, runs the background worker and the reminder scheduler, serves on gevent; Ctrl-C
stops them all; a second start reuses the data."""

import json
import socket

import pytest
import urllib3
from minio import Minio

from tests.support.databases import fresh_database
from tests.support.live_server import start_live_server

pytestmark = pytest.mark.live


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_run_serves_demo_from_s3_stops_cleanly_and_reuses_data(tmp_path):
    with fresh_database(tmp_path, "run") as url:
        instance = tmp_path / "instance"
        server = start_live_server(instance, url, {"PHONGHOP_SWEEP_SECONDS": "2"})
        try:
            log = server.log()
            assert "Đã nạp dữ liệu mẫu" in log and "chutich" in log and "phonghop2026" in log
            settings = json.loads((instance / "s3-server.json").read_text())
            # the demo documents are objects in the S3 server, not files beside the app
            s3 = Minio(f"127.0.0.1:{settings['s3_port']}", settings["access_key"], settings["secret_key"], secure=False)
            everything = [o.object_name for o in s3.list_objects("phonghop", recursive=True)]
            # the demo CA (certificate, encrypted key) under pki/; documents, page images and signed
            # minutes under meetings/; the written ballots' drafts, signed answers and reports under
            # opinion-ballots/ (demo/ballots.py)
            assert {k for k in everything if k.startswith("pki/")} == {"pki/demo-ca.pem", "pki/demo-ca-key.enc"}
            ballots = [k for k in everything if k.startswith("opinion-ballots/")]
            assert ballots and all(k.endswith(".pdf") for k in ballots)
            everything = [k for k in everything if not k.startswith(("pki/", "opinion-ballots/"))]
            # the members' watermark bases (stamping/), which the job queue's worker prepares after the
            # seed (or the first open does), are not the documents themselves
            everything = [k for k in everything if "/stamping/" not in k]
            keys = [k for k in everything if k.endswith(".pdf")]
            thumbs = [k for k in everything if k.endswith(".jpg")]  # page images beside each PDF
            assert len(keys) >= 4 and all(k.startswith("meetings/") for k in everything)
            assert len(thumbs) + len(keys) == len(everything) and len(thumbs) >= len(keys)
            head = s3.get_object("phonghop", keys[0]).read(5)
            assert head == b"%PDF-"
            assert not list(instance.glob("**/*.pdf"))
            # weed mini listens on loopback only and anonymous access is refused
            http = urllib3.PoolManager()
            assert http.request("GET", f"http://127.0.0.1:{settings['s3_port']}/phonghop/{keys[0]}").status == 403
            assert "Using worker: gevent" in log  # the production server, not a dev server
            redis_port = _reminder_arrives(server, url, tmp_path)
        finally:
            code = server.stop()
        assert code == 0
        assert not _port_open(settings["s3_port"]), "Ctrl-C must stop the S3 server too"
        assert not _port_open(redis_port), "Ctrl-C must stop Redis too"
        assert list((instance / "redis").glob("appendonlydir/*.aof")), "Redis keeps its data under instance/redis"

        again = start_live_server(instance, url)
        try:
            assert "Dữ liệu mẫu đã có" in again.log()
            users = again.flask("users", "list").stdout
            logins = [line.split()[0] for line in users.splitlines()[1:]]
            assert logins.count("chutich") == 1 and len(logins) == len(set(logins))
            assert {"chutich", "thuky", "uyvien1", "uyvien2", "luutru", "admin", "ngoai"} <= set(logins)
            s3 = Minio(f"127.0.0.1:{settings['s3_port']}", settings["access_key"], settings["secret_key"], secure=False)
            assert sorted(
                o.object_name
                for o in s3.list_objects("phonghop", recursive=True)
                if not o.object_name.startswith("pki/") and "/stamping/" not in o.object_name
            ) == sorted(everything + ballots)  # the second start seeds nothing new
        finally:
            again.stop()


def _reminder_arrives(server, url, tmp_path) -> int:
    """The worker and the scheduler run: /healthz sees a worker on Redis, and a meeting starting in
    40 minutes gets its 1-hour reminder to its member without anyone asking for it."""
    import re
    import time
    from datetime import UTC, datetime, timedelta

    import sqlalchemy as sa

    from app import create_app
    from app.extensions import db
    from app.models import User
    from meetings.models import Meeting, MeetingMember, MeetingState, Notification

    http = urllib3.PoolManager()
    deadline = time.monotonic() + 60
    while (health := json.loads(http.request("GET", server.url + "/healthz").data))["workers"] < 1:
        assert time.monotonic() < deadline, health
        time.sleep(0.5)
    assert health["redis"] == "ok"
    app = create_app("testing", {"DATABASE_URL": url, "INSTANCE_DIR": str(tmp_path / "test-instance")})
    with app.app_context():
        member = db.session.scalar(sa.select(User).where(User.login == "uyvien1"))
        meeting = Meeting(
            title="Họp giao ban đột xuất",
            body="UBND xã Mỹ Thọ",
            state=MeetingState.published,
            starts_at=datetime.now(UTC) + timedelta(minutes=40),
            place="Phòng họp 2",
        )
        meeting.members.append(MeetingMember(user_id=member.id))
        db.session.add(meeting)
        db.session.commit()
        query = sa.select(Notification.text).where(
            Notification.meeting_id == meeting.id, Notification.user_id == member.id
        )
        deadline = time.monotonic() + 60
        while not (texts := db.session.scalars(query).all()):
            assert time.monotonic() < deadline, server.log()[-3000:]
            time.sleep(0.5)
            db.session.rollback()
        assert len(texts) == 1 and "«Họp giao ban đột xuất» bắt đầu sau khoảng 1 giờ" in texts[0]
        db.engine.dispose()
    return int(re.search(r"Redis chạy tại 127\.0\.0\.1:(\d+)", server.log()).group(1))
