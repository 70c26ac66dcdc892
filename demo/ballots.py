"""The demo's written opinion ballots (phiếu lấy ý kiến thành viên UBND), through the services and by the
people who would have acted: the office (thuky) asks the six members of the UBND; members answer.

  * one finished three weeks before the seed day: the supplementary list of medium-term public investment
    projects for 2026, five members answered, one did not; the sweep closed it at its deadline, so its
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
from documents.official_layout import render
from documents.official_spec import DocumentSpec, Heading, Letterhead, Para, Signature
from meetings.localtime import LOCAL_TZ
from meetings.services.opinion_ballot_sweep import sweep
from meetings.services.opinion_ballots import answer_ballot, create_ballot

BODY = "UBND tỉnh Đồng Tháp"  # the district was dissolved on 30/06/2025: the province asks now
MEMBERS = ("chutich", "phochutich1", "phochutich2", "uyvien1", "uyvien2", "uyvien3")


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LOCAL_TZ)


def _draft(kind: str, subject: tuple[str, ...], body: tuple, issued: date) -> bytes:
    spec = DocumentSpec(
        letterhead=Letterhead(
            issuer=("ỦY BAN NHÂN DÂN", "TỈNH ĐỒNG THÁP"),
            number=f"Số:       /{kind}-UBND",
            issued=issued,
            place="Đồng Tháp",
            author="Ủy ban nhân dân tỉnh Đồng Tháp",
        ),
        kind={"QĐ": "QUYẾT ĐỊNH", "KH": "KẾ HOẠCH"}[kind],
        subject=subject,
        body=body,
        recipients=("Như Điều 3;", "Lưu: VT."),
        signature=Signature(capacity=("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), name="Phạm Hữu Lộc"),
        draft=True,
    )
    return render(spec, " ".join(subject))


def _investment_draft(issued: date) -> bytes:
    return _draft(
        "QĐ",
        ("Phê duyệt danh mục dự án đầu tư công trung hạn", "bổ sung năm 2026 trên địa bàn tỉnh"),
        (
            Heading("Điều 1. Phê duyệt danh mục bổ sung", 2),
            Para(
                "Bổ sung 04 dự án vào kế hoạch đầu tư công trung hạn giai đoạn 2021–2025 chuyển tiếp năm 2026: "
                "nâng cấp đường ĐH.62 đoạn Mỹ Thọ – Ba Sao; kiên cố hóa kênh Mỹ Hiệp; sửa chữa Trường Tiểu học "
                "Bình Hàng Trung 1; xây dựng nhà văn hóa ấp 3 xã Mỹ Hiệp, tổng mức đầu tư 38.640 triệu đồng."
            ),
            Heading("Điều 2. Tổ chức thực hiện", 2),
            Para("Sở Tài chính chủ trì, phối hợp UBND các xã hoàn thiện hồ sơ trình HĐND tỉnh."),
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
                "Thăm, tặng 1.250 phần quà cho gia đình chính sách và hộ nghèo; tổ chức Hội hoa Xuân tại "
                "Quảng trường trung tâm từ ngày 01 đến ngày 06 tháng 02 năm 2027; kinh phí dự kiến 2.480 triệu đồng."
            ),
        ),
        issued,
    )


def seed_demo_ballots(users: dict[str, User], password: str, now: datetime | None = None) -> None:
    """``password``: the chair's demo certificate passphrase (demo/minutes.py issued it)."""
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
            "trên địa bàn tỉnh (tổng mức đầu tư 38.640 triệu đồng) để trình HĐND tỉnh."
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
        ("phochutich2", "other", "Đề nghị ưu tiên vốn cho dự án trường Tiểu học Bình Hàng Trung 1.", (2, 14, 20)),
        ("uyvien1", "agree", "", (2, 16, 2)),
        ("uyvien3", "agree", "Thống nhất; bổ sung thuyết minh nguồn vốn.", (3, 8, 30)),
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
            "(kinh phí dự kiến 2.480 triệu đồng từ nguồn dự phòng ngân sách tỉnh)."
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
        "Đề nghị giảm quy mô Hội hoa Xuân, dành 300 triệu đồng tăng quà cho hộ nghèo.",
        now=now - timedelta(hours=3),
    )
    answer_ballot(users["chutich"], opened, "agree", passphrase=password)
