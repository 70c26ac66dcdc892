"""Drill: PostgreSQL restarted mid-session. A gunicorn gevent process of the app serves a member
signed in with the browser's session cookie, the same member's API token and a tablet; the
drill's private PostgreSQL is first stopped for a moment (every request must then answer the
clear 503 in Vietnamese — JSON on the API, a page in the browser — never a traceback), then
restarted with ``pg_ctl restart -m fast`` while requests keep coming. After each, without
restarting the app, every request succeeds again and the tablet's marks are stored."""

from __future__ import annotations

import re
import threading

import requests

from tests.drills.process_tablets import DrillTablet, session_meeting
from tests.support.counts import report

DOWN = "Cơ sở dữ liệu tạm thời không phản hồi; vui lòng thử lại sau giây lát."
DEMO_PASSWORD = "phonghop2026"


def _signed_in(url: str, login: str) -> requests.Session:
    browser = requests.Session()
    form = browser.get(f"{url}/login", timeout=20).text
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form) or re.search(
        r'name="csrf-token" content="([^"]+)"', form
    )
    answer = browser.post(
        f"{url}/login",
        data={"login": login, "password": DEMO_PASSWORD, "csrf_token": csrf.group(1)},
        timeout=20,
        allow_redirects=False,
    )
    assert answer.status_code in (302, 303), answer.text[:500]
    return browser


class Probe:
    """One request as a member makes it, judged: ``ok`` (the real content), ``down`` (the clear
    503), or ``wrong`` (anything else: a 500, a traceback, a page without the message)."""

    def __init__(self, url: str, browser: requests.Session, token: str, meeting: dict):
        self.url, self.browser, self.meeting = url, browser, meeting
        self.api = {"Authorization": f"Bearer {token}"}

    def page(self) -> tuple[str, str]:
        answer = self.browser.get(f"{self.url}/meetings/{self.meeting['id']}", timeout=30)
        if answer.status_code == 200 and self.meeting["title"] in answer.text:
            return "ok", ""
        if answer.status_code == 503 and DOWN in answer.text and "Traceback" not in answer.text:
            return "down", ""
        return "wrong", f"page {answer.status_code}: {answer.text[:300]}"

    def api_call(self) -> tuple[str, str]:
        answer = requests.get(f"{self.url}/api/v1/meetings/{self.meeting['id']}", headers=self.api, timeout=30)
        body = answer.json() if answer.headers.get("Content-Type", "").startswith("application/json") else None
        if answer.status_code == 200 and body and body.get("title") == self.meeting["title"]:
            return "ok", ""
        if answer.status_code == 503 and body == {"error": DOWN, "status": 503, "code": "DatabaseUnavailable"}:
            return "down", ""
        return "wrong", f"api {answer.status_code}: {answer.text[:300]}"


def test_postgres_restarted_mid_session_requests_recover_without_restarting_the_app(drill_stack):
    stack = drill_stack
    app = stack.start_app("pg")
    meeting = session_meeting(stack, app.url, "Diễn tập: khởi động lại PostgreSQL", ("uyvien1", "uyvien2"))
    meeting["title"] = "Diễn tập: khởi động lại PostgreSQL"
    probe = Probe(app.url, _signed_in(app.url, "uyvien1"), stack.tokens["uyvien1"], meeting)
    tablet = DrillTablet("uyvien1", stack.tokens["uyvien1"], meeting["id"])
    tablet.connect(app.url)
    worker_pids = _worker_pids(app)
    try:
        assert probe.page() == ("ok", "") and probe.api_call() == ("ok", "")
        marks = [tablet.mark(meeting["document_id"])]
        tablet.flush()

        # 1. The database is down: every request says so, clearly, in the user's language.
        stack.postgres.stop()
        while_down = [probe.page(), probe.api_call(), probe.page(), probe.api_call()]
        assert while_down == [("down", "")] * 4, while_down
        stack.postgres.start()
        after_start = [probe.page(), probe.api_call()]
        assert after_start == [("ok", "")] * 2, after_start  # the very first request after it is back

        # 2. pg_ctl restart -m fast while a member keeps clicking.
        seen: list[tuple[str, str]] = []
        stop = threading.Event()

        def keep_clicking():
            while not stop.is_set():
                seen.append(probe.page())
                seen.append(probe.api_call())

        clicker = threading.Thread(target=keep_clicking)
        clicker.start()
        try:
            stack.postgres.restart()
        finally:
            stop.set()
            clicker.join(60)
        wrong = [detail for outcome, detail in seen if outcome == "wrong"]
        assert not wrong, wrong
        after_restart = [probe.page(), probe.api_call(), probe.page(), probe.api_call()]
        assert after_restart == [("ok", "")] * 4, after_restart

        # the live session recovered too: the same tablet's next mark is stored, once
        marks.append(tablet.mark(meeting["document_id"]))
        tablet.flush()
        stored = stack.sql("SELECT id FROM annotations WHERE meeting_id = :m ORDER BY created_at", m=meeting["id"])
        assert [row[0] for row in stored] == marks
        assert _worker_pids(app) == worker_pids, "the app process was restarted"
        during = {outcome: sum(1 for o, _ in seen if o == outcome) for outcome in ("ok", "down", "wrong")}
        report(
            f"\nDRILL postgres-restart: stopped: {len(while_down)}/{len(while_down)} requests answered the 503 "
            f"in Vietnamese; restarted under load: {len(seen)} requests ({during['ok']} ok, {during['down']} "
            f"clear 503, {during['wrong']} other); after: {len(after_start) + len(after_restart)}/"
            f"{len(after_start) + len(after_restart)} ok without restarting the app; marks stored "
            f"{len(stored)}/{len(marks)}"
        )
    finally:
        tablet.drop()
        app.stop()


def _worker_pids(app) -> set[int]:
    """The gunicorn worker process(es) under the app's master: the same pids mean no restart."""
    from pathlib import Path

    children = Path(f"/proc/{app.process.pid}/task/{app.process.pid}/children")
    return {int(pid) for pid in children.read_text().split()} if children.exists() else set()
