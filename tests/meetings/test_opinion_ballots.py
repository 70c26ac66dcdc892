"""Written opinion ballots end to end with a frozen clock (issue 10, item 6 and its acceptance): the
reminder reaches the members who have not answered once, the deadline passes, the sweep closes the
ballot, the report PDF holds the tally, the archive finds it with and without diacritics, and an
outsider sees none of it."""

from __future__ import annotations

import io
import subprocess
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
import time_machine

from app.errors import NotFound, PermissionDenied, ValidationError
from app.extensions import db
from app.models import SystemRole
from meetings.archive.search import ArchiveQuery, search_archive
from meetings.models import AccessAction, AccessLog, Notification, OpinionBallotState
from meetings.services.opinion_ballot_answers import answer_ballot
from meetings.services.opinion_ballot_report import deliver_ballot_file
from meetings.services.opinion_ballot_sweep import sweep
from meetings.services.opinion_ballots import create_ballot, get_ballot
from tests.conftest import login
from tests.support.factories import create_meeting, create_user
from tests.support.pdfs import make_text_pdf

BODY = "UBND tỉnh Đồng Tháp"
NAMES = [
    ("Phạm Thiện Nghĩa", "Chủ tịch UBND tỉnh"),
    ("Nguyễn Phước Thiện", "Phó Chủ tịch UBND tỉnh"),
    ("Huỳnh Minh Tuấn", "Phó Chủ tịch UBND tỉnh"),
    ("Trần Trí Quang", "Phó Chủ tịch UBND tỉnh"),
    ("Phạm Văn Hòa", "Giám đốc Sở Tài chính"),
    ("Lê Thị Mỹ Hạnh", "Giám đốc Sở Nội vụ"),
    ("Đoàn Văn Đát", "Giám đốc Sở Nông nghiệp và Môi trường"),
    ("Võ Thị Thùy Trang", "Chánh Văn phòng UBND tỉnh"),
    ("Nguyễn Thành Diệu", "Giám đốc Sở Xây dựng"),
]
QUESTION = "Thông qua dự thảo Quyết định điều chỉnh quy hoạch sử dụng đất xã Mỹ Hiệp năm 2026."


def at(text: str) -> datetime:
    """A Vietnam wall-clock time as an aware UTC datetime."""
    from meetings.localtime import as_local

    return as_local(datetime.fromisoformat(text))


@pytest.fixture(autouse=True)
def s3_in_real_time(monkeypatch):
    """The app's clock is frozen; the S3 server is not, and refuses requests signed with a date
    more than 15 minutes off. The minio SDK signs with ``minio.time.utcnow``: give it the real time."""
    import minio.time

    hatch = time_machine.escape_hatch

    def real_utcnow():
        return hatch.datetime.datetime.now(UTC) if hatch.is_travelling() else datetime.now(UTC)

    monkeypatch.setattr(minio.time, "utcnow", real_utcnow)


@pytest.fixture
def cast(app):
    members = [create_user(full_name=n, position=p, unit="UBND tỉnh Đồng Tháp") for n, p in NAMES]
    secretariat = create_user(role=SystemRole.secretariat, full_name="Lê Hoàng Nam", position="Chuyên viên Văn phòng")
    outsider = create_user(full_name="Người ngoài cuộc")
    archivist = create_user(role=SystemRole.archivist, full_name="Văn thư lưu trữ")
    create_meeting({members[0]: "chair", **{m: "member" for m in members[1:]}, secretariat: "secretary"}).body = BODY
    db.session.flush()
    return {"members": members, "secretariat": secretariat, "outsider": outsider, "archivist": archivist}


def _open_ballot(cast, deadline="2026-12-04T17:00"):
    return create_ballot(
        cast["secretariat"],
        title="Điều chỉnh quy hoạch sử dụng đất xã Mỹ Hiệp",
        question=QUESTION,
        body=BODY,
        deadline=at(deadline),
        recipient_ids=[m.id for m in cast["members"]],
        draft=io.BytesIO(make_text_pdf("Dự thảo Quyết định điều chỉnh quy hoạch sử dụng đất xã Mỹ Hiệp.")),
        draft_filename="du-thao-quyet-dinh.pdf",
    )


def _reminders(user) -> list[str]:
    rows = db.session.scalars(sa.select(Notification).where(Notification.user_id == user.id)).all()
    return [n.text for n in rows if n.text.startswith("Nhắc trả lời phiếu lấy ý kiến")]


