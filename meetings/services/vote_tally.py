"""Counting a vote with the rules copied onto it, and the canonical hash of its ballots."""

from __future__ import annotations

import dataclasses
import hashlib
import json

from flask_babel import force_locale
from flask_babel import gettext as _

from meetings.floor_rules import FloorRules, MajorityBasis
from meetings.models import Vote, VoteKind

APPROVAL = ("for", "against", "abstain")  # Tán thành / Không tán thành / Không biểu quyết


def approval_labels() -> dict[str, str]:
    return {"for": _("Tán thành"), "against": _("Không tán thành"), "abstain": _("Không biểu quyết")}


def choice_keys(vote: Vote) -> tuple[str, ...]:
    if vote.kind == VoteKind.approval:
        return APPROVAL
    return tuple(str(n) for n in range(len(vote.options or [])))


def choice_label(vote: Vote, key: str) -> str:
    if vote.kind == VoteKind.approval:
        return approval_labels()[key]
    return vote.options[int(key)]


def canonical_json(value) -> bytes:
    """Sorted keys, no spaces, UTF-8: the same ballots always give the same bytes."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sha256_of(value) -> str:
    return hashlib.sha256(canonical_json(value)).hexdigest()


def _unit(basis_kind: MajorityBasis) -> str:
    return _("phiếu") if basis_kind is MajorityBasis.votes_cast else _("thành viên")


def tally(
    vote: Vote, in_room: list[str], advance: list[str], *, advance_not_counted: int, total: int, present: int
) -> dict:
    """The result of ``vote``: counts per choice (ballots sent ahead included, and also counted apart),
    the decision under the vote's own rules, and its summary in Vietnamese — the language of the record
    ("Tán thành 7/9 thành viên (77,8 %) — Thông qua")."""
    rules = FloorRules.from_dict(vote.rules)
    keys = choice_keys(vote)
    counts = {key: 0 for key in keys}
    ahead = {key: 0 for key in keys}
    for choice in in_room:
        counts[choice] += 1
    for choice in advance:
        counts[choice] += 1
        ahead[choice] += 1
    cast = len(in_room) + len(advance)
    winner = None
    with force_locale("vi"):
        if vote.kind == VoteKind.approval:
            decision = rules.decide(
                in_favour=counts["for"],
                against=counts["against"],
                abstain=counts["abstain"],
                total_members=total,
                present=present,
            )
            summary = decision.summary
        else:
            ranked = sorted(keys, key=lambda k: (-counts[k], int(k)))
            top = counts[ranked[0]] if ranked else 0
            tie = len(ranked) > 1 and counts[ranked[1]] == top
            decision = rules.decide(in_favour=top, against=cast - top, abstain=0, total_members=total, present=present)
            decision = dataclasses.replace(decision, passed=decision.passed and not tie and top > 0)
            if tie or top == 0:
                summary = _(
                    "Không có phương án nào nhiều phiếu nhất (%(n)s/%(basis)s %(unit)s mỗi phương án dẫn "
                    "đầu) — Không thông qua",
                    n=top,
                    basis=decision.basis,
                    unit=_unit(decision.basis_kind),
                )
            else:
                winner = ranked[0] if decision.passed else None
                summary = _(
                    "Phương án «%(option)s»: %(n)s/%(basis)s %(unit)s (%(percent)s) — %(verdict)s",
                    option=vote.options[int(ranked[0])],
                    n=top,
                    basis=decision.basis,
                    unit=_unit(decision.basis_kind),
                    percent=decision.percent_text,
                    verdict=_("Thông qua") if decision.passed else _("Không thông qua"),
                )
    return {
        "counts": counts,
        "advance": ahead,
        "advance_not_counted": advance_not_counted,
        "cast": cast,
        "total": total,
        "present": present,
        "passed": decision.passed,
        "basis": decision.basis,
        "basis_kind": decision.basis_kind.value,
        "required": decision.required,
        "percent": decision.percent_text,
        "winner": winner,
        "summary": summary,
    }


def counts_line(vote: Vote) -> str:
    """ "Tán thành 7, Không tán thành 1, Không biểu quyết 1 (trong đó 1 phiếu gửi trước)" — for the minutes."""
    result = vote.result or {}
    parts = [f"{choice_label(vote, key)} {result.get('counts', {}).get(key, 0)}" for key in choice_keys(vote)]
    line = ", ".join(parts)
    ahead = sum((result.get("advance") or {}).values())
    if ahead:
        line += " " + _("(trong đó %(n)s phiếu gửi trước)", n=ahead)
    return line


def minutes_line(vote: Vote) -> str:
    """The vote as the minutes state it (Vietnamese, the language of the record): "Biểu quyết «…»
    (bỏ phiếu kín): Tán thành 7/9 thành viên (77,8 %) — Thông qua (Tán thành 7, Không tán thành 1,
    Không biểu quyết 1)."."""
    with force_locale("vi"):
        how = _("bỏ phiếu kín") if vote.secret else _("biểu quyết công khai")
        return _(
            "Biểu quyết «%(question)s» (%(how)s): %(summary)s (%(counts)s).",
            question=vote.question,
            how=how,
            summary=(vote.result or {}).get("summary", ""),
            counts=counts_line(vote),
        )
