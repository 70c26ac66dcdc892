"""Drill s3-stop: the S3 server stopped while a member of the secretariat uploads a PDF, through the
web form and the API — stopped before the upload, and killed while the document's bytes stream
into it. The answer is a clear 503 in Vietnamese (a page for the web, JSON for the API, no
traceback); no row is added to documents, versions, the access log or the audit log; no object
is left in the bucket once it is back; and the same upload then works, without restarting the app.
docs/reliability.md, "The object store"."""

from __future__ import annotations

import threading
import time

import pytest
import requests

from tests.drills.store_support import seconds, shared_stack
from tests.support.counts import report
from tests.support.pdfs import make_heavy_pdf, make_pdf

OUTAGE = "Kho lưu trữ không phản hồi"


@pytest.fixture
def stack(request, tmp_path_factory):
    stack = shared_stack(request, tmp_path_factory)
    yield stack
    stack.restore()


def _web_upload(stack, session, data: bytes, title: str) -> requests.Response:
    page = session.get(f"{stack.url}/meetings/{stack.facts['meeting_id']}", timeout=30)
    assert page.status_code == 200
    from tests.drills.store_support import csrf_token

    return session.post(
        f"{stack.url}/meetings/{stack.facts['meeting_id']}/documents",
        data={"csrf_token": csrf_token(page.text), "title": title, "agenda_item_id": stack.facts["item_id"]},
        files={"file": ("bao-cao-dien-tap.pdf", data, "application/pdf")},
        headers={"Referer": page.url},
        allow_redirects=False,
        timeout=60,
    )


def _api_upload(stack, data: bytes, title: str) -> requests.Response:
    return requests.post(
        f"{stack.url}/api/v1/meetings/{stack.facts['meeting_id']}/documents",
        params={"title": title},
        data=data,
        headers={**stack.api("vanphong"), "Content-Type": "application/pdf"},
        timeout=60,
    )


def _assert_clear_page(answer: requests.Response) -> None:
    assert answer.status_code == 503, answer.text[:500]
    assert answer.headers["Content-Type"].startswith("text/html")
    assert OUTAGE in answer.text and "Traceback" not in answer.text and "urllib3" not in answer.text


def _assert_clear_json(answer: requests.Response) -> None:
    assert answer.status_code == 503, answer.text[:500]
    body = answer.json()
    assert body["code"] == "StorageUnavailable" and body["error"].startswith(OUTAGE), body


def _crash_while_streaming(stack, data: bytes) -> tuple[requests.Response, int]:
    """Send ``data`` through the API and SIGKILL the S3 server once the server has started
    streaming it there (the S3 process has read 4 MB more than before). Returns the answer and
    how many bytes the S3 server had read when it died."""
    answers: list = []
    before = stack.s3_bytes_read()
    sender = threading.Thread(target=lambda: answers.append(_api_upload(stack, data, "Bản đồ quy hoạch")))
    sender.start()
    deadline = time.monotonic() + 120
    while stack.s3_bytes_read() - before < 4 * 1024 * 1024:
        assert sender.is_alive(), f"the upload ended before it reached the store: {answers[0].status_code}"
        assert time.monotonic() < deadline, "the upload never reached the store"
        time.sleep(0.005)
    received = stack.s3_bytes_read() - before
    stack.crash_store()
    sender.join(90)
    assert answers, "no answer to the upload"
    return answers[0], received


def test_s3_stopped_during_uploads(stack):
    small = make_pdf(2, title="Báo cáo diễn tập")
    office = stack.browser("vanphong")  # signing in is audited: counted after it
    rows, keys = stack.counts(), stack.keys()

    stack.s3.stop()
    started = time.monotonic()
    web = _web_upload(stack, office, small, "Báo cáo (web)")
    web_seconds = seconds(started)
    _assert_clear_page(web)
    started = time.monotonic()
    api = _api_upload(stack, small, "Báo cáo (API)")
    api_seconds = seconds(started)
    _assert_clear_json(api)
    assert stack.counts() == rows

    # killed while the bytes stream into it: 24 MB, three parts of 8 MB
    stack.s3.start()
    heavy = make_heavy_pdf(24)
    started = time.monotonic()
    mid, received = _crash_while_streaming(stack, heavy)
    mid_seconds = seconds(started)
    _assert_clear_json(mid)
    assert stack.counts() == rows

    stack.s3.start()
    late = len(stack.keys() - keys)  # kept by the store although the upload failed (removed below)
    parts = len(stack.incomplete_uploads())  # the killed upload's parts (aborted below)
    health = requests.get(f"{stack.url}/healthz", timeout=10)  # the app meets the store again
    assert health.status_code == 200 and health.json()["storage"] == "ok", health.text
    deadline = time.monotonic() + 20
    while (left := stack.keys() - keys) and time.monotonic() < deadline:  # removed at the next contact
        time.sleep(0.2)
        requests.get(f"{stack.url}/healthz", timeout=10)
    assert not left, f"objects left behind in the bucket: {sorted(left)}"
    assert not stack.unreferenced() and not stack.incomplete_uploads()
    assert stack.counts() == rows

    # the same uploads work now, the app never restarted
    again_web = _web_upload(stack, office, small, "Báo cáo (web)")
    assert again_web.status_code in (302, 303), again_web.text[:500]
    again_api = _api_upload(stack, heavy, "Bản đồ quy hoạch")
    assert again_api.status_code == 201, again_api.text[:500]
    document = again_api.json()
    assert document["size"] == len(heavy) and document["title"] == "Bản đồ quy hoạch"
    after = stack.counts()
    assert after["documents"] == rows["documents"] + 2 and after["document_versions"] == rows["document_versions"]
    assert after["access_logs"] == rows["access_logs"] + 2  # one upload row each
    added = stack.keys() - keys
    titles = stack.scalar(
        "SELECT count(*) FROM documents WHERE meeting_id = :m AND title IN ('Báo cáo (web)', 'Bản đồ quy hoạch')",
        m=stack.facts["meeting_id"],
    )
    assert titles == 2
    assert sum(k.endswith(".pdf") and "/stamping/" not in k for k in added) == 2, sorted(added)
    report(
        f"\ndrill s3-stop: web upload 503 in {web_seconds} s, API upload 503 in {api_seconds} s, "
        f"killed after {received / 2**20:.1f} MiB reached the store: 503 in {mid_seconds} s; "
        f"rows unchanged {rows}; after restart {late} object(s) and {parts} unfinished multipart upload(s) "
        f"the store had kept, 0 left once the app met it again; retry 201 (web {again_web.status_code})"
    )
