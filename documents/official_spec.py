"""What a Decree 30/2020 administrative document says, as data (:class:`DocumentSpec`: letterhead,
title, body blocks, signature), and the Vietnamese way of writing numbers, dates and percentages.
documents/official_layout.py draws it."""

import unicodedata
from dataclasses import dataclass
from datetime import date


# -- content model ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Heading:
    """A section heading: level 1 "I. KẾT QUẢ …", level 2 "1. Công tác …", level 3 "a) …" (italic)."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Para:
    """A justified paragraph with a first-line indent; ``**…**`` marks bold runs."""

    text: str


@dataclass(frozen=True)
class Column:
    header: str
    width: float  # relative
    align: str = "L"  # L, C, R, J


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    unit: str = ""  # "Đơn vị tính: …", printed above the table on the right
    bold_rows: frozenset[int] = frozenset()  # indexes into rows (totals, group rows)


Block = Heading | Para | Table


@dataclass(frozen=True)
class Letterhead:
    issuer: tuple[str, ...]  # bold lines, e.g. ("ỦY BAN NHÂN DÂN", "HUYỆN CAO LÃNH")
    number: str  # "Số: 86/BC-UBND"; a draft leaves the number blank: "Số:       /KH-UBND"
    issued: date
    parent: tuple[str, ...] = ()  # governing body, regular weight, above the issuer
    place: str = "Cao Lãnh"
    author: str = "Ủy ban nhân dân huyện Cao Lãnh"  # the issuer in running text (PDF metadata)


@dataclass(frozen=True)
class Signature:
    capacity: tuple[str, ...]  # ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    name: str


@dataclass(frozen=True)
class DocumentSpec:
    letterhead: Letterhead
    kind: str  # BÁO CÁO, KẾ HOẠCH, TỜ TRÌNH
    subject: tuple[str, ...]  # trích yếu, one entry per printed line
    body: tuple[Block, ...]
    recipients: tuple[str, ...]
    signature: Signature
    addressee: str = ""  # "Kính gửi: …" (tờ trình, công văn)
    draft: bool = False  # "DỰ THẢO": blank number and day, no "(Đã ký)"


# -- Vietnamese formatting ----------------------------------------------------------------------
def vn_int(value: int) -> str:
    """17842 → "17.842" (Vietnamese thousands separator)."""
    return f"{value:,}".replace(",", ".")


def vn_dec(value: float, places: int = 2) -> str:
    """49112.47 → "49.112,47"."""
    text = f"{value:,.{places}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def vn_percent(part: float, whole: float, places: int = 2) -> str:
    return vn_dec(100 * part / whole, places)


def date_line(letterhead: Letterhead, draft: bool) -> str:
    """ "Cao Lãnh, ngày 06 tháng 4 năm 2020" — day below 10 and months 1–2 get a leading zero."""
    issued = letterhead.issued
    day = "      " if draft else f"{issued.day:02d}"
    month = f"{issued.month:02d}" if issued.month < 3 else str(issued.month)
    return f"{letterhead.place}, ngày {day} tháng {month} năm {issued.year}"


def nfc(text: str) -> str:
    """Precomposed Vietnamese letters: one glyph per letter, and text extraction gives them back."""
    return unicodedata.normalize("NFC", text)
