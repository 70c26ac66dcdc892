"""The rules of the floor as data: quorum and majority.

The Law on Organization of Local Government gives today's defaults for a People's Committee: a
session proceeds only when at least two thirds of all members attend; a decision passes when more
than half of *all* members (not of those present) vote in favour. Bodies and meeting kinds may
carry other rules (a ≥ 2/3 majority, a majority of those present or of the votes cast, substitutes
not counted…), so a :class:`FloorRules` is a value that is stored per body and meeting kind
(``FloorRuleSet``), copied onto every vote as it was applied, and read back with
:meth:`FloorRules.from_dict`.

Everything here is integer arithmetic: ``n`` of ``total`` reaches ``num/den`` when
``n * den > num * total`` (strict, "more than") or ``n * den >= num * total`` ("at least").
"""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, field

from flask_babel import gettext as _


class MajorityBasis(str, enum.Enum):
    all_members = "all_members"  # of all members of the body (the law's default)
    present = "present"  # of the members present
    votes_cast = "votes_cast"  # of the ballots cast (Tán thành + Không tán thành + Không biểu quyết)

    @property
    def label(self) -> str:
        return {
            "all_members": _("tổng số thành viên"),
            "present": _("số thành viên có mặt"),
            "votes_cast": _("số phiếu biểu quyết"),
        }[self.value]


@dataclass(frozen=True)
class Threshold:
    """``num/den`` of a basis, reached strictly ("trên") or inclusively ("ít nhất")."""

    num: int
    den: int
    strict: bool

    def __post_init__(self):
        if (
            not (isinstance(self.num, int) and isinstance(self.den, int))
            or self.den <= 0
            or not 0 < self.num <= self.den
        ):
            raise ValueError(f"invalid threshold {self.num}/{self.den}")

    def reached(self, count: int, basis: int) -> bool:
        if basis <= 0:
            return False
        return count * self.den > self.num * basis if self.strict else count * self.den >= self.num * basis

    def required(self, basis: int) -> int:
        """The smallest count that reaches the threshold out of ``basis``."""
        if self.strict:
            return self.num * basis // self.den + 1
        return -(-self.num * basis // self.den)

    @property
    def text(self) -> str:
        fraction = "1/2" if (self.num, self.den) == (1, 2) else f"{self.num}/{self.den}"
        return _("trên %(f)s", f=fraction) if self.strict else _("ít nhất %(f)s", f=fraction)


@dataclass(frozen=True)
class FloorRules:
    quorum: Threshold = field(default_factory=lambda: Threshold(2, 3, strict=False))
    majority: Threshold = field(default_factory=lambda: Threshold(1, 2, strict=True))
    majority_basis: MajorityBasis = MajorityBasis.all_members
    substitutes_count: bool = True  # an approved substitute (dự thay) counts for the member's attendance and vote
    absent_votes_count: bool = True  # votes sent ahead by members who are absent count in the tally
    ballots_changeable: bool = True  # a member may change their ballot until the vote closes

    # -- storage ----------------------------------------------------------------------------
    def to_dict(self) -> dict:
        data = asdict(self)
        data["majority_basis"] = self.majority_basis.value
        return data

    @classmethod
    def from_dict(cls, data: dict) -> FloorRules:
        return cls(
            quorum=Threshold(**data["quorum"]),
            majority=Threshold(**data["majority"]),
            majority_basis=MajorityBasis(data["majority_basis"]),
            substitutes_count=bool(data["substitutes_count"]),
            absent_votes_count=bool(data["absent_votes_count"]),
            ballots_changeable=bool(data.get("ballots_changeable", True)),
        )

    # -- quorum -----------------------------------------------------------------------------
    def quorum_status(self, total_members: int, present: int) -> QuorumStatus:
        required = self.quorum.required(total_members)
        return QuorumStatus(
            holds=total_members > 0 and self.quorum.reached(present, total_members),
            required=required,
            present=present,
            total=total_members,
        )

    # -- decisions --------------------------------------------------------------------------
    def decide(self, *, in_favour: int, against: int, abstain: int, total_members: int, present: int) -> Decision:
        basis = {
            MajorityBasis.all_members: total_members,
            MajorityBasis.present: present,
            MajorityBasis.votes_cast: in_favour + against + abstain,
        }[self.majority_basis]
        return Decision(
            passed=self.majority.reached(in_favour, basis),
            in_favour=in_favour,
            against=against,
            abstain=abstain,
            basis=basis,
            required=self.majority.required(basis),
            basis_kind=self.majority_basis,
        )


DEFAULT_RULES = FloorRules()


@dataclass(frozen=True)
class QuorumStatus:
    holds: bool
    required: int
    present: int
    total: int

    @property
    def margin(self) -> int:
        """How many above (positive) or below (negative) the quorum the meeting is."""
        return self.present - self.required

    @property
    def message(self) -> str:
        if self.holds:
            return _(
                "Đủ điều kiện tiến hành: có mặt %(present)s/%(total)s thành viên (cần ít nhất %(required)s).",
                present=self.present,
                total=self.total,
                required=self.required,
            )
        return _(
            "Cần ít nhất %(required)s/%(total)s thành viên; hiện có %(present)s.",
            required=self.required,
            total=self.total,
            present=self.present,
        )


@dataclass(frozen=True)
class Decision:
    passed: bool
    in_favour: int
    against: int
    abstain: int
    basis: int
    required: int
    basis_kind: MajorityBasis

    @property
    def percent_text(self) -> str:
        """``77,8 %`` — Vietnamese decimal comma, one decimal."""
        if self.basis <= 0:
            return "0 %"
        return f"{100 * self.in_favour / self.basis:.1f}".replace(".", ",") + " %"

    @property
    def summary(self) -> str:
        """``Tán thành 7/9 thành viên (77,8 %) — Thông qua``."""
        unit = _("phiếu") if self.basis_kind is MajorityBasis.votes_cast else _("thành viên")
        verdict = _("Thông qua") if self.passed else _("Không thông qua")
        return _(
            "Tán thành %(n)s/%(basis)s %(unit)s (%(percent)s) — %(verdict)s",
            n=self.in_favour,
            basis=self.basis,
            unit=unit,
            percent=self.percent_text,
            verdict=verdict,
        )
