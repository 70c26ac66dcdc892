"""What happens when something changes while a signature is being made (the render and the signature
run outside any database transaction, meetings/services/minutes.py): a second signature of the same
slot, or the minutes unlocked — and edited — meanwhile. The later one is refused (409), its object is
discarded, and what is recorded stays one valid signature per slot over the content that was locked."""

from __future__ import annotations

import pytest

from app.errors import ValidationError
from documents.minutes_pdf import SIGNING_CHAIN
from documents.offload import run_cpu_bound
from documents.signing import verify_pdf
from meetings.models import MinutesState
from meetings.services import minutes as svc
from meetings.services import minutes_signing
from meetings.services.minutes_records import latest_signed, read_signed_revision, trust_roots_pem
from tests.support.minutes import P12_PASSPHRASE, closed_meeting_with_signers


def _locked(items: int = 2):
    meeting, secretary, chair, member = closed_meeting_with_signers(items=items, documents=False)
    first = [i for i in meeting.agenda_items if i.parent_id is None][0]
    svc.save_draft(secretary, meeting, number="15/BB-UBND", narrative="Khai mạc.", conclusions={first.id: "Thông qua."})
    svc.lock_draft(secretary, meeting)
    return meeting, secretary, chair


def _while_signing(monkeypatch, action):
    """Run ``action`` once, in the middle of the next signature (after its render, before it is recorded)."""
    real, done = minutes_signing.sign_pdf, []

    def sign(*args, **kwargs):
        if not done:
            done.append(True)
            action()
        return real(*args, **kwargs)

    monkeypatch.setattr(minutes_signing, "sign_pdf", sign)


def _keys(store, meeting):
    return set(store.list_keys(f"meetings/{meeting.id}/minutes/"))


def test_two_signatures_of_the_same_slot_at_once_keep_one(app, store, monkeypatch):
    meeting, secretary, chair = _locked()
    before = _keys(store, meeting)  # the store outlives the rolled-back database: ids come back
    inner = []
    _while_signing(monkeypatch, lambda: inner.append(svc.sign_minutes(secretary, meeting, P12_PASSPHRASE)))
    with pytest.raises(ValidationError, match="vừa được ký bởi người khác") as info:
        svc.sign_minutes(secretary, meeting, P12_PASSPHRASE)
    assert info.value.status_code == 409
    record = latest_signed(meeting.id)
    assert record.id == inner[0].id and record.signatures == 1
    assert _keys(store, meeting) - before == {record.object_key}  # the refused one's object is gone
    # the chair signs after the one signature that was kept
    second = svc.sign_minutes(chair, meeting, P12_PASSPHRASE)
    report = run_cpu_bound(
        verify_pdf, read_signed_revision(second), trust_roots_pem(), SIGNING_CHAIN
    )  # a browser test's loop may run here
    assert report.ok and report.trusted and len(report.signatures) == 2
    assert svc.get_draft(meeting).state == MinutesState.signed


def test_minutes_unlocked_meanwhile_are_not_signed(app, store, monkeypatch):
    meeting, secretary, chair = _locked()
    before = _keys(store, meeting)
    _while_signing(monkeypatch, lambda: svc.unlock_draft(secretary, meeting))
    with pytest.raises(ValidationError, match="vừa được mở khóa hoặc thay đổi trong lúc ký") as info:
        svc.sign_minutes(secretary, meeting, P12_PASSPHRASE)
    assert info.value.status_code == 409
    assert latest_signed(meeting.id) is None and _keys(store, meeting) == before
    assert svc.get_draft(meeting).state == MinutesState.editing


def test_minutes_edited_and_locked_again_meanwhile_are_not_signed(app, store, monkeypatch):
    """Locked again, but with other content: the signature made over the old content is not kept."""
    meeting, secretary, chair = _locked()
    before = _keys(store, meeting)

    def edit():
        svc.unlock_draft(secretary, meeting)
        svc.save_draft(secretary, meeting, number="15/BB-UBND", narrative="Nội dung đã sửa.")
        svc.lock_draft(secretary, meeting)  # locked_at: a new time (to the microsecond)

    _while_signing(monkeypatch, edit)
    with pytest.raises(ValidationError, match="vừa được mở khóa hoặc thay đổi trong lúc ký"):
        svc.sign_minutes(secretary, meeting, P12_PASSPHRASE)
    assert latest_signed(meeting.id) is None and _keys(store, meeting) == before
    # signing again now signs the edited content
    record = svc.sign_minutes(secretary, meeting, P12_PASSPHRASE)
    import io

    from documents.pdf import inspect_pdf

    assert "Nội dung đã sửa." in inspect_pdf(io.BytesIO(read_signed_revision(record))).text


def test_unlock_refused_once_signed_even_if_it_looked_before(app, store, monkeypatch):
    """The unlock checks the signatures after its own write: a signature recorded in between wins."""
    meeting, secretary, chair = _locked()
    svc.sign_minutes(secretary, meeting, P12_PASSPHRASE)
    with pytest.raises(ValidationError, match="không thể mở khóa"):
        svc.unlock_draft(secretary, meeting)
