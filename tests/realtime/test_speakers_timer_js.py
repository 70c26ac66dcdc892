"""The speaking timer's arithmetic in static/js/realtime/speakers.js, run by Node: a countdown, then
the overrun ("+00:35", flagged to turn red), counted against the server's clock however wrong the
tablet's is, and — on catch-up — against the join's server_time, not a replayed event's."""

import json
import shutil
import subprocess

import pytest

from app.config import PROJECT_ROOT

SCRIPT = """
import { Floor, clock } from %(module)s;
const realNow = Date.now;
const out = {};
Date.now = () => Date.parse("2026-12-01T04:00:00.000Z");           // this tablet is 2.5 hours fast
const floor = new Floor(34);
const speaking = (startedAt) => ({ agenda_item_id: 3, allotted_seconds: 300, queue: [], done: [],
  current: { id: 6, user_id: 34, name: "Nguyễn Thị Mai", started_at: startedAt, allotted_seconds: 300 } });
floor.joined({ agenda_item_id: 3, server_time: "2026-12-01T01:30:00.000Z", speakers: [] });
// a replayed event (catch-up): its server_time is old news, the join's offset stays
floor.apply("speaker.changed", { ...speaking("2026-12-01T01:28:00.000Z"), server_time: "2026-12-01T01:28:00.000Z" }, false);
out.replayed = floor.timer(floor.speech().entry);
out.mine = floor.mine();
// a live event: its server_time is now
floor.apply("speaker.changed", { ...speaking("2026-12-01T01:24:25.000Z"), server_time: "2026-12-01T01:30:00.000Z" }, true);
out.over = floor.timer(floor.speech().entry);
Date.now = () => Date.parse("2026-12-01T04:00:01.000Z");
out.later = floor.timer(floor.speech().entry);
floor.apply("agenda.current", { agenda_item_id: 4 }, true);
out.elsewhere = floor.mine();
out.clock = [clock(0), clock(59), clock(61), clock(3600)];
Date.now = realNow;
console.log(JSON.stringify(out));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_countdown_overrun_and_a_wrong_tablet_clock():
    module = json.dumps((PROJECT_ROOT / "static" / "js" / "realtime" / "speakers.js").as_uri())
    run = subprocess.run(
        ["node", "--input-type=module", "-e", SCRIPT % {"module": module}],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    out = json.loads(run.stdout.strip().splitlines()[-1])
    assert out["replayed"] == {"text": "03:00", "over": False}  # 2 minutes in, of 5
    assert out["mine"] == {"state": "speaking", "id": 6}
    assert out["over"] == {"text": "+00:35", "over": True}  # 5 min 35 s in
    assert out["later"] == {"text": "+00:36", "over": True}
    assert out["elsewhere"] == {"state": "none"}
    assert out["clock"] == ["00:00", "00:59", "01:01", "60:00"]
