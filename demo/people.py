"""The demo's people in 2026: the members of UBND xã Mỹ Thọ (Đồng Tháp) and its office, a guest, an
archivist, an administrator and an official of another commune — with the line the launcher prints beside
each login. The members of the former UBND huyện Cao Lãnh who held the March 2020 meeting have their
own accounts (``HISTORICAL_USERS``, logins ``hcl.*``), deactivated once their minutes are signed: the
2020 records keep their names and positions, and no one logs in as them today."""

from __future__ import annotations

from dataclasses import dataclass

from app.models import SystemRole
from demo.documents.officials import official

COMMUNE = "UBND xã Mỹ Thọ"
OFFICE = "Văn phòng HĐND và UBND xã Mỹ Thọ"
DISTRICT_OFFICE = "Văn phòng HĐND và UBND huyện Cao Lãnh"  # dissolved on 30/06/2025


# -- people -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DemoUser:
    login: str
    full_name: str
    system_role: SystemRole
    position: str
    unit: str
    description: str  # what the launcher prints next to the login


def _official(login: str, key: str, description: str) -> DemoUser:
    """Those who sign the demo documents keep the names printed in them (demo/content/officials.toml)."""
    signer = official(key)
    return DemoUser(login, signer.name, SystemRole.member, signer.position, signer.unit, description)


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser(
        "admin",
        "Lê Thị Thu Trang",
        SystemRole.admin,
        "Quản trị hệ thống",
        OFFICE,
        "Quản trị hệ thống – Văn phòng HĐND và UBND xã Mỹ Thọ",
    ),
    _official("chutich", "mt_chairman", "Chủ tịch UBND xã Mỹ Thọ – chủ trì các phiên họp"),
    _official("phochutich1", "mt_vice_chair_economy", "Phó Chủ tịch UBND xã (khối kinh tế)"),
    _official("phochutich2", "mt_vice_chair_social", "Phó Chủ tịch UBND xã (khối văn hóa – xã hội)"),
    _official("uyvien1", "mt_office_chief", "Ủy viên – Chánh Văn phòng HĐND và UBND xã"),
    _official("uyvien2", "mt_head_economy", "Ủy viên – Trưởng phòng Kinh tế"),
    _official("uyvien3", "mt_head_culture_social", "Ủy viên – Trưởng phòng Văn hóa – Xã hội"),
    _official("uyvien4", "mt_military", "Ủy viên – Chỉ huy trưởng Ban Chỉ huy quân sự xã"),
    _official("uyvien5", "mt_police", "Ủy viên – Trưởng Công an xã"),
    DemoUser(
        "thuky",
        "Trương Thị Kim Yến",
        SystemRole.secretariat,
        "Chuyên viên Văn phòng HĐND và UBND xã",
        OFFICE,
        "Thư ký – chuẩn bị chương trình, tài liệu, điều hành phiên họp",
    ),
    DemoUser(
        "luutru",
        "Nguyễn Thị Mỹ Duyên",
        SystemRole.archivist,
        "Văn thư – lưu trữ",
        OFFICE,
        "Văn thư – lưu trữ: tra cứu biên bản, tài liệu các phiên họp đã kết thúc (cả của UBND huyện Cao Lãnh cũ)",
    ),
    DemoUser(
        "khachmoi",
        "Lâm Thanh Sơn",
        SystemRole.member,
        "Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam xã Mỹ Thọ",
        "Ủy ban MTTQ Việt Nam xã Mỹ Thọ",
        "Khách mời phiên họp thường kỳ – Chủ tịch Ủy ban MTTQ Việt Nam xã",
    ),
    DemoUser(
        "phophong1",
        "Nguyễn Thị Kim Ngân",
        SystemRole.member,
        "Phó Chánh Văn phòng HĐND và UBND xã",
        OFFICE,
        "Phó Chánh Văn phòng HĐND và UBND xã – có thể được cử dự thay Chánh Văn phòng",
    ),
    DemoUser(
        "phophong2",
        "Lê Văn Thắng",
        SystemRole.member,
        "Phó Trưởng phòng Kinh tế",
        "Phòng Kinh tế xã Mỹ Thọ",
        "Phó Trưởng phòng Kinh tế – có thể được cử dự thay Trưởng phòng",
    ),
    DemoUser(
        "ngoai",
        "Trương Văn Hậu",
        SystemRole.member,
        "Công chức Văn phòng – Thống kê",
        "UBND xã Ba Sao",
        "Cán bộ xã Ba Sao – không được mời dự cuộc họp nào",
    ),
)
DEMO_LOGINS: list[tuple[str, str]] = [(user.login, user.description) for user in DEMO_USERS]

# The People's Committee of the former UBND huyện Cao Lãnh (2016–2021 term) as it met in March 2020,
# and its secretary: the 2020 meeting, its floor, minutes and tasks are theirs. Keyed by the role
# login they play in that meeting (the same keys demo/floor.py and demo/tasks.py use).
PAST_LOGINS: dict[str, str] = {
    role: f"hcl.{role}" for role in ("chutich", "phochutich1", "phochutich2", "uyvien1", "uyvien2", "uyvien3", "thuky")
}
HISTORICAL_USERS: tuple[DemoUser, ...] = (
    _official(PAST_LOGINS["chutich"], "chairman", "Chủ tịch UBND huyện Cao Lãnh (2020)"),
    _official(PAST_LOGINS["phochutich1"], "vice_chair_economy", "Phó Chủ tịch UBND huyện Cao Lãnh (2020)"),
    _official(PAST_LOGINS["phochutich2"], "vice_chair_social", "Phó Chủ tịch UBND huyện Cao Lãnh (2020)"),
    _official(PAST_LOGINS["uyvien1"], "head_home_affairs", "Ủy viên – Trưởng phòng Nội vụ huyện (2020)"),
    _official(PAST_LOGINS["uyvien2"], "head_natural_resources", "Ủy viên – Trưởng phòng TN&MT huyện (2020)"),
    _official(PAST_LOGINS["uyvien3"], "head_finance_planning", "Ủy viên – Trưởng phòng TC–KH huyện (2020)"),
    DemoUser(
        PAST_LOGINS["thuky"],
        "Lê Hoàng Nam",
        SystemRole.secretariat,
        "Chuyên viên Văn phòng HĐND và UBND huyện",
        DISTRICT_OFFICE,
        "Thư ký phiên họp tháng 3 năm 2020 của UBND huyện Cao Lãnh",
    ),
)
