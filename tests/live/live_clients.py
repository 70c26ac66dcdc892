"""python-socketio clients for the wire tests: authenticated by API token, recording every
server event they receive; and the setup the browser tests share (a meeting of their own, a
browser context per computer)."""

from __future__ import annotations

import threading
import time
import uuid
from datetime import date, timedelta

import requests
import socketio

NS = "/meeting"
SERVER_EVENTS = ("slide.changed", "presenter.changed", "annotation.changed", "presence.changed", "access.revoked")
_tokens: dict[tuple[str, str], str] = {}


def token(live, login: str) -> str:
    key = (str(live.instance_dir), login)
    if key not in _tokens:
        _tokens[key] = live.flask("users", "token", login).stdout.strip()
    return _tokens[key]


def demo_meeting(live) -> dict:
    headers = {"Authorization": f"Bearer {token(live, 'chutich')}"}
    meetings = requests.get(f"{live.url}/api/v1/meetings", headers=headers, timeout=10).json()["meetings"]
    meeting = next(m for m in meetings if m["state"] == "published" and m["title"].startswith("Phiên họp thường kỳ"))
    detail = requests.get(f"{live.url}/api/v1/meetings/{meeting['id']}", headers=headers, timeout=10).json()
    meeting["documents"] = [d for item in detail["agenda"] for d in item["documents"]]
    meeting["members"] = {m["login"]: m["id"] for m in detail["members"]}
    return meeting


class Tablet:
    def __init__(self, url: str, auth_token: str):
        self.received: list[tuple[str, dict]] = []
        self.lock = threading.Lock()
        self.client = socketio.Client(reconnection=False)
        self.closed_by_server = threading.Event()
        for name in SERVER_EVENTS:
            self.client.on(name, self._recorder(name), namespace=NS)
        self.client.on("disconnect", lambda *reason: self.closed_by_server.set(), namespace=NS)
        self.client.connect(url, namespaces=[NS], auth={"token": auth_token}, transports=["websocket"], wait_timeout=10)

    def _recorder(self, name):
        def record(data):
            with self.lock:
                self.received.append((name, data))

        return record

    def call(self, event: str, payload) -> dict:
        return self.client.call(event, payload, namespace=NS, timeout=15)

    def events(self, name: str | None = None) -> list[tuple[str, dict]]:
        with self.lock:
            return [(n, d) for n, d in self.received if name is None or n == name]

    def wait_for(self, predicate, timeout: float = 10.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [e for e in self.events() if predicate(*e)]
            if found:
                return found
            time.sleep(0.05)
        raise AssertionError(f"no matching event; received {self.events()[-5:]}")

    def close(self):
        self.client.disconnect()


def fresh_meeting(url: str, secretariat_token: str, roles: dict[str, str], tokens: dict[str, str]) -> dict:
    """A published meeting of its own (so that removing people leaves the demo meetings alone):
    ``roles`` maps logins to meeting roles, ``tokens`` gives each login's API token."""
    headers = {"Authorization": f"Bearer {secretariat_token}"}
    created = requests.post(
        f"{url}/api/v1/meetings",
        headers=headers,
        timeout=10,
        json={
            "title": f"Họp kiểm thử quyền dự họp {uuid.uuid4().hex[:6]}",
            "body": "UBND xã Ba Sao",  # a body with no standing members seated: the test names who attends
            "starts_at": "2026-12-21T08:00:00+07:00",
        },
    )
    assert created.status_code == 201, created.text
    meeting = created.json()
    ids = {}
    for login, role in roles.items():
        ids[login] = requests.get(
            f"{url}/api/v1/me", headers={"Authorization": f"Bearer {tokens[login]}"}, timeout=10
        ).json()["id"]
        added = requests.post(
            f"{url}/api/v1/meetings/{meeting['id']}/members",
            headers=headers,
            timeout=10,
            json={"user_id": ids[login], "role": role},
        )
        assert added.status_code == 201, added.text
    published = requests.post(f"{url}/api/v1/meetings/{meeting['id']}/publish", headers=headers, timeout=10)
    assert published.status_code == 200, published.text
    return {"id": meeting["id"], "members": ids}


def ink(document_id: int, layer: str = "shared", page: int = 1) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "document_id": document_id,
        "page": page,
        "layer": layer,
        "kind": "ink",
        "data": {"points": [[0.1, 0.1], [0.2, 0.25]], "color": "#d32f2f", "width": 0.004},
    }


