"""The demo's written opinion ballots (phiếu lấy ý kiến thành viên UBND), through the services and by the
people who would have acted: the office of UBND xã Mỹ Thọ (thuky) asks the eight members of the commune's
People's Committee (demo/bodies.py ``COMMUNE_MEMBERS``); members answer.

  * one finished three weeks before the seed day: the supplementary list of the commune's medium-term public
    investment projects for 2026, seven members answered, one did not; the sweep closed it at its deadline, so its
    report PDF is in the store and in the archive;
  * one open, its deadline four days after the seed day at 17:00 (Vietnam time): the plan for the
    Lunar New Year 2027 (Đinh Mùi), four members have answered, the chair's answer signed with his demo
    certificate (at seeding time, so the signature's time and the answer's agree).

The services take a clock (``now``), so the finished ballot is asked, answered and closed at its own
times; notifications carry the seeding run's times."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta

from app.models import User
from app.models.base import utcnow
from demo.bodies import COMMUNE, COMMUNE_MEMBERS
from demo.ca import issue_demo_credential
from demo.documents.officials import official
from documents.official_layout import render
from documents.official_spec import DocumentSpec, Heading, Letterhead, Para, Signature
from meetings.localtime import LOCAL_TZ
from meetings.services.opinion_ballot_answers import answer_ballot
from meetings.services.opinion_ballot_sweep import sweep
from meetings.services.opinion_ballots import create_ballot

BODY = COMMUNE  # UBND xã Mỹ Thọ: ballots of 2026 belong to a body of 2026
MEMBERS = tuple(COMMUNE_MEMBERS)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LOCAL_TZ)


def _draft(kind: str, subject: tuple[str, ...], body: tuple, issued: date) -> bytes:
    spec = DocumentSpec(
        letterhead=Letterhead(
            issuer=("ỦY BAN NHÂN DÂN", "XÃ MỸ THỌ"), number=f"Số:       /{kind}-UBND", issued=issued, place="Mỹ Thọ"
        ),
        kind={"QĐ": "QUYẾT ĐỊNH", "KH": "KẾ HOẠCH"}[kind],
        subject=subject,
        body=body,
        recipients=("Như Điều 3;", "Lưu: VT."),
        signature=Signature(capacity=("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), name=official("mt_chairman").name),
        draft=True,
    )
    return render(spec, " ".join(subject))


def _investment_draft(issued: date) -> bytes:
    return _draft(
        "QĐ",
        ("Phê duyệt danh mục dự án đầu tư công trung hạn", "bổ sung năm 2026 trên địa bàn xã"),
        (
            Heading("Điều 1. Phê duyệt danh mục bổ sung", 2),
            Para(
                "Bổ sung 04 dự án vào kế hoạch đầu tư công trung hạn giai đoạn 2026–2030 của xã, thực hiện từ năm "
                "2026: nâng cấp đường liên ấp khu trung tâm xã; kiên cố hóa kênh nội đồng phía Bắc; sửa chữa "
                "Trường Tiểu học Mỹ Thọ 1; xây dựng nhà văn hóa ấp, tổng mức đầu tư 12.860 triệu đồng."
            ),
            Heading("Điều 2. Tổ chức thực hiện", 2),
            Para("Phòng Kinh tế chủ trì, phối hợp các phòng, đơn vị thuộc UBND xã hoàn thiện hồ sơ trình HĐND xã."),
        ),
        issued,
    )


def _tet_draft(issued: date) -> bytes:
    return _draft(
        "KH",
        ("Tổ chức các hoạt động mừng Đảng, mừng Xuân", "Đinh Mùi năm 2027"),
        (
            Heading("I. MỤC ĐÍCH, YÊU CẦU"),
            Para(
                "Tổ chức vui Xuân, đón Tết an toàn, tiết kiệm; chăm lo cho gia đình chính sách, hộ nghèo, "
                "người lao động có hoàn cảnh khó khăn; bảo đảm an ninh trật tự trong dịp Tết Nguyên đán."
            ),
            Heading("II. NỘI DUNG"),
            Para(
                "Thăm, tặng 420 phần quà cho gia đình chính sách và hộ nghèo; tổ chức Hội hoa Xuân tại khu "
                "trung tâm xã từ ngày 01 đến ngày 06 tháng 02 năm 2027; kinh phí dự kiến 680 triệu đồng."
            ),
        ),
        issued,
    )


def seed_demo_ballots(users: dict[str, User], password: str, now: datetime | None = None) -> None:
    """``password``: the passphrase of the chair's demo certificate (issued here if missing)."""
    now = now or utcnow()
    today = now.astimezone(LOCAL_TZ).date()
    office = users["thuky"]
    members = [users[login] for login in MEMBERS]

    asked = today - timedelta(days=24)
    done = create_ballot(
        office,
        title="Danh mục dự án đầu tư công trung hạn bổ sung năm 2026",
        question=(
            "Thông qua dự thảo Quyết định phê duyệt danh mục 04 dự án đầu tư công trung hạn bổ sung năm 2026 "
            "trên địa bàn xã (tổng mức đầu tư 12.860 triệu đồng) để trình HĐND xã."
        ),
        body=BODY,
        deadline=_at(asked + timedelta(days=5), 17),
        recipient_ids=[m.id for m in members],
        draft=io.BytesIO(_investment_draft(asked)),
        draft_filename="du-thao-qd-danh-muc-dau-tu-cong-bo-sung-2026.pdf",
        now=_at(asked, 8, 15),
    )
    answers = (
        ("chutich", "agree", "", (0, 9, 5)),
        ("phochutich1", "agree", "", (1, 10, 40)),
        ("phochutich2", "other", "Đề nghị ưu tiên vốn cho dự án Trường Tiểu học Mỹ Thọ 1.", (2, 14, 20)),
        ("uyvien1", "agree", "", (2, 16, 2)),
        ("uyvien3", "agree", "Thống nhất; bổ sung thuyết minh nguồn vốn.", (3, 8, 30)),
        ("uyvien4", "agree", "", (3, 9, 45)),
        ("uyvien5", "agree", "", (4, 7, 50)),
    )
    for login, choice, comment, (days, hour, minute) in answers:
        when = _at(asked + timedelta(days=days), hour, minute)
        answer_ballot(users[login], done, choice, comment, now=when)
    sweep(done.deadline + timedelta(minutes=5))  # uyvien2 did not answer: the deadline closes it

    opened = create_ballot(
        office,
        title="Kế hoạch tổ chức các hoạt động mừng Đảng, mừng Xuân Đinh Mùi năm 2027",
        question=(
            "Cho ý kiến đối với dự thảo Kế hoạch tổ chức các hoạt động mừng Đảng, mừng Xuân Đinh Mùi năm 2027 "
            "(kinh phí dự kiến 680 triệu đồng từ nguồn dự phòng ngân sách xã)."
        ),
        body=BODY,
        deadline=_at(today + timedelta(days=4), 17),
        recipient_ids=[m.id for m in members],
        draft=io.BytesIO(_tet_draft(today - timedelta(days=1))),
        draft_filename="du-thao-ke-hoach-tet-dinh-mui-2027.pdf",
        now=now - timedelta(days=1),
    )
    answer_ballot(users["phochutich1"], opened, "agree", now=now - timedelta(hours=20))
    answer_ballot(users["uyvien1"], opened, "agree", now=now - timedelta(hours=6))
    answer_ballot(
        users["uyvien3"],
        opened,
        "other",
        "Đề nghị giảm quy mô Hội hoa Xuân, dành 100 triệu đồng tăng quà cho hộ nghèo.",
        now=now - timedelta(hours=3),
    )
    issue_demo_credential(users["chutich"], password)  # xã Mỹ Thọ's chair signs with his own certificate
    answer_ballot(users["chutich"], opened, "agree", passphrase=password)
