"""Who signs the demo documents (invented names, in demo/content/officials.toml; demo/seed.py gives
them accounts under the same names) and the capacity lines printed above their signatures."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from demo.documents.content import read_content
from documents.official_layout import Signature


@dataclass(frozen=True)
class Official:
    name: str
    position: str  # chức vụ, as shown on the account
    unit: str


@cache
def officials() -> dict[str, Official]:
    """The officials by key ("chairman", "vice_chair_social" …)."""
    return {key: Official(**fields) for key, fields in read_content("officials")["officials"].items()}


def official(key: str) -> Official:
    try:
        return officials()[key]
    except KeyError:
        raise KeyError(f"demo/content/officials.toml names no official {key!r}") from None


def signature(official_key: str, capacity: str) -> Signature:
    """The signature block of ``official_key`` signing as ``capacity`` ("vice_chair": TM. ỦY BAN NHÂN
    DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH)."""
    lines = read_content("officials")["capacities"][capacity]
    return Signature(tuple(lines), official(official_key).name)
