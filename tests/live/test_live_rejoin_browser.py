"""Issue 12, the process-killed gap, in real Chromium: a server process committed a page turn and
died before broadcasting it. The tablet's viewer never got it live; when the living server's
heartbeat sweeps the dead process's presence it sends ``sync.rejoin``, and the page joins again
without ``since_seq`` and shows the page the dead process turned to (static/js/realtime/connection.js).

The dead process is played by rows in the product's database: its heartbeat row (silent for a
minute, twice the TTL), a presence it held in the meeting, and its last change — numbered and
logged exactly as ``meetings.services.live.record_event`` does, never broadcast."""

from datetime import UTC, datetime, timedelta

import pytest
import requests
import sqlalchemy as sa

from meetings.models import LivePresence, LiveServer, LiveState, MeetingEvent
from tests.live.conftest import sign_in
from tests.live.live_clients import fresh_meeting, token, upload_pdf

pytestmark = [pytest.mark.browser, pytest.mark.live]


def _lost_page_turn(engine, meeting_id: int, document_id: int, by: int) -> int:
    """The dead process's last instant: its heartbeat stopped long ago, it held a tablet of the meeting,
    and it committed a page turn (the row lock, the seq, the log) that it never broadcast."""
    now = datetime.now(UTC)
    with engine.begin() as db:
        db.execute(
            sa.insert(LiveServer.__table__).values(
                id="killed-process", started_at=now, seen_at=now - timedelta(seconds=60)
            )
        )
        db.execute(
            sa.insert(LivePresence.__table__).values(
                sid="tablet-of-the-killed-process",
                meeting_id=meeting_id,
                user_id=by,
                joined_at=now,
                server_id="killed-process",
            )
        )
        seq = db.execute(
            sa.update(LiveState.__table__)
            .where(LiveState.__table__.c.meeting_id == meeting_id)
            .values(
                seq=LiveState.__table__.c.seq + 1,
                document_id=document_id,
                page=2,
                zoom=1.0,
                slide_by_id=by,
                updated_at=now,
            )
            .returning(LiveState.__table__.c.seq)
        ).scalar_one()
        payload = {"meeting_id": meeting_id, "document_id": document_id, "page": 2, "zoom": 1.0, "by": by, "seq": seq}
        db.execute(
            sa.insert(MeetingEvent.__table__).values(
                meeting_id=meeting_id, seq=seq, event="slide.changed", payload=payload, created_at=now
            )
        )
    return seq


def test_the_viewer_rejoins_on_sync_rejoin_and_shows_the_change_a_killed_process_never_broadcast(browser, live):
    tokens = {login: token(live, login) for login in ("thuky", "chutich", "uyvien1")}
    meeting = fresh_meeting(
        live.url, tokens["thuky"], {"chutich": "chair", "thuky": "secretary", "uyvien1": "member"}, tokens
    )
    document_id = upload_pdf(live.url, tokens["thuky"], meeting["id"], "to-trinh.pdf", "Tờ trình (thử đồng bộ lại)")
    secretary_id = requests.get(
        f"{live.url}/api/v1/me", headers={"Authorization": f"Bearer {tokens['thuky']}"}, timeout=10
    ).json()["id"]

    context = browser.new_context(base_url=live.url, locale="vi-VN", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    frames = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(str(payload))))
    engine = sa.create_engine(live.env["PHONGHOP_DATABASE_URL"])
    try:
        sign_in(page, "uyvien1")
        page.wait_for_url("**/meetings/mine")
        page.goto(f"/meetings/{meeting['id']}/live")
        page.wait_for_selector('#live-status[data-state="online"]')
        assert page.locator('#pdf-canvas[data-page="2"]').count() == 0

        _lost_page_turn(engine, meeting["id"], document_id, secretary_id)
        # the product's heartbeat (every 10 s) sweeps the killed process: sync.rejoin, then a full join
        page.wait_for_selector(
            f'#pdf-canvas[data-page="2"][data-document-id="{document_id}"]', state="attached", timeout=40000
        )
        assert any('"sync.rejoin"' in frame for frame in frames)
        assert not any('"slide.changed"' in frame for frame in frames)  # the page turn never came live
        page.wait_for_selector('#live-status[data-state="online"]')
    finally:
        context.close()
        with engine.begin() as db:  # nothing of the played process may outlive the test
            db.execute(sa.delete(LivePresence.__table__).where(LivePresence.__table__.c.server_id == "killed-process"))
            db.execute(sa.delete(LiveServer.__table__).where(LiveServer.__table__.c.id == "killed-process"))
        engine.dispose()
