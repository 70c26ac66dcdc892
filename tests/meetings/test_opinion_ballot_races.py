"""What happens when something changes while a member's ballot PDF is signed or a ballot's report is made
(both run outside any database transaction: meetings/services/opinion_ballot_signing.py and
opinion_ballot_closing.py). Each change is made — and committed, as another request would — in the middle
of the render or the signature; what is recorded must still be one close whose result counts the answers
the database holds, and signed ballots that state the member's last answer. What is refused leaves no
object in the store."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from app.errors import ValidationError
from app.extensions import db
from meetings.models import Notification, OpinionBallot, OpinionBallotState, OpinionChoice
from meetings.services import opinion_ballot_closing as closing
from meetings.services import opinion_ballot_signing as signing
from meetings.services.opinion_ballot_answers import answer_ballot
from meetings.services.opinion_ballot_report import answers_document
from meetings.services.opinion_ballot_sweep import sweep
from meetings.services.opinion_ballots import close_ballot
from meetings.services.vote_tally import sha256_of
from tests.support.minutes import P12_PASSPHRASE
from tests.support.opinion_ballots import ballot_keys, ballot_world, during, open_ballot


def _text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)


def _results_told(user) -> int:
    rows = db.session.scalars(sa.select(Notification.text).where(Notification.user_id == user.id)).all()
    return sum(1 for t in rows if t.startswith("Đã có kết quả lấy ý kiến"))


def _fresh(ballot) -> OpinionBallot:
    db.session.expire_all()
    return db.session.get(OpinionBallot, ballot.id)


def test_an_answer_changed_while_the_report_is_made_is_counted(app, store, monkeypatch):
    world = ballot_world(signers=0)
    first, second, _silent = world.members
    ballot = open_ballot(world)
    answer_ballot(first, ballot, "agree")
    answer_ballot(second, ballot, "agree")
    before = ballot_keys(store, ballot.id)

    def another_request_changes_an_answer():
        answer_ballot(first, ballot, "disagree")
        db.session.commit()

    calls = during(monkeypatch, closing, "render_report", another_request_changes_an_answer)
    close_ballot(world.office, ballot)
    db.session.commit()

    assert calls == ["render_report", "render_report"]  # the answers were read again, once
    ballot = _fresh(ballot)
    assert ballot.state == OpinionBallotState.closed
    assert ballot.result["counts"] == {"agree": 1, "disagree": 1, "other": 0}
    assert ballot.answers_sha256 == sha256_of(answers_document(ballot))  # the hash is of what the database holds
    assert ballot_keys(store, ballot.id) - before == {ballot.report_key}  # the first report was discarded
    text = _text(store.read_bytes(ballot.report_key))
    assert "Đồng ý: 1; Không đồng ý: 1" in text and ballot.answers_sha256[:32] in text
    assert all(_results_told(m) == 1 for m in world.members)


def test_answers_that_keep_changing_refuse_the_close_and_keep_no_report(app, store, monkeypatch):
    world = ballot_world(signers=0)
    first = world.members[0]
    ballot = open_ballot(world)
    answer_ballot(first, ballot, "agree")
    before = ballot_keys(store, ballot.id)
    flips = iter(["disagree", "agree"])

    def another_request_changes_an_answer():
        answer_ballot(first, ballot, next(flips))
        db.session.commit()

    during(monkeypatch, closing, "render_report", another_request_changes_an_answer, times=2)
    with pytest.raises(ValidationError, match="vừa thay đổi trong lúc lập báo cáo tổng hợp") as refused:
        close_ballot(world.office, ballot)
    assert refused.value.status_code == 409
    db.session.rollback()  # as the error handler does
    ballot = _fresh(ballot)
    assert ballot.state == OpinionBallotState.open and ballot.result is None and ballot.report_key is None
    assert ballot.recipient_of(first).choice == OpinionChoice.agree  # the answers are what they were set to
    assert ballot_keys(store, ballot.id) == before
    assert _results_told(first) == 0


def test_of_two_closers_at_once_one_wins_and_the_loser_keeps_nothing(app, store, monkeypatch):
    """The secretariat closes early while the deadline sweep closes the same ballot."""
    world = ballot_world(signers=0)
    ballot = open_ballot(world)
    answer_ballot(world.members[0], ballot, "agree")
    before = ballot_keys(store, ballot.id)
    swept = []

    def the_sweep_closes_it():
        swept.append(sweep(ballot.deadline))

    calls = during(monkeypatch, closing, "render_report", the_sweep_closes_it)
    with pytest.raises(ValidationError, match="Phiếu lấy ý kiến không còn mở") as lost:
        close_ballot(world.office, ballot)
    assert lost.value.status_code == 409
    db.session.rollback()

    assert calls == ["render_report", "render_report"] and swept[0].closed == [ballot.id]
    ballot = _fresh(ballot)
    assert ballot.state == OpinionBallotState.closed and ballot.result["closed_because"] == "deadline"
    assert ballot.closed_by_id is None  # the sweep's close, not the secretariat's
    assert ballot_keys(store, ballot.id) - before == {ballot.report_key}  # one report: the winner's
    assert all(_results_told(m) == 1 for m in world.members)


def test_the_last_answer_and_the_sweep_close_once_and_count_that_answer(app, store, monkeypatch):
    world = ballot_world(signers=0)
    first, second, last = world.members
    ballot = open_ballot(world)
    answer_ballot(first, ballot, "agree")
    answer_ballot(second, ballot, "disagree")
    before = ballot_keys(store, ballot.id)
    during(monkeypatch, closing, "render_report", lambda: sweep(datetime.now(UTC)))

    answer_ballot(last, ballot, "agree")  # everyone has answered: it closes; the sweep closed it first
    db.session.commit()

    ballot = _fresh(ballot)
    assert ballot.state == OpinionBallotState.closed
    assert ballot.result["answered"] == 3 and ballot.result["counts"] == {"agree": 2, "disagree": 1, "other": 0}
    assert ballot_keys(store, ballot.id) - before == {ballot.report_key}
    assert all(_results_told(m) == 1 for m in world.members)


def _one_answer_in(store):
    """An open ballot where one member (the second) has answered "agree", committed; and what the
    store holds for it then."""
    world = ballot_world()
    member = world.members[1]
    ballot = open_ballot(world)
    answer_ballot(member, ballot, "agree")
    db.session.commit()
    return world, member, ballot, ballot_keys(store, ballot.id)


def test_an_answer_changed_in_another_tab_while_signing_is_not_signed(app, store, monkeypatch):
    world, member, ballot, before = _one_answer_in(store)

    def another_tab_answers():
        answer_ballot(member, ballot, "other", "Bổ sung kinh phí đào tạo.")
        db.session.commit()

    during(monkeypatch, signing, "sign_pdf", another_tab_answers)
    with pytest.raises(ValidationError, match="vừa được thay đổi") as refused:
        signing.sign_answer(member, ballot, P12_PASSPHRASE)
    assert refused.value.status_code == 409
    db.session.rollback()
    row = _fresh(ballot).recipient_of(member)
    assert row.choice == OpinionChoice.other and row.comment == "Bổ sung kinh phí đào tạo."
    assert row.signed_key is None and ballot_keys(store, ballot.id) == before  # the signed "agree" is gone


def test_an_answer_sent_with_a_signature_while_another_tab_answers_is_refused_whole(app, store, monkeypatch):
    world = ballot_world()
    member = world.members[1]
    ballot = open_ballot(world)
    before = ballot_keys(store, ballot.id)

    def another_tab_answers():
        answer_ballot(member, ballot, "disagree")
        db.session.commit()

    during(monkeypatch, signing, "sign_pdf", another_tab_answers)
    with pytest.raises(ValidationError, match="vừa được thay đổi") as refused:
        answer_ballot(member, ballot, "agree", passphrase=P12_PASSPHRASE)
    assert refused.value.status_code == 409
    db.session.rollback()
    row = _fresh(ballot).recipient_of(member)
    assert row.choice == OpinionChoice.disagree and row.signed_key is None
    assert ballot_keys(store, ballot.id) == before


def test_a_signature_made_while_the_ballot_closes_is_not_kept(app, store, monkeypatch):
    world, member, ballot, before = _one_answer_in(store)

    def the_secretariat_closes_it():
        close_ballot(world.office, ballot)
        db.session.commit()

    during(monkeypatch, signing, "sign_pdf", the_secretariat_closes_it)
    with pytest.raises(ValidationError, match="Phiếu lấy ý kiến đã kết thúc") as refused:
        signing.sign_answer(member, ballot, P12_PASSPHRASE)
    assert refused.value.status_code == 409
    db.session.rollback()
    ballot = _fresh(ballot)
    assert ballot.state == OpinionBallotState.closed and ballot.result["signed"] == 0
    assert ballot.recipient_of(member).signed_key is None
    assert ballot_keys(store, ballot.id) - before == {ballot.report_key}  # the report, not the signature


def test_a_signed_ballot_states_the_last_answer_and_a_change_drops_it(app, store):
    world = ballot_world()
    member = world.members[1]
    ballot = open_ballot(world)
    answer_ballot(member, ballot, "agree")
    row = answer_ballot(member, ballot, "other", "Bổ sung kinh phí đào tạo.", passphrase=P12_PASSPHRASE)
    db.session.commit()
    assert row.signed_key and row.choice == OpinionChoice.other
    text = _text(store.read_bytes(row.signed_key))
    assert "Ý kiến: Ý kiến khác" in text and "Bổ sung kinh phí đào tạo." in text
    assert signing.verify_answer(member, ballot, member.id).verdict == "valid"
    answer_ballot(member, ballot, "disagree")
    db.session.commit()
    assert _fresh(ballot).recipient_of(member).signed_key is None


def test_a_ballot_closed_meanwhile_is_not_cancelled(app, store):
    from meetings.services.opinion_ballots import cancel_ballot

    world = ballot_world(signers=0)
    ballot = open_ballot(world)
    answer_ballot(world.members[0], ballot, "agree")
    db.session.commit()
    db.session.connection().execute(  # another process closed it; this session's object still says open
        sa.text("UPDATE opinion_ballots SET state = 'closed' WHERE id = :id"), {"id": ballot.id}
    )
    assert ballot.state == OpinionBallotState.open
    with pytest.raises(ValidationError, match="Chỉ hủy được phiếu đang lấy ý kiến") as refused:
        cancel_ballot(world.office, ballot, "Trình lại tại phiên họp thường kỳ.")
    assert refused.value.status_code == 409
    assert _fresh(ballot).state == OpinionBallotState.closed and ballot.cancel_reason == ""