def _pdftotext(data: bytes, tmp_path) -> str:
    path = tmp_path / "bao-cao.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_a_written_ballot_end_to_end_with_a_frozen_clock(cast, store, tmp_path, app):
    members, outsider = cast["members"], cast["outsider"]
    with time_machine.travel(at("2026-12-01T08:00"), tick=False):
        ballot = _open_ballot(cast)
        assert ballot.state == OpinionBallotState.open and len(ballot.recipients) == 9
        for m in members[:6]:
            answer_ballot(m, ballot, "agree")
        answer_ballot(members[6], ballot, "disagree", "Cần lấy thêm ý kiến cộng đồng dân cư.")
        answer_ballot(members[5], ballot, "agree", "Đề nghị bổ sung bản đồ.")  # changed until closed
        assert sweep(datetime.now(UTC)).reminded == {}  # three days ahead: no reminder yet

    silent = members[7:]
    with time_machine.travel(at("2026-12-03T18:00"), tick=False):
        first = sweep(datetime.now(UTC))
        again = sweep(datetime.now(UTC))
        assert sorted(first.reminded[ballot.id]) == sorted(m.id for m in silent)
        assert again.reminded == {} and again.closed == []
    for m in silent:
        assert _reminders(m) == [
            "Nhắc trả lời phiếu lấy ý kiến «Điều chỉnh quy hoạch sử dụng đất xã Mỹ Hiệp»: hạn trả lời "
            "17:00 04/12/2026 (giờ Việt Nam)."
        ]
    assert all(_reminders(m) == [] for m in members[:7])

    with time_machine.travel(at("2026-12-04T17:00"), tick=False):
        with pytest.raises(ValidationError) as refused:
            answer_ballot(silent[0], ballot, "agree")
        assert refused.value.status_code == 409
        assert "Đã hết hạn trả lời lúc 17:00 04/12/2026 (giờ Việt Nam)" in str(refused.value.message)
        assert ballot.recipient_of(silent[0]).choice is None and ballot.state == OpinionBallotState.open
        closed = sweep(datetime.now(UTC))
        assert closed.closed == [ballot.id]
        assert sweep(datetime.now(UTC)).closed == []

    assert ballot.state == OpinionBallotState.closed
    assert ballot.result["summary"] == "Đồng ý 6/9 thành viên (66,7 %) — Thông qua"
    assert ballot.result["counts"] == {"agree": 6, "disagree": 1, "other": 0}
    assert len(ballot.answers_sha256) == 64
    text = " ".join(_pdftotext(store.read_bytes(ballot.report_key), tmp_path).split())
    for expected in (
        "BÁO CÁO",
        "Tổng hợp kết quả lấy ý kiến thành viên UBND",
        "Đồng ý 6/9 thành viên (66,7 %) — Thông qua",
        "Không đồng ý: 1",
        "Cần lấy thêm ý kiến cộng đồng dân cư.",
        "Thành viên không trả lời: Võ Thị Thùy Trang, Nguyễn Thành Diệu.",
        "trên 1/2 tổng số thành viên đồng ý",
    ):
        assert expected in text, expected

    for words in ("quy hoạch sử dụng đất Mỹ Hiệp", "quy hoach su dung dat my hiep"):
        for who in (cast["archivist"], members[0], silent[0], cast["secretariat"]):
            hits = search_archive(who, ArchiveQuery(words=words)).hits
            assert [(h.source.value, h.source_id) for h in hits] == [("opinion_ballot", ballot.id)], who.full_name
        assert search_archive(outsider, ArchiveQuery(words=words)).hits == []
        assert search_archive(outsider, ArchiveQuery(words=words)).total == 0

    client = app.test_client()
    login(client, cast["archivist"])
    page = client.get("/archive?q=quy hoach su dung dat").get_data(as_text=True)
    assert f'data-ballot-id="{ballot.id}"' in page and f"/opinion-ballots/{ballot.id}/report" in page
    api = client.get("/api/v1/archive/search?q=quy hoach su dung dat").get_json()
    assert [(h["source"], h["opinion_ballot"]["id"], h["meeting"]) for h in api["hits"]] == [
        ("opinion_ballot", ballot.id, None)
    ]

    with pytest.raises(NotFound):
        get_ballot(outsider, ballot.id)
    with pytest.raises(NotFound):
        deliver_ballot_file(outsider, ballot, "report", AccessAction.download)
    before = db.session.scalar(sa.select(sa.func.count()).select_from(AccessLog))
    copy = deliver_ballot_file(cast["archivist"], ballot, "report", AccessAction.download)
    stamped = b"".join(copy.chunks())
    assert "Người xem: Văn thư lưu trữ" in " ".join(_pdftotext(stamped, tmp_path).split())
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AccessLog)) == before + 1


