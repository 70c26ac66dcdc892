"""Scale-out: two gunicorn gevent processes share rooms through the Redis message queue; an event
sent by a client of process A reaches a client of process B (private ones only to their author)."""
import os
import secrets
import subprocess
import sys
import time

import pytest
import urllib3

from app.config import PROJECT_ROOT
from documents.embedded_s3 import pick_ports
from tests.live.live_clients import Tablet, demo_meeting, ink, token

pytestmark = pytest.mark.live
REDIS_URL = os.environ.get("PHONGHOP_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")


def _redis_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.exceptions.RedisError:
        return False


@pytest.fixture(scope="module")
def two_processes(live, tmp_path_factory):
    if not _redis_answers():
        pytest.skip(f"Redis does not answer at {REDIS_URL}")
    channel = f"phonghop-test-{secrets.token_hex(4)}"  # pub/sub is global: stay off other deployments
    env = dict(live.env, PHONGHOP_REDIS_URL=REDIS_URL, PHONGHOP_SOCKETIO_CHANNEL=channel)
    log_dir = tmp_path_factory.mktemp("two-processes")
    processes, urls = [], []
    for name, port in zip("AB", pick_ports(2)):
        log = open(log_dir / f"{name}.log", "wb")
        processes.append(subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-k", "gevent", "-w", "1", "-b", f"127.0.0.1:{port}", "wsgi:app"],
            cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True))
        urls.append(f"http://127.0.0.1:{port}")
    http = urllib3.PoolManager(timeout=urllib3.Timeout(total=2), retries=False)
    try:
        for url, process in zip(urls, processes):
            deadline = time.monotonic() + 60
            while True:
                assert process.poll() is None, (log_dir / "A.log").read_text() + (log_dir / "B.log").read_text()
                try:
                    if http.request("GET", url + "/login").status == 200:
                        break
                except urllib3.exceptions.HTTPError:
                    pass
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.3)
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(15)


def test_an_event_from_process_a_reaches_a_client_of_process_b(live, two_processes):
    url_a, url_b = two_processes
    meeting = demo_meeting(live)
    document_id = meeting["documents"][0]["id"]
    chair = Tablet(url_a, token(live, "chutich"))
    member_b = Tablet(url_b, token(live, "uyvien2"))
    chair_b = Tablet(url_b, token(live, "chutich"))  # the chair's second device, on the other process
    try:
        for tablet in (chair, member_b, chair_b):
            assert tablet.call("meeting.join", {"meeting_id": meeting["id"]})["ok"] is True
        page = 2 if chair.call("meeting.join", {"meeting_id": meeting["id"]})["state"]["slide"]["page"] != 2 else 3
        ack = chair.call("slide.set", {"meeting_id": meeting["id"], "document_id": document_id, "page": page})
        assert ack["ok"] is True
        (name, data), = member_b.wait_for(lambda n, d: n == "slide.changed" and d["seq"] == ack["seq"])
        assert data["page"] == page and data["by"] == meeting["members"]["chutich"]

        private = ink(document_id, "private")
        ack = chair.call("annotation.add", {"meeting_id": meeting["id"], "annotation": private})
        shared = ink(document_id, "shared")
        ack_shared = chair.call("annotation.add", {"meeting_id": meeting["id"], "annotation": shared})
        chair_b.wait_for(lambda n, d: n == "annotation.changed" and d["annotation"]["id"] == private["id"])
        member_b.wait_for(lambda n, d: n == "annotation.changed" and d["seq"] == ack_shared["seq"])
        assert not [d for n, d in member_b.events("annotation.changed") if d["annotation"]["id"] == private["id"]]
    finally:
        for tablet in (chair, member_b, chair_b):
            tablet.close()
