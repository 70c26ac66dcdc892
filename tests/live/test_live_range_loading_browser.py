"""PDF.js on the live page loads a document by ranges (issue 11): in real Chromium, a member opens
an 80-page scanned pack (~12 MB) and page 1 is drawn after fetching a small part of it, by 206 responses of
one copy — the open brings the first chunk, the last chunk is the one other request (no request for
the whole copy); the open is one row in the access log, however many ranges PDF.js asked for."""

import re

import pytest
import sqlalchemy as sa

from bench.packs import scanned_pack
from bench.storm import Room
from tests.live.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.live]


def test_page_one_is_drawn_from_a_few_ranges_of_one_copy(browser, live, tmp_path):
    room = Room(live, members=("uyvien1",))
    pack = tmp_path / "tap-tai-lieu-quet.pdf"
    size = scanned_pack(pack, 80, 150)
    document_id = room.upload(pack, "Tập tài liệu quét (thử tải theo đoạn)")

    context = browser.new_context(base_url=live.url, locale="vi-VN", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        sign_in(page, "uyvien1")
        page.wait_for_url("**/meetings/mine")
        page.goto(f"/meetings/{room.meeting_id}/live")
        page.wait_for_selector('#live-status[data-state="online"]')
        seen = []

        def answered(response):
            if f"/documents/{document_id}/view" in response.url:
                headers = response.headers
                seen.append((response.url, response.status, int(headers.get("content-length", 0)), headers))

        context.on("response", answered)
        page.click(f'.doc-link[data-document-id="{document_id}"]')
        page.wait_for_selector(f'#pdf-canvas[data-page="1"][data-document-id="{document_id}"]', state="attached")
    finally:
        context.close()

    partial = [s for s in seen if s[1] == 206]
    assert partial and len(partial) == len(seen), seen  # never the whole copy, not even a request aborted
    tokens = {re.search(r"[?&]copy=([0-9a-f]+)", url).group(1) for url, *_ in seen}
    assert len(tokens) == 1  # every request names the same copy
    assert len({headers["etag"] for *_, headers in partial}) == 1
    assert "open=1" in seen[0][0] and not any("open=1" in url for url, *_ in seen[1:])
    assert len(seen) == 2, [(url, h.get("content-range")) for url, _s, _n, h in seen]  # the first and last chunks
    fetched = sum(n for _url, status, n, _h in seen if status == 206)
    assert fetched < size / 3, (fetched, size)  # page 1 without most of the other 79 pages' scans

    engine = sa.create_engine(live.env["PHONGHOP_DATABASE_URL"])
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT a.action FROM access_logs a JOIN users u ON u.id = a.user_id "
                "WHERE a.document_id = :d AND u.login = 'uyvien1' AND a.action != 'thumbnail'"
            ),
            {"d": document_id},
        ).all()
    engine.dispose()
    assert [r[0] for r in rows] == ["open"]
