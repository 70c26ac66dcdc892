"""``sign_minutes(signed_at=…)`` replays a signature of the past for server-side code only (the demo
seed): the sign page ignores any time a client sends, and a replayed time keeps the order of events
(after the lock, after the previous signature, not in the future)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.extensions import db
from demo.ca import issue_demo_credential
from meetings.localtime import LOCAL_TZ
from meetings.services import minutes as svc
from meetings.services.minutes_records import latest_signed, read_signed_revision
from tests.conftest import login
from tests.support.minutes import P12_PASSPHRASE, closed_meeting_with_signers, stated_signing_times

LOCKED = datetime(2020, 3, 27, 8, 40, tzinfo=LOCAL_TZ)
SIGNED = datetime(2020, 3, 27, 9, 0, tzinfo=LOCAL_TZ)


def _locked_in_2020():
    """A closed meeting locked on 27/03/2020 whose signers hold certificates valid since 2019: a
    2020 time would be accepted by the service, so only the route can keep it out."""
    meeting, secretary, chair, _member = closed_meeting_with_signers(items=1, documents=False)
    for user in (secretary, chair):
        issue_demo_credential(user, P12_PASSPHRASE, replace=True, issued_at=datetime(2019, 7, 1, tzinfo=UTC))
    svc.save_draft(secretary, meeting, number="15/BB-UBND", narrative="Chủ tịch khai mạc phiên họp.")
    svc.lock_draft(secretary, meeting).locked_at = LOCKED
    db.session.flush()
    return meeting, secretary, chair


def test_the_sign_page_ignores_a_signing_time_sent_by_the_client(app, client, store):
    meeting, secretary, _chair = _locked_in_2020()
    login(client, secretary)
    before = datetime.now(UTC).replace(microsecond=0)
    sent = SIGNED.isoformat()
    response = client.post(
        f"/meetings/{meeting.id}/minutes/sign",
        data={"passphrase": P12_PASSPHRASE, "signed_at": sent, "signing_time": sent, "time": sent},
    )
    assert response.status_code == 302
    record = latest_signed(meeting.id)
    (stated,) = stated_signing_times(read_signed_revision(record))
    assert before <= stated <= datetime.now(UTC)  # signed now, whatever the form said
    assert before <= record.created_at <= datetime.now(UTC)


def test_a_replayed_time_is_dated_in_the_pdf_and_the_row(app, store):
    meeting, secretary, chair = _locked_in_2020()
    record = svc.sign_minutes(secretary, meeting, P12_PASSPHRASE, signed_at=SIGNED)
    assert record.created_at == SIGNED
    later = SIGNED + timedelta(minutes=90)
    record = svc.sign_minutes(chair, meeting, P12_PASSPHRASE, signed_at=later)
    assert stated_signing_times(read_signed_revision(record)) == [SIGNED, later] and record.created_at == later


@pytest.mark.parametrize(
    "when",
    [
        LOCKED - timedelta(minutes=1),  # before the minutes were locked
        datetime.now(UTC) + timedelta(hours=1),  # in the future
        datetime(2020, 3, 27, 9, 0),  # naive
    ],
)
def test_a_replayed_time_out_of_order_is_refused_and_nothing_is_kept(app, store, when):
    meeting, secretary, _chair = _locked_in_2020()
    before = set(store.list_keys(f"meetings/{meeting.id}/minutes/"))  # the store outlives each test's rows
    with pytest.raises(ValueError):
        svc.sign_minutes(secretary, meeting, P12_PASSPHRASE, signed_at=when)
    assert latest_signed(meeting.id) is None
    assert set(store.list_keys(f"meetings/{meeting.id}/minutes/")) == before


def test_the_chair_cannot_be_dated_before_the_secretary(app, store):
    meeting, secretary, chair = _locked_in_2020()
    svc.sign_minutes(secretary, meeting, P12_PASSPHRASE, signed_at=SIGNED)
    with pytest.raises(ValueError):
        svc.sign_minutes(chair, meeting, P12_PASSPHRASE, signed_at=SIGNED - timedelta(minutes=1))
    assert latest_signed(meeting.id).signatures == 1
