"""Who signs the demo documents (invented names; meetings/demo.py gives them accounts)."""
from __future__ import annotations

from dataclasses import dataclass

from documents.official_layout import Para, Signature


@dataclass(frozen=True)
class Official:
    name: str
    position: str  # chức vụ, as shown on the account
    unit: str


DISTRICT = "UBND huyện Cao Lãnh"
CHAIRMAN = Official("Nguyễn Hữu Phước", "Chủ tịch UBND huyện", DISTRICT)
VICE_CHAIR_ECONOMY = Official("Trần Văn Lộc", "Phó Chủ tịch UBND huyện", DISTRICT)
VICE_CHAIR_SOCIAL = Official("Võ Thị Bích Thủy", "Phó Chủ tịch UBND huyện", DISTRICT)
HEAD_HOME_AFFAIRS = Official("Phạm Ngọc Hân", "Trưởng phòng Nội vụ", "Phòng Nội vụ huyện Cao Lãnh")
HEAD_NATURAL_RESOURCES = Official("Huỳnh Văn Tài", "Trưởng phòng Tài nguyên và Môi trường",
                                  "Phòng Tài nguyên và Môi trường huyện Cao Lãnh")
HEAD_FINANCE_PLANNING = Official("Đặng Thị Kim Loan", "Trưởng phòng Tài chính – Kế hoạch",
                                 "Phòng Tài chính – Kế hoạch huyện Cao Lãnh")

DISTRICT_ISSUER = ("ỦY BAN NHÂN DÂN", "HUYỆN CAO LÃNH")
DISTRICT_PARENT = ("UBND HUYỆN CAO LÃNH",)
FOR_THE_COMMITTEE = "TM. ỦY BAN NHÂN DÂN"
PILOT_COMMUNES = "Ba Sao, Nhị Mỹ, Tân Hội Trung, Bình Hàng Tây, Bình Hàng Trung"


def vice_chair_signs(official: Official) -> Signature:
    return Signature((FOR_THE_COMMITTEE, "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), official.name)


def chairman_signs() -> Signature:
    return Signature((FOR_THE_COMMITTEE, "CHỦ TỊCH"), CHAIRMAN.name)


def head_signs(official: Official) -> Signature:
    return Signature(("TRƯỞNG PHÒNG",), official.name)


def bullets(*items: str) -> tuple[Para, ...]:
    return tuple(Para(f"- {item}") for item in items)
