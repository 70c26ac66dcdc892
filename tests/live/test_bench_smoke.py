"""`make bench`'s machinery on a tiny size, against the live server (real gunicorn gevent, real
weed mini): a pack is uploaded through the API, the asyncio tablets open it the way PDF.js does
(headers, then byte ranges) at the same moment, each open is its own copy, and the report names
every key of issue 11. It asserts what the tablets received, never a timing."""

import json

import pytest
import sqlalchemy as sa

from bench import report
from bench.packs import scanned_pack
from bench.storm import Room, run_clients

pytestmark = [pytest.mark.live]


def test_the_storm_machinery_opens_by_ranges_and_reports_every_key(live, tmp_path):
    room = Room(live, members=("uyvien1",))
    pack = tmp_path / "tap-thu.pdf"
    assert scanned_pack(pack, 4, 60) > 150_000
    document_id = room.upload(pack, "Tập tài liệu thử bench")
    plan = {"url": live.url, "document_id": document_id, "ranges": [[0, 65535], [100_000, 100_999]]}
    (first,) = run_clients({**plan, "tokens": room.tablet_tokens(1), "ranges": []})
    assert first["status"] == 200 and first["size"] > 150_000 and first["bytes"] == 0  # headers only, then aborted
    tablets = run_clients({**plan, "tokens": room.tablet_tokens(3), "recorded_size": first["size"]})
    assert [(t["status"], t["bytes"]) for t in tablets] == [(206, 65536 + 1000)] * 3

    # four opens, four rows in the access log (the ranges are not opens)
    engine = sa.create_engine(live.env["PHONGHOP_DATABASE_URL"])
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT action FROM access_logs WHERE document_id = :d AND action != 'upload'"), {"d": document_id}
        ).all()
    engine.dispose()
    assert [r[0] for r in rows] == ["download"] * 4

    results = {"storm_tablets": 3, "storm_first_page_max_ms": max(t["ms"] for t in tablets)}
    text = report.table(results)
    assert all(f"`{key}`" in text for key in report.TARGETS) and "not measured" in text
    assert json.dumps(results)