def test_a_ballot_closes_at_once_when_everyone_has_answered(cast, store):
    members = cast["members"]
    with time_machine.travel(at("2026-12-01T08:00"), tick=False):
        ballot = _open_ballot(cast)
        for m in members[:4]:
            answer_ballot(m, ballot, "disagree")
        for m in members[4:8]:
            answer_ballot(m, ballot, "agree")
        assert ballot.state == OpinionBallotState.open
        answer_ballot(members[8], ballot, "other", "Đề nghị làm rõ nguồn vốn.")
    assert ballot.state == OpinionBallotState.closed
    assert ballot.result["closed_because"] == "all_answered"
    assert ballot.result["summary"] == "Đồng ý 4/9 thành viên (44,4 %) — Không thông qua"
    with pytest.raises(ValidationError) as refused:
        answer_ballot(members[0], ballot, "agree")
    assert refused.value.status_code == 409
    assert ballot.recipient_of(members[0]).choice.value == "disagree"


def test_only_recipients_answer_and_bad_answers_change_nothing(cast, store):
    with time_machine.travel(at("2026-12-01T08:00"), tick=False):
        ballot = _open_ballot(cast)
        with pytest.raises(NotFound):
            answer_ballot(cast["outsider"], ballot, "agree")
        with pytest.raises(PermissionDenied):  # the secretariat sees it but is not asked
            answer_ballot(cast["secretariat"], ballot, "agree")
        member = cast["members"][0]
        with pytest.raises(ValidationError):
            answer_ballot(member, ballot, "maybe")
        with pytest.raises(ValidationError) as empty:
            answer_ballot(member, ballot, "other", "   ")
        assert "Ý kiến khác cần ghi rõ nội dung góp ý" in str(empty.value.message)
        assert ballot.recipient_of(member).choice is None


def test_the_sql_visibility_agrees_with_the_python_rule(cast, store):
    from app.permissions import can_view_opinion_ballot
    from app.permissions_sql import visible_opinion_ballots_filter
    from meetings.models import OpinionBallot
    from meetings.services.opinion_ballots import cancel_ballot, close_ballot

    with time_machine.travel(at("2026-12-01T08:00"), tick=False):
        opened, closed, cancelled = (_open_ballot(cast) for _ in range(3))
        close_ballot(cast["secretariat"], closed)
        cancel_ballot(cast["secretariat"], cancelled, "Trình lại tại phiên họp thường kỳ.")
    admin = create_user(role=SystemRole.admin)
    people = [cast["secretariat"], cast["archivist"], cast["outsider"], admin, cast["members"][0]]
    ballots = [opened, closed, cancelled]
    for person in people:
        in_sql = set(db.session.scalars(sa.select(OpinionBallot.id).where(visible_opinion_ballots_filter(person))))
        in_python = {b.id for b in ballots if can_view_opinion_ballot(person, b)}
        assert in_sql == in_python, person.full_name
    assert {b.id for b in ballots if can_view_opinion_ballot(cast["archivist"], b)} == {closed.id}
    assert {b.id for b in ballots if can_view_opinion_ballot(cast["members"][0], b)} == {b.id for b in ballots}
    assert not any(can_view_opinion_ballot(p, b) for p in (cast["outsider"], admin) for b in ballots)


