"""Over the real server (`make run`: one gevent process; its embedded Redis is unknown to the command
line): Socket.IO answers a handshake only from the app's own origin; a token revoked from the command
line (another process, which cannot reach the server's sockets) is cut off by the server's periodic
re-check."""

import pytest
import requests

from tests.live.live_clients import Tablet, demo_meeting

pytestmark = pytest.mark.live
HANDSHAKE = "/socket.io/?EIO=4&transport=polling"


def test_a_handshake_from_another_origin_gets_no_session(live):
    refused = requests.get(live.url + HANDSHAKE, headers={"Origin": "http://evil.example"}, timeout=10)
    assert refused.status_code == 400 and "sid" not in refused.text
    own = requests.get(live.url + HANDSHAKE, headers={"Origin": live.url}, timeout=10)
    assert own.status_code == 200 and '"sid"' in own.text
    assert own.headers.get("Access-Control-Allow-Origin") == live.url


def test_a_token_revoked_from_the_command_line_is_cut_off_within_the_recheck_period(live):
    meeting = demo_meeting(live)
    own = live.flask("users", "token", "uyvien3", "--name", "revoked-by-cli").stdout.strip()  # this test's own
    tablet = Tablet(live.url, own)
    try:
        assert tablet.call("meeting.join", {"meeting_id": meeting["id"]})["ok"] is True
        live.flask("users", "revoke-tokens", "uyvien3", "--prefix", own[:12])
        # the command line reaches no socket: the server's periodic recheck (PHONGHOP_SOCKET_RECHECK_SECONDS:
        # 10) finds the revoked token; the wait is generous because the machine is shared, not a timing check
        ((_, notice),) = tablet.wait_for(lambda n, d: n == "access.revoked", timeout=60)
        assert notice == {"meeting_id": None, "reason": "token_revoked"}
        assert tablet.closed_by_server.wait(10)
    finally:
        tablet.close()
