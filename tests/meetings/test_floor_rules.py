"""The floor rules at their boundaries, with a body of 9 members (the law's defaults and others)."""

from __future__ import annotations

import pytest

from meetings.floor_rules import DEFAULT_RULES, FloorRules, MajorityBasis, Threshold
from tests.support.factories import create_meeting, create_user

NINE = 9


@pytest.mark.parametrize("present, holds", [(9, True), (6, True), (5, False), (0, False)])
def test_quorum_two_thirds_of_all_members(present, holds):
    status = DEFAULT_RULES.quorum_status(NINE, present)
    assert (status.holds, status.required, status.margin) == (holds, 6, present - 6)


def test_quorum_message_says_why(app):
    with app.test_request_context():
        assert DEFAULT_RULES.quorum_status(NINE, 5).message == "Cần ít nhất 6/9 thành viên; hiện có 5."


@pytest.mark.parametrize("present", [5, 6, 7, 9])
def test_more_than_half_of_all_members_whatever_the_number_present(present):
    assert DEFAULT_RULES.decide(in_favour=5, against=0, abstain=0, total_members=NINE, present=present).passed
    failed = DEFAULT_RULES.decide(in_favour=4, against=0, abstain=0, total_members=NINE, present=present)
    assert not failed.passed and failed.required == 5


def test_abstentions_count_against_an_all_members_majority():
    decision = DEFAULT_RULES.decide(in_favour=4, against=1, abstain=4, total_members=NINE, present=9)
    assert not decision.passed


def test_a_tie_does_not_pass():
    rules = FloorRules(majority_basis=MajorityBasis.votes_cast)
    assert not rules.decide(in_favour=4, against=4, abstain=0, total_members=NINE, present=8).passed
    # of an even body: 4 of 8 is not more than half
    assert not DEFAULT_RULES.decide(in_favour=4, against=4, abstain=0, total_members=8, present=8).passed


def test_two_thirds_rule_is_inclusive():
    rules = FloorRules(majority=Threshold(2, 3, strict=False))
    assert rules.decide(in_favour=6, against=3, abstain=0, total_members=NINE, present=9).passed
    assert not rules.decide(in_favour=5, against=4, abstain=0, total_members=NINE, present=9).passed
    assert rules.majority.required(NINE) == 6


def test_majority_of_those_present_and_of_votes_cast():
    present = FloorRules(majority_basis=MajorityBasis.present)
    assert present.decide(in_favour=4, against=2, abstain=0, total_members=NINE, present=6).passed
    assert not present.decide(in_favour=3, against=3, abstain=0, total_members=NINE, present=6).passed
    cast = FloorRules(majority_basis=MajorityBasis.votes_cast)
    # abstentions are ballots cast: 3 of 5 is more than half, 3 of 6 is not
    assert cast.decide(in_favour=3, against=1, abstain=1, total_members=NINE, present=9).passed
    assert not cast.decide(in_favour=3, against=1, abstain=2, total_members=NINE, present=9).passed


def test_summary_reads_like_the_minutes(app):
    with app.test_request_context():
        decision = DEFAULT_RULES.decide(in_favour=7, against=1, abstain=1, total_members=NINE, present=9)
        assert decision.summary == "Tán thành 7/9 thành viên (77,8 %) — Thông qua"


def test_rules_round_trip_through_storage():
    rules = FloorRules(
        quorum=Threshold(1, 2, strict=True),
        majority=Threshold(2, 3, strict=False),
        majority_basis=MajorityBasis.present,
        substitutes_count=False,
        absent_votes_count=False,
    )
    assert FloorRules.from_dict(rules.to_dict()) == rules


@pytest.mark.parametrize("num, den", [(0, 2), (3, 2), (1, 0)])
def test_nonsense_thresholds_are_refused(num, den):
    with pytest.raises(ValueError):
        Threshold(num, den, strict=True)


def test_the_most_specific_rule_set_applies(app):
    from app.models import SystemRole
    from meetings.services.floor_rules import rules_for, set_rules

    admin = create_user(role=SystemRole.admin)
    meeting = create_meeting()
    assert rules_for(meeting) == DEFAULT_RULES
    everywhere = FloorRules(majority_basis=MajorityBasis.present)
    set_rules(admin, everywhere)
    assert rules_for(meeting) == everywhere
    this_body = FloorRules(majority=Threshold(2, 3, strict=False))
    set_rules(admin, this_body, body=meeting.host_body)
    assert rules_for(meeting) == this_body
    this_kind = FloorRules(substitutes_count=False)
    set_rules(admin, this_kind, body=meeting.host_body, kind=meeting.kind.value)
    assert rules_for(meeting) == this_kind


def test_only_admins_change_rules(app):
    from app.errors import PermissionDenied
    from meetings.services.floor_rules import set_rules

    with pytest.raises(PermissionDenied):
        set_rules(create_user(), FloorRules())
