"""Drill s3-hang: the S3 server hangs (SIGSTOP: the kernel still accepts connections, nothing
answers) while people use the real server (gunicorn's gevent worker, as a tablet meets it). Every
request that touches the store — a member's open of a document (web), its download (API), an
upload (API), a page thumbnail — answers the clear 503 within the configured timeout
(PHONGHOP_S3_TIMEOUT_SECONDS, 2 s here) plus a margin for the noisy machine, instead of the 30 s
and more it took before; /healthz answers within about a second, while the store still hangs,
saying it is the store that is down; the meeting list, the agenda page and the archive search keep
working; once the S3 server resumes (SIGCONT), the same open works without restarting the app.
docs/reliability.md, "The object store"."""

from __future__ import annotations

import threading
import time

import pytest
import requests

from tests.drills.store_support import TIMEOUT, seconds, shared_stack
from tests.support.counts import report
from tests.support.pdfs import make_pdf

OUTAGE = "Kho lưu trữ không phản hồi"
MARGIN = 6  # seconds over the timeout a loaded machine may add (before: 30 s and more)


@pytest.fixture
def stack(request, tmp_path_factory):
    stack = shared_stack(request, tmp_path_factory)
    yield stack
    stack.restore()


def _timed(method, url, **kw) -> tuple[requests.Response, float]:
    started = time.monotonic()
    answer = requests.request(method, url, timeout=60, **kw)
    return answer, seconds(started)


def _store_requests(stack, member: requests.Session) -> dict:
    """Every request that touches the store, all at once (as tablets send them); name → (answer, s)."""
    document, meeting = stack.facts["document_id"], stack.facts["meeting_id"]
    api = stack.api("uyvien")
    calls = {
        "open (web)": lambda: _timed_session(member, f"{stack.url}/documents/{document}/view"),
        "download (API)": lambda: _timed("GET", f"{stack.url}/api/v1/documents/{document}/download", headers=api),
        "upload (API)": lambda: _timed(
            "POST",
            f"{stack.url}/api/v1/meetings/{meeting}/documents",
            data=make_pdf(1, title="Tờ trình"),
            headers={**stack.api("vanphong"), "Content-Type": "application/pdf"},
        ),
        "thumbnail": lambda: _timed_session(member, f"{stack.url}/documents/{document}/thumbnails/1.jpg"),
    }
    results: dict = {}
    threads = [threading.Thread(target=lambda n=n, c=c: results.__setitem__(n, c())) for n, c in calls.items()]
    for thread in threads:
        thread.start()
    return {"threads": threads, "results": results}


def _timed_session(session: requests.Session, url: str):
    started = time.monotonic()
    answer = session.get(url, timeout=60)
    return answer, seconds(started)


def test_s3_hanging(stack):
    member = stack.browser("uyvien")
    archivist = stack.browser("luutru")
    document = stack.facts["document_id"]
    first = member.get(f"{stack.url}/documents/{document}/view", timeout=60)
    assert first.status_code == 200 and first.content.startswith(b"%PDF-")
    # a server that has been running: its first upload imports the PDF libraries (pypdf, PDFium,
    # Pillow), which holds the whole gevent process for seconds on this machine — not the store's doing
    warm = requests.post(
        f"{stack.url}/api/v1/meetings/{stack.facts['meeting_id']}/documents",
        data=make_pdf(1, title="Giấy mời"),
        headers={**stack.api("vanphong"), "Content-Type": "application/pdf"},
        timeout=60,
    )
    assert warm.status_code == 201, warm.text[:300]
    rows = stack.counts()

    stack.hang_store()
    try:
        running = _store_requests(stack, member)
        time.sleep(0.3)  # they are waiting on the store now
        health, health_seconds = _timed("GET", f"{stack.url}/healthz")
        assert stack.store_hangs(), "the S3 server resumed before /healthz answered"
        assert health.status_code == 503, health.text
        assert health.json() == {"database": "ok", "storage": "unavailable", "redis": "not configured", "workers": 0}
        assert health_seconds < 1 + MARGIN / 2

        others = {
            "meeting list": (member, "/meetings/mine", "Phiên họp diễn tập sự cố kho lưu trữ"),
            "agenda page": (member, f"/meetings/{stack.facts['meeting_id']}", "Nội dung 2"),
            "archive search": (archivist, "/archive", stack.facts["closed_title"]),
        }
        other_seconds = {}
        for name, (session, path, expected) in others.items():
            answer, other_seconds[name] = _timed_session(session, stack.url + path)
            assert answer.status_code == 200 and expected in answer.text, (name, answer.status_code)

        for thread in running["threads"]:
            thread.join(60)
        assert stack.store_hangs(), "the S3 server resumed before the requests answered"
        timings = {}
        for name, (answer, took) in running["results"].items():
            assert answer.status_code == 503, (name, answer.status_code, answer.text[:300])
            if name == "open (web)" or name == "thumbnail":
                assert OUTAGE in answer.text and "Traceback" not in answer.text, name
            else:
                assert answer.json()["code"] == "StorageUnavailable", name
            assert took < TIMEOUT + MARGIN, (name, took)
            timings[name] = took
        # while the store is held down, a second open answers at once
        again, again_seconds = _timed_session(member, f"{stack.url}/documents/{document}/view")
        assert again.status_code == 503 and again_seconds < TIMEOUT + MARGIN
        assert stack.counts()["documents"] == rows["documents"]  # the upload added nothing
    finally:
        stack.resume_store()
    time.sleep(1)  # the resumed server may still store what it had received
    kept = len(stack.unreferenced())  # removed below, when the app meets the store again

    deadline = time.monotonic() + 30
    while (back := member.get(f"{stack.url}/documents/{document}/view", timeout=60)).status_code != 200:
        assert time.monotonic() < deadline, back.text[:300]
        time.sleep(0.5)
    assert back.content.startswith(b"%PDF-")
    assert requests.get(f"{stack.url}/healthz", timeout=10).status_code == 200
    # the upload's bytes, if the resumed server still stored them, were removed at its return
    deadline = time.monotonic() + 20
    while (left := stack.unreferenced()) and time.monotonic() < deadline:
        time.sleep(0.3)
        requests.get(f"{stack.url}/healthz", timeout=10)
    assert not left, sorted(left)
    assert stack.counts()["documents"] == rows["documents"]
    report(
        "\ndrill s3-hang: "
        + ", ".join(f"{name} 503 in {took} s" for name, took in timings.items())
        + f" (timeout {TIMEOUT} s); healthz {health_seconds} s while hanging; again 503 in {again_seconds} s; "
        + ", ".join(f"{name} 200 in {took} s" for name, took in other_seconds.items())
        + f"; {kept} object(s) of the refused upload kept by the resumed store, 0 left after"
    )