def floor_meeting(
    live,
    title: str,
    roles: dict[str, str],
    items: tuple[dict, ...] = (),
    checked_in: tuple[str, ...] = (),
    start: bool = False,
) -> dict:
    """A published meeting of its own on the demo's people (the demo meeting stays as it is for the
    other tests), made by the secretary through the API: ``roles`` maps logins to meeting roles,
    ``items`` are agenda items (the API's JSON), ``checked_in`` the logins the secretary checks in,
    ``start`` opens the session. Returns its id, its agenda item ids, the members' ids and the
    secretary's headers."""
    api = f"{live.url}/api/v1/meetings"
    office = {"Authorization": f"Bearer {token(live, 'thuky')}"}
    day = (date.today() + timedelta(days=1)).isoformat()
    meeting = requests.post(
        api,
        headers=office,
        timeout=10,
        json={
            "title": title,
            "body": "UBND xã Ba Sao",  # a body with no standing members seated: the test names who attends
            "kind": "thematic",
            "starts_at": f"{day}T08:00",
            "ends_at": f"{day}T10:00",
            "place": "Phòng họp số 2",
        },
    ).json()
    members = demo_meeting(live)["members"]
    for login, role in roles.items():
        added = requests.post(
            f"{api}/{meeting['id']}/members", headers=office, timeout=10, json={"user_id": members[login], "role": role}
        )
        assert added.status_code == 201, added.text
    item_ids = []
    for item in items:
        created = requests.post(f"{api}/{meeting['id']}/agenda", headers=office, timeout=10, json=item)
        assert created.status_code == 201, created.text
        item_ids = [i["id"] for i in created.json()["agenda"]]
    assert requests.post(f"{api}/{meeting['id']}/publish", headers=office, timeout=10).status_code == 200
    for login in checked_in:
        checked = requests.put(
            f"{api}/{meeting['id']}/attendance/{members[login]}",
            headers=office,
            timeout=10,
            json={"action": "check_in"},
        )
        assert checked.status_code == 200, checked.text
    if start:
        started = requests.post(f"{api}/{meeting['id']}/start", headers=office, timeout=10)
        assert started.status_code == 200, started.text
    return {"id": meeting["id"], "items": item_ids, "members": members, "office": office}


def browser_page(
    browser, live, login: str | None = None, path: str | None = None, clock_ahead=None, timezone_id: str | None = None
):
    """A Chromium context of its own (another computer), signed in as ``login`` when given, on
    ``path`` when given and, for a live page, once its connection is online. ``clock_ahead`` (a
    timedelta): the computer's clock is that far ahead (time still flows). ``timezone_id``: the
    computer's time zone (e.g. "Europe/Paris"), the machine's own when not given."""
    from datetime import UTC, datetime

    from tests.live.conftest import sign_in

    zone = {"timezone_id": timezone_id} if timezone_id else {}
    context = browser.new_context(base_url=live.url, locale="vi-VN", viewport={"width": 1280, "height": 800}, **zone)
    if clock_ahead is not None:
        context.clock.install(time=datetime.now(UTC) + clock_ahead)
    page = context.new_page()
    if login:
        sign_in(page, login)
        page.wait_for_url("**/meetings/mine")
    if path:
        page.goto(path)
        if page.locator("#live-status").count():
            page.wait_for_selector('#live-status[data-state="online"]')
    return context, page


def upload_pdf(base_url: str, token: str, meeting_id: int, filename: str, title: str, pages: int = 3) -> int:
    """Upload a ``pages``-page PDF to a meeting through the API, as the secretary's tools do; its id."""
    from tests.support.pdfs import make_pdf

    uploaded = requests.post(
        f"{base_url}/api/v1/meetings/{meeting_id}/documents",
        params={"filename": filename, "title": title},
        data=make_pdf(pages),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/pdf"},
        timeout=60,
    )
    assert uploaded.status_code == 201, uploaded.text
    return uploaded.json()["id"]
