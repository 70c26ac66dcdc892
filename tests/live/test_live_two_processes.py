"""Scale-out: two gunicorn gevent processes share rooms through the Redis message queue; an event
sent by a client of process A reaches a client of process B (private ones only to their author);
a removal made through process A, or a token revoked from the command line, cuts off at once a
client connected to process B."""

import secrets
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest
import requests
import urllib3

from app.config import PROJECT_ROOT
from documents.embedded_s3 import pick_ports
from tests.live.live_clients import Tablet, demo_meeting, fresh_meeting, ink, token
from tests.support.probes import TEST_REDIS_URL, redis_answers

pytestmark = pytest.mark.live
REDIS_URL = TEST_REDIS_URL


@pytest.fixture(scope="module")
def two_processes(live, tmp_path_factory):
    if not redis_answers():
        pytest.skip(f"Redis does not answer at {REDIS_URL}")
    channel = f"phonghop-test-{secrets.token_hex(4)}"  # pub/sub is global: stay off other deployments
    # No periodic re-check of credentials: a revocation must travel over Redis to be seen.
    env = dict(
        live.env, PHONGHOP_REDIS_URL=REDIS_URL, PHONGHOP_SOCKETIO_CHANNEL=channel, PHONGHOP_SOCKET_RECHECK_SECONDS="0"
    )
    log_dir = tmp_path_factory.mktemp("two-processes")
    processes, urls = [], []
    for name, port in zip("AB", pick_ports(2)):
        log = open(log_dir / f"{name}.log", "wb")
        processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-k", "gevent", "-w", "1", "-b", f"127.0.0.1:{port}", "wsgi:app"],
                cwd=PROJECT_ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
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
        yield SimpleNamespace(urls=urls, env=env)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(15)


def test_an_event_from_process_a_reaches_a_client_of_process_b(live, two_processes):
    url_a, url_b = two_processes.urls
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
        ((name, data),) = member_b.wait_for(lambda n, d: n == "slide.changed" and d["seq"] == ack["seq"])
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


def _cut_off(tablet: Tablet, reason: str) -> dict:
    ((_, notice),) = tablet.wait_for(lambda n, d: n == "access.revoked")
    assert notice["reason"] == reason
    assert tablet.closed_by_server.wait(10), "the server did not close the connection"
    return notice


def test_a_removal_through_process_a_cuts_off_a_client_of_process_b(live, two_processes):
    url_a, url_b = two_processes.urls
    logins = ("chutich", "thuky", "uyvien1", "uyvien2")
    tokens = {login: token(live, login) for login in logins}
    meeting = fresh_meeting(
        url_a,
        tokens["thuky"],
        {"chutich": "chair", "thuky": "secretary", "uyvien1": "member", "uyvien2": "member"},
        tokens,
    )
    chair = Tablet(url_a, tokens["chutich"])
    removed, staying = Tablet(url_b, tokens["uyvien1"]), Tablet(url_b, tokens["uyvien2"])
    try:
        for tablet in (chair, removed, staying):
            assert tablet.call("meeting.join", {"meeting_id": meeting["id"]})["ok"] is True
        response = requests.delete(
            f"{url_a}/api/v1/meetings/{meeting['id']}/members/{meeting['members']['uyvien1']}",
            headers={"Authorization": f"Bearer {tokens['thuky']}"},
            timeout=10,
        )
        assert response.status_code == 200, response.text
        assert _cut_off(removed, "removed")["meeting_id"] == meeting["id"]
        ack = chair.call("presenter.set", {"meeting_id": meeting["id"], "presenter_id": meeting["members"]["uyvien2"]})
        assert ack["ok"] is True
        staying.wait_for(lambda n, d: n == "presenter.changed" and d["seq"] == ack["seq"])
        # the chair on process A learns the removed tablet is gone
        chair.wait_for(lambda n, d: n == "presence.changed" and meeting["members"]["uyvien1"] not in d["present"])
        assert not removed.events("presenter.changed")
    finally:
        for tablet in (chair, removed, staying):
            tablet.close()


def test_a_token_revoked_from_the_command_line_cuts_off_a_client_of_process_b(live, two_processes):
    url_b = two_processes.urls[1]
    meeting = demo_meeting(live)
    own = live.flask("users", "token", "uyvien3", "--name", "revoked-over-redis").stdout.strip()  # this test's own
    tablet = Tablet(url_b, own)
    try:
        assert tablet.call("meeting.join", {"meeting_id": meeting["id"]})["ok"] is True
        subprocess.run(
            [sys.executable, "-m", "flask", "--app", "wsgi", "users", "revoke-tokens", "uyvien3", "--prefix", own[:12]],
            cwd=PROJECT_ROOT,
            env=two_processes.env,
            check=True,
            capture_output=True,
            timeout=120,
        )
        assert _cut_off(tablet, "token_revoked")["meeting_id"] is None
    finally:
        tablet.close()


def test_a_deactivation_through_process_a_cuts_off_a_client_of_process_b_and_its_token(live, two_processes):
    """User administration (issue 13): the admin deactivates a member through process A's API."""
    url_a, url_b = two_processes.urls
    login = f"tv.{secrets.token_hex(3)}"
    live.flask("users", "create", login, "--name", "Đặng Văn Mỹ Hiệp", "--password", "MyHiep-2026-hop")
    own = live.flask("users", "token", login, "--name", "máy tính bảng").stdout.strip()
    tokens = {name: token(live, name) for name in ("chutich", "thuky")}
    meeting = fresh_meeting(
        url_a, tokens["thuky"], {"chutich": "chair", "thuky": "secretary", login: "member"}, {**tokens, login: own}
    )
    tablet = Tablet(url_b, own)
    try:
        assert tablet.call("meeting.join", {"meeting_id": meeting["id"]})["ok"] is True
        response = requests.post(
            f"{url_a}/api/v1/users/{meeting['members'][login]}/deactivate",
            headers={"Authorization": f"Bearer {token(live, 'admin')}"},
            timeout=10,
        )
        assert response.status_code == 200 and response.json()["user"]["active"] is False, response.text
        assert _cut_off(tablet, "account_disabled")["meeting_id"] is None
        me = requests.get(f"{url_b}/api/v1/me", headers={"Authorization": f"Bearer {own}"}, timeout=10)
        assert me.status_code == 401
    finally:
        tablet.close()
