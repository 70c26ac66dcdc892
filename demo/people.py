"""The demo's people: the officials of the former UBND huyện Cao Lãnh, its office, a guest, an
archivist, an administrator and a commune official — with the line the launcher prints beside each login."""

from __future__ import annotations

from dataclasses import dataclass

from app.models import SystemRole
from demo.documents.officials import official

OFFICE = "Văn phòng HĐND và UBND huyện Cao Lãnh"


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
        "Quản trị hệ thống – Văn phòng HĐND và UBND huyện",
    ),
    _official("chutich", "chairman", "Chủ tịch UBND huyện – chủ trì các phiên họp"),
    _official("phochutich1", "vice_chair_economy", "Phó Chủ tịch UBND huyện (khối kinh tế)"),
    _official("phochutich2", "vice_chair_social", "Phó Chủ tịch UBND huyện (khối văn hóa – xã hội)"),
    _official("uyvien1", "head_home_affairs", "Ủy viên – Trưởng phòng Nội vụ"),
    _official("uyvien2", "head_natural_resources", "Ủy viên – Trưởng phòng Tài nguyên và Môi trường"),
    _official("uyvien3", "head_finance_planning", "Ủy viên – Trưởng phòng Tài chính – Kế hoạch"),
    DemoUser(
        "thuky",
        "Lê Hoàng Nam",
        SystemRole.secretariat,
        "Chuyên viên Văn phòng HĐND và UBND huyện",
        OFFICE,
        "Thư ký – chuẩn bị chương trình, tài liệu, điều hành phiên họp",
    ),
    DemoUser(
        "luutru",
        "Nguyễn Thị Mỹ Duyên",
        SystemRole.archivist,
        "Văn thư – lưu trữ",
        OFFICE,
        "Văn thư – lưu trữ: tra cứu biên bản, tài liệu các phiên họp đã kết thúc",
    ),
    DemoUser(
        "khachmoi",
        "Lâm Thanh Sơn",
        SystemRole.member,
        "Chủ tịch UBND xã Nhị Mỹ",
        "UBND xã Nhị Mỹ",
        "Khách mời phiên họp thường kỳ – Chủ tịch UBND xã Nhị Mỹ",
    ),
    DemoUser(
        "phophong1",
        "Nguyễn Thị Kim Ngân",
        SystemRole.member,
        "Phó Trưởng phòng Nội vụ",
        "Phòng Nội vụ huyện Cao Lãnh",
        "Phó Trưởng phòng Nội vụ – có thể được cử dự thay Trưởng phòng",
    ),
    DemoUser(
        "phophong2",
        "Lê Văn Thắng",
        SystemRole.member,
        "Phó Trưởng phòng Tài nguyên và Môi trường",
        "Phòng Tài nguyên và Môi trường huyện Cao Lãnh",
        "Phó Trưởng phòng Tài nguyên và Môi trường – có thể được cử dự thay Trưởng phòng",
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
