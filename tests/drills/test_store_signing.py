"""Drill sign-abandoned: the secretary sends the signing request for the minutes to the real server
and her client goes away before the answer — once in the middle of sending the form, once right
after sending it, while the server signs. Afterwards the minutes are either fully signed (the
stored revision is byte-for-byte what its row records and pyHanko finds every signature intact,
valid and trusted) or unchanged (no row, no object): never a half-signed PDF in the store, never a
row saying signed without a valid object, no object without its row. A retry then works: the
signature is there once, and the chair signs after it. docs/reliability.md, "The object store"."""

from __future__ import annotations

import hashlib
import socket
import struct
import time
from urllib.parse import urlencode, urlparse

import pytest

from documents.embedded_s3 import EmbeddedS3Settings
from documents.minutes_pdf import SIGNING_CHAIN
from documents.signing import verify_pdf
from documents.storage import ObjectStore
from tests.drills.store_support import BUCKET, csrf_token, seconds, shared_stack


@pytest.fixture
def stack(request, tmp_path_factory):
    stack = shared_stack(request, tmp_path_factory)
    yield stack
    stack.restore()


def _bucket(stack) -> ObjectStore:
    s: EmbeddedS3Settings = stack.s3.settings
    return ObjectStore(s.endpoint, s.access_key, s.secret_key, BUCKET, timeout=10)


def _signed_rows(stack) -> list[tuple[str, str, int]]:
    import sqlalchemy as sa

    from app.config import normalise_db_url

    engine = sa.create_engine(normalise_db_url(stack.db_url))
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT object_key, sha256, signatures FROM signed_minutes WHERE meeting_id = :m ORDER BY 3"),
                {"m": stack.facts["closed_id"]},
            )
            return [tuple(row) for row in rows]
    finally:
        engine.dispose()


def _state(stack) -> dict:
    """The minutes as the store and the database hold them, checked against each other."""
    meeting = stack.facts["closed_id"]
    rows = _signed_rows(stack)
    bucket = _bucket(stack)
    keys = bucket.list_keys(f"meetings/{meeting}/minutes/")
    assert sorted(keys) == sorted(key for key, _, _ in rows), f"objects {keys} != rows {rows}"
    roots = [bucket.read_bytes("pki/demo-ca.pem")]
    for key, sha256, signatures in rows:
        data = bucket.read_bytes(key)
        assert hashlib.sha256(data).hexdigest() == sha256, f"{key} is not what its row records"
        report = verify_pdf(data, roots, chain=SIGNING_CHAIN)
        assert report.verdict == "valid" and len(report.signatures) == signatures, (key, report)
    return {"signatures": max((s for _, _, s in rows), default=0), "rows": len(rows)}


def _abandoned_post(stack, session, path: str, fields: dict, send: float = 1.0, wait: float = 0.0, reset=False) -> None:
    """POST ``fields`` to ``path`` with ``session``'s cookies, sending only the first ``send``
    fraction of the body; ``wait`` seconds later close the connection without reading the answer —
    with a reset (``reset``: a tablet's Wi-Fi drops; unread bytes are lost) or a plain close."""
    url = urlparse(stack.url)
    body = urlencode(fields).encode()
    cookies = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {url.netloc}\r\nCookie: {cookies}\r\n"
        f"User-Agent: {session.headers['User-Agent']}\r\n"  # the login is bound to it
        f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n"
        f"Referer: {stack.url}{path}\r\nConnection: close\r\n\r\n"
    ).encode()
    with socket.create_connection((url.hostname, url.port), timeout=10) as connection:
        connection.sendall(head + body[: int(len(body) * send)])
        time.sleep(wait)
        if reset:
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def _settled(stack, path: str, handled: int, timeout: float = 90) -> dict:
    """The state once the server has finished the abandoned request (its ``handled + 1``-th POST)."""
    deadline = time.monotonic() + timeout
    while len(stack.handled("POST", path)) <= handled:
        assert time.monotonic() < deadline, "the server never finished the abandoned request"
        time.sleep(0.2)
    return _state(stack)


def test_signing_request_abandoned_by_its_client(stack):
    meeting = stack.facts["closed_id"]
    path = f"/meetings/{meeting}/minutes/sign"
    secretary, chair = stack.browser("thuky"), stack.browser("chutoa")
    assert _state(stack) == {"signatures": 0, "rows": 0}

    def form(session):
        page = session.get(f"{stack.url}/meetings/mine", timeout=30)
        assert page.status_code == 200
        return {"csrf_token": csrf_token(page.text), "passphrase": stack.facts["passphrase"]}

    # 1. the connection drops in the middle of the passphrase: nothing was signed (and the session
    # is good: the same request sent whole signs, step 2)
    handled = len(stack.handled("POST", path))
    _abandoned_post(stack, secretary, path, form(secretary), send=0.97, wait=0.2, reset=True)
    cut = _settled(stack, path, handled)
    assert cut == {"signatures": 0, "rows": 0}
    assert stack.handled("POST", path)[-1] == 400  # the form never arrived whole (not a lost login)

    # 2. the whole form sent, the client gone at once (a plain close), before the server signs
    started = time.monotonic()
    handled = len(stack.handled("POST", path))
    _abandoned_post(stack, secretary, path, form(secretary))
    gone = _settled(stack, path, handled)
    gone_seconds = seconds(started)
    # the server had the whole form: it finishes the work, and _state found it fully signed
    assert gone["signatures"] == 1 and stack.handled("POST", path)[-1] == 302

    # 3. the secretary retries: her signature is there exactly once
    retry = secretary.post(f"{stack.url}{path}", data=form(secretary), allow_redirects=False, timeout=60)
    assert retry.status_code == 409 and "Bạn đã ký biên bản này" in retry.text, retry.text[:300]
    assert _state(stack) == {"signatures": 1, "rows": 1}

    # 4. the chair's connection drops (reset) while the server signs (pyHanko takes ~0.5 s), then he retries
    handled = len(stack.handled("POST", path))
    _abandoned_post(stack, chair, path, form(chair), wait=0.3, reset=True)
    dropped = _settled(stack, path, handled)
    assert dropped["signatures"] in (1, 2)
    again = chair.post(f"{stack.url}{path}", data=form(chair), allow_redirects=False, timeout=60)
    if dropped["signatures"] == 2:
        assert again.status_code == 409 and "Biên bản đã được ký đủ" in again.text, again.text[:300]
    else:
        assert again.status_code == 302, again.text[:300]
    assert _state(stack) == {"signatures": 2, "rows": 2}
    verify = secretary.get(f"{stack.url}/meetings/{meeting}/minutes/verify", timeout=60)
    assert 'data-verdict="valid"' in verify.text
    print(
        f"\ndrill sign-abandoned: cut mid-form: unchanged (0 rows, 0 objects); abandoned after sending: "
        f"fully signed (settled in {gone_seconds} s), retry "
        f"{retry.status_code}; chair's reset mid-signing: {'fully signed' if dropped['signatures'] == 2 else 'unchanged'}"
        f", retry {again.status_code}; 2 signatures, pyHanko valid, objects = rows"
    )