def test_the_reminder_is_mailed_once_in_each_recipients_language(cast, smtp_sink):
    from meetings.services.notifications import deliver_queued_emails

    english, vietnamese = cast["members"][7], cast["members"][8]
    english.email, english.locale = "trang@dongthap.gov.vn", "en"
    vietnamese.email = "dieu@dongthap.gov.vn"
    with time_machine.travel(at("2026-12-01T08:00"), tick=False):
        ballot = _open_ballot(cast)
        for m in cast["members"][:7]:
            answer_ballot(m, ballot, "agree")
        db.session.commit()
    assert deliver_queued_emails() == 2  # the invitations (only these two have an address)
    smtp_sink.messages.clear()
    for _ in range(2):
        with time_machine.travel(at("2026-12-03T17:30"), tick=False):
            sweep(datetime.now(UTC))
            db.session.commit()
        deliver_queued_emails()  # the mail server's clock is not frozen
    mails = {rcpt[0]: m.get_payload(decode=True).decode("utf-8") for rcpt, m in smtp_sink.messages}
    assert sorted(mails) == ["dieu@dongthap.gov.vn", "trang@dongthap.gov.vn"]  # once each
    assert (
        "Reminder to answer the opinion ballot «Điều chỉnh quy hoạch sử dụng đất xã Mỹ Hiệp»"
        in (mails["trang@dongthap.gov.vn"])
    )
    assert "deadline 17:00 04/12/2026 (Vietnam time)" in mails["trang@dongthap.gov.vn"]
    assert (
        "Nhắc trả lời phiếu lấy ý kiến «Điều chỉnh quy hoạch sử dụng đất xã Mỹ Hiệp»: hạn trả lời 17:00 "
        in (mails["dieu@dongthap.gov.vn"])
    )
    for text in mails.values():  # the mail links to the ballot's page, where the answer is given
        assert text.rstrip().endswith(f"/opinion-ballots/{ballot.id}"), text


def test_a_ballot_notification_opens_the_ballot(cast, app):
    with time_machine.travel(at("2026-12-01T08:00"), tick=False):
        ballot = _open_ballot(cast)
        db.session.commit()
    member = cast["members"][0]
    note = db.session.scalars(sa.select(Notification).where(Notification.user_id == member.id)).all()[-1]
    assert note.opinion_ballot_id == ballot.id and note.meeting_id is None
    client = app.test_client()
    login(client, member)
    opened = client.post(f"/notifications/{note.id}/read")
    assert opened.status_code == 302 and opened.headers["Location"].endswith(f"/opinion-ballots/{ballot.id}")
    assert client.get(opened.headers["Location"]).status_code == 200


def test_the_sweep_command_closes_what_is_due(cast, app):
    with time_machine.travel(at("2026-12-01T08:00"), tick=False):
        ballot = _open_ballot(cast, deadline="2026-12-01T09:00")
        answer_ballot(cast["members"][0], ballot, "agree")
    with time_machine.travel(at("2026-12-01T09:30"), tick=False):
        result = app.test_cli_runner().invoke(args=["ballots", "sweep"])
    assert result.exit_code == 0, result.output
    assert "Đã kết thúc 1 phiếu; đã nhắc 0 người." in result.output
    assert ballot.state == OpinionBallotState.closed
    assert ballot.result["summary"] == "Đồng ý 1/9 thành viên (11,1 %) — Không thông qua"


def test_a_ballot_closed_by_another_process_is_not_closed_again(cast, store):
    from meetings.services.opinion_ballots import close_ballot

    with time_machine.travel(at("2026-12-01T08:00"), tick=False):
        ballot = _open_ballot(cast)
    # another process closed it (its row says so; this session's object still says open)
    db.session.connection().execute(
        sa.text("UPDATE opinion_ballots SET state = 'closed' WHERE id = :id"), {"id": ballot.id}
    )
    assert ballot.state == OpinionBallotState.open
    with pytest.raises(ValidationError) as late:  # an answer after that close is refused, not recorded
        answer_ballot(cast["members"][0], ballot, "agree")
    assert late.value.status_code == 409 and ballot.recipient_of(cast["members"][0]).choice is None
    db.session.connection().execute(
        sa.text("UPDATE opinion_ballots SET state = 'open' WHERE id = :id"), {"id": ballot.id}
    )
    db.session.refresh(ballot)
    db.session.connection().execute(
        sa.text("UPDATE opinion_ballots SET state = 'closed' WHERE id = :id"), {"id": ballot.id}
    )
    assert ballot.state == OpinionBallotState.open
    with pytest.raises(ValidationError) as refused:
        close_ballot(cast["secretariat"], ballot)
    assert refused.value.status_code == 409
    assert ballot.report_key is None and ballot.result is None  # no second result, no second report
    with time_machine.travel(at("2026-12-05T08:00"), tick=False):
        assert sweep(datetime.now(UTC)).closed == []
