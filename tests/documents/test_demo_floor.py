"""The demo's March 2020 meeting was held on the floor (demo/floor.py): members checked in, spoke and
voted through the product's services, dated to 26/03/2020. Its signed minutes state, per agenda item,
who spoke for how long and the votes with their tallies; nothing of that session is dated today."""

from __future__ import annotations

import re
import subprocess
from datetime import datetime, time
from itertools import pairwise
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from tests.support.rollback import rolled_back

DEMO_TITLE = "Phiên họp thường kỳ tháng 3 năm 2020 của UBND huyện Cao Lãnh"


@pytest.fixture(scope="module")
def held(app, tmp_path_factory):
    from demo.seed import seed_demo
    from meetings.localtime import LOCAL_TZ
    from meetings.models import (
        AdvanceBallot,
        FloorAttendance,
        LiveState,
        Meeting,
        MeetingEvent,
        Notification,
        SpeakerRequest,
        Vote,
        VoteBallot,
        VoteChoice,
        VoteParticipation,
    )
    from meetings.services.minutes_records import latest_signed, read_signed_revision
    from meetings.services.vote_tally import sha256_of
    from meetings.services.votes import ballots_document

    def local(value):
        return value.astimezone(LOCAL_TZ) if value is not None else None

    with rolled_back(app) as session:
        assert seed_demo(app.config["DEMO_PASSWORD"])
        meeting = session.scalar(sa.select(Meeting).where(Meeting.title == DEMO_TITLE))
        of_meeting = {
            model: list(session.scalars(sa.select(model).where(model.meeting_id == meeting.id)))
            for model in (FloorAttendance, SpeakerRequest, Vote, AdvanceBallot, MeetingEvent)
        }
        votes = sorted(of_meeting[Vote], key=lambda v: v.id)
        facts = SimpleNamespace(
            pdf=read_signed_revision(latest_signed(meeting.id)),
            attendance={
                row.user.login.removeprefix("hcl."): (local(row.checked_in_at), row.late, row.absent, row.absent_reason)
                for row in of_meeting[FloorAttendance]
            },
            speeches=[
                (
                    r.agenda_item.position,
                    r.user.login,
                    local(r.requested_at),
                    local(r.started_at),
                    local(r.ended_at),
                    r.state.value,
                )
                for r in of_meeting[SpeakerRequest]
            ],
            votes=[
                SimpleNamespace(
                    item=v.agenda_item.position,
                    secret=v.secret,
                    state=v.state.value,
                    result=v.result,
                    opened=local(v.opened_at),
                    closed=local(v.closed_at),
                    hash_ok=v.ballots_sha256 == sha256_of(ballots_document(v)),
                    named=[
                        (b.user_id, b.choice, b.advance, local(b.cast_at))
                        for b in session.scalars(sa.select(VoteBallot).where(VoteBallot.vote_id == v.id))
                    ],
                    participations=session.scalar(
                        sa.select(sa.func.count())
                        .select_from(VoteParticipation)
                        .where(VoteParticipation.vote_id == v.id)
                    ),
                    choices=session.scalar(
                        sa.select(sa.func.count()).select_from(VoteChoice).where(VoteChoice.vote_id == v.id)
                    ),
                )
                for v in votes
            ],
            advance=[(local(b.cast_at), b.choice) for b in of_meeting[AdvanceBallot]],
            events=[local(e.created_at) for e in of_meeting[MeetingEvent]],
            live=local(session.get(LiveState, meeting.id).updated_at),
            times=tuple(local(t) for t in (meeting.published_at, meeting.started_at, meeting.ended_at)),
            notes=session.scalar(
                sa.select(sa.func.count()).select_from(Notification).where(Notification.meeting_id == meeting.id)
            ),
            again=seed_demo(app.config["DEMO_PASSWORD"]),
        )
    path = tmp_path_factory.mktemp("demo-floor") / "bien-ban.pdf"
    path.write_bytes(facts.pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    # one line of words, without the page numbers (a line of digits atop pages 2 …) that cut into sentences
    facts.text = " ".join(word for line in text.splitlines() if not line.strip().isdigit() for word in line.split())
    return facts


def _item_sections(flat: str) -> dict[str, str]:
    """The minutes' agenda items (6.1 …) by number, each up to the next one (the last up to the close)."""
    starts = [(m.group(1), m.start()) for m in re.finditer(r"\b6\.(\d)\. ", flat)]
    ends = [start for _n, start in starts[1:]] + [flat.index("Cuộc họp kết thúc vào")]
    return {number: flat[start:end] for (number, start), end in zip(starts, ends)}


def test_signed_minutes_state_the_votes_with_their_tallies_per_item(held):
    sections = _item_sections(held.text)
    assert list(sections) == ["1", "2", "3"]
    report, plan, closing = sections["1"], sections["2"], sections["3"]
    assert (
        "Biểu quyết «Thông qua Báo cáo tình hình kinh tế – xã hội, quốc phòng – an ninh quý I năm 2020 và "
        "nhiệm vụ trọng tâm tháng 4 năm 2020» (biểu quyết công khai): Tán thành 6/6 thành viên (100,0 %) — "
        "Thông qua (Tán thành 6, Không tán thành 0, Không biểu quyết 0 (trong đó 1 phiếu gửi trước))."
    ) in report
    assert (
        "Biểu quyết «Thông qua Kế hoạch kiểm tra công tác cải cách hành chính năm 2020» (bỏ phiếu kín): "
        "Tán thành 4/6 thành viên (66,7 %) — Thông qua (Tán thành 4, Không tán thành 0, "
        "Không biểu quyết 1)."
    ) in plan
    assert "Biểu quyết" not in closing and "Biểu quyết «Thông qua Kế hoạch" not in report


def test_signed_minutes_state_who_spoke_on_each_item_and_for_how_long(held):
    sections = _item_sections(held.text)
    report, plan, closing = sections["1"], sections["2"], sections["3"]
    speakers = re.compile(r"- Đồng chí ([^()]+) \(([^()]+)\) phát biểu ([^;.]+)[;.]")
    assert speakers.findall(report) == [  # in the order they first took the floor, one line per person
        ("Trần Văn Lộc", "Phó Chủ tịch UBND huyện", "2 lần, tổng cộng 5 phút 50 giây"),
        ("Huỳnh Văn Tài", "Trưởng phòng Tài nguyên và Môi trường", "3 phút 50 giây"),
        ("Phạm Ngọc Hân", "Trưởng phòng Nội vụ", "2 phút 40 giây"),
    ]
    assert speakers.findall(plan) == [
        ("Đặng Thị Kim Loan", "Trưởng phòng Tài chính – Kế hoạch", "2 phút 30 giây"),
        ("Trần Văn Lộc", "Phó Chủ tịch UBND huyện", "3 phút 10 giây"),
        ("Huỳnh Văn Tài", "Trưởng phòng Tài nguyên và Môi trường", "2 phút"),
    ]
    assert "Ý kiến phát biểu:" in report and "Ý kiến phát biểu:" not in closing
    for section in (report, plan):  # speeches after the documents, before the conclusion
        assert section.index("Tài liệu:") < section.index("Ý kiến phát biểu:") < section.index("Kết luận:")


def test_signed_minutes_state_the_check_ins(held):
    flat = held.text
    assert "Nguyễn Hữu Phước – Chủ tịch UBND huyện (điểm danh lúc 07:21)" in flat
    assert "Huỳnh Văn Tài – Trưởng phòng Tài nguyên và Môi trường (điểm danh lúc 07:41, đến muộn)" in flat
    assert "Võ Thị Bích Thủy – Phó Chủ tịch UBND huyện (lý do: Đi công tác tại Tỉnh)" in flat
    # the count line counts the body's six seats, as the quorum and the votes do (6/6 voting members, the
    # secretary listed but not counted): five present, one away on mission
    count = flat[flat.index("3. Thành phần tham dự:") :].split(" Có mặt:", 1)[0]
    assert count == "3. Thành phần tham dự: có mặt 5/6 thành viên; vắng 1 thành viên (có lý do).", count


def _on_the_day(value: datetime, start=time(7, 0), end=time(10, 45)) -> bool:
    return value.date().isoformat() == "2020-03-26" and start <= value.time() <= end


def test_the_floor_is_dated_on_the_day_it_was_held(held):
    published, started, ended = held.times
    assert published.date().isoformat() == "2020-03-19"
    assert (started.time(), ended.time()) == (time(7, 30), time(10, 45)) and _on_the_day(started)
    checked = held.attendance
    assert checked["phochutich2"][2:] == (True, "Đi công tác tại Tỉnh") and checked["phochutich2"][0] is None
    present = {login: (at, late) for login, (at, late, absent, _r) in checked.items() if not absent}
    assert set(present) == {"thuky", "chutich", "phochutich1", "uyvien1", "uyvien2", "uyvien3"}
    assert all(_on_the_day(at) for at, _late in present.values())
    assert [login for login, (at, late) in present.items() if late] == ["uyvien2"]
    assert all(at < started for login, (at, _late) in present.items() if login != "uyvien2")

    assert len(held.speeches) == 7 and {s[-1] for s in held.speeches} == {"done"}
    for _item, _login, requested, begun, done, _state in held.speeches:
        assert _on_the_day(requested) and _on_the_day(begun) and _on_the_day(done)
        assert requested <= begun < done and (done - begun).total_seconds() < 5 * 60
    spans = sorted((begun, done) for _i, _l, _r, begun, done, _s in held.speeches)
    assert all(a_done <= b_begun for (_a, a_done), (b_begun, _b) in pairwise(spans))  # one at a time

    assert all(_on_the_day(v.opened) and _on_the_day(v.closed) and v.opened < v.closed for v in held.votes)
    sent_ahead = datetime.fromisoformat("2020-03-25T16:40:00+07:00")  # the day before, by the member on mission
    assert held.advance == [(sent_ahead, "for")]
    assert all(at == sent_ahead if advance else _on_the_day(at) for _u, _c, advance, at in held.votes[0].named)
    assert held.events and all(_on_the_day(at) for at in held.events)  # the seq log too
    assert _on_the_day(held.live)


def test_votes_were_closed_by_the_service_with_their_hash(held):
    report, plan = held.votes
    assert (report.item, plan.item) == (0, 1)
    assert all(v.state == "closed" and v.hash_ok for v in held.votes)
    assert report.result["summary"] == "Tán thành 6/6 thành viên (100,0 %) — Thông qua"
    assert report.result["counts"] == {"for": 6, "against": 0, "abstain": 0} and report.result["advance"]["for"] == 1
    assert not report.secret and len(report.named) == 6 and sum(advance for _u, _c, advance, _at in report.named) == 1
    # the secret vote: who voted and the anonymous choices, never who chose what
    assert plan.secret and plan.named == [] and (plan.participations, plan.choices) == (5, 5)
    assert plan.result["summary"] == "Tán thành 4/6 thành viên (66,7 %) — Thông qua"
    assert plan.result["counts"] == {"for": 4, "against": 0, "abstain": 1}


def test_the_2020_session_sends_no_notification_and_the_seed_runs_once(held):
    assert held.notes == 0  # no invitation of 2020 arrives, unread, today
    assert held.again is False
