"""Minutes signed by the job worker's process (meetings/services/minutes_signing_job.py): a real
redis-server of the test's own and a real ``python -m app.worker``. The signatures are the same
valid PAdES signatures, refusals reach the signer, nothing readable about the signer is left in
Redis, and a worker that does not pick the job up in time leaves the signature to the server."""

from __future__ import annotations

import json
import os
import pickle
import signal
import zlib

import pytest
from rq import Queue
from rq.registry import CanceledJobRegistry

from app.errors import ValidationError
from documents.minutes_pdf import SIGNING_CHAIN
from documents.offload import run_cpu_bound
from documents.signing import verify_pdf
from meetings.models import MinutesState
from meetings.services import minutes as svc
from meetings.services import minutes_signing_job
from meetings.services.minutes_records import latest_signed, read_signed_revision, trust_roots_pem
from tests.support.jobs import Processes, own_redis, wait_until, worker_env
from tests.support.minutes import P12_PASSPHRASE, closed_meeting_with_signers, pdfsig

QUEUE = "minutes-signing-test"
NARRATIVE = "Khai mạc phiên họp; đồng chí Chủ tịch giao nhiệm vụ giải ngân vốn đầu tư công."


@pytest.fixture
def worker(app, s3_settings, database_url, tmp_path):
    """The session's application on a Redis of its own, with one live worker process."""
    from app.jobs import health

    with own_redis(tmp_path) as server:
        old = {key: app.config.get(key) for key in ("REDIS_URL", "JOBS_QUEUE")}
        app.config.update(REDIS_URL=server.settings.url, JOBS_QUEUE=QUEUE)
        env = worker_env(
            database_url,
            server.settings.url,
            tmp_path / "instance",
            1,  # no e-mail is sent by a signature
            PHONGHOP_JOBS_QUEUE=QUEUE,
            PHONGHOP_S3_BUCKET=app.config["S3_BUCKET"],
            **s3_settings.as_env(),
        )
        processes = Processes(env, tmp_path)
        process = processes.start()
        try:
            wait_until(lambda: health()["workers"] == 1, what="the worker", logs=processes.logs)
            yield processes, process
        finally:
            try:
                os.kill(process.pid, signal.SIGCONT)
            except ProcessLookupError:
                pass
            processes.stop_all()
            app.config.update(old)


def _locked():
    meeting, secretary, chair, _member = closed_meeting_with_signers(items=2, documents=False)
    first = [i for i in meeting.agenda_items if i.parent_id is None][0]
    svc.save_draft(secretary, meeting, number="15/BB-UBND", narrative=NARRATIVE, conclusions={first.id: "Thông qua."})
    svc.lock_draft(secretary, meeting)
    return meeting, secretary, chair


def test_the_worker_makes_both_signatures_and_they_are_valid(app, store, worker, tmp_path):
    processes, _process = worker
    meeting, secretary, chair = _locked()
    first = svc.sign_minutes(secretary, meeting, P12_PASSPHRASE)
    second = svc.sign_minutes(chair, meeting, P12_PASSPHRASE)
    assert (first.signatures, second.signatures) == (1, 2)
    assert svc.get_draft(meeting).state == MinutesState.signed
    data = read_signed_revision(second)  # checked against the sha256 the worker reported
    report = run_cpu_bound(verify_pdf, data, trust_roots_pem(), SIGNING_CHAIN)
    assert report.ok and report.trusted and [s.signer for s in report.signatures] == ["Lê Hoàng Nam", "Nguyễn Văn Chủ"]
    path = tmp_path / "bien-ban.pdf"
    path.write_bytes(data)
    output = pdfsig(path)
    assert output.count("Signature Validation: Signature is Valid.") == 2, output
    # made in the worker's process, not here
    assert processes.logs().count("Successfully completed minutes signing job") == 2, processes.logs()


def test_a_replayed_signing_time_reaches_the_worker(app, store, worker):
    """The demo seed's ``signed_at`` travels in the sealed plan: the worker dates the signature with it."""
    from datetime import UTC, datetime

    from app.extensions import db
    from demo.ca import issue_demo_credential
    from meetings.localtime import LOCAL_TZ
    from tests.support.minutes import stated_signing_times

    processes, _process = worker
    meeting, secretary, _chair = _locked()
    issue_demo_credential(secretary, P12_PASSPHRASE, replace=True, issued_at=datetime(2019, 7, 1, tzinfo=UTC))
    svc.get_draft(meeting).locked_at = datetime(2020, 3, 27, 8, 40, tzinfo=LOCAL_TZ)
    db.session.flush()
    signed_at = datetime(2020, 3, 27, 9, 0, tzinfo=LOCAL_TZ)
    record = svc.sign_minutes(secretary, meeting, P12_PASSPHRASE, signed_at=signed_at)
    assert stated_signing_times(read_signed_revision(record)) == [signed_at] and record.created_at == signed_at
    assert processes.logs().count("Successfully completed minutes signing job") == 1, processes.logs()


def test_a_wrong_passphrase_is_refused_through_the_worker(app, store, worker):
    meeting, secretary, _chair = _locked()
    before = set(store.list_keys(f"meetings/{meeting.id}/minutes/"))
    with pytest.raises(ValidationError, match="Mật khẩu chứng thư số không đúng") as info:
        svc.sign_minutes(secretary, meeting, "sai-mat-khau")
    assert info.value.status_code == 400
    assert latest_signed(meeting.id) is None
    assert set(store.list_keys(f"meetings/{meeting.id}/minutes/")) == before


def test_a_worker_that_does_not_pick_the_job_up_leaves_the_signature_to_the_server(app, store, worker, monkeypatch):
    """A registered but stalled worker (SIGSTOP: a hung host): after the pickup delay the server claims
    the job and signs itself; the job it queued holds nothing readable about the signer."""
    from app.jobs import redis_connection

    _processes, process = worker
    monkeypatch.setitem(app.config, "SIGNING_JOB_PICKUP_SECONDS", 1)
    meeting, secretary, _chair = _locked()
    os.kill(process.pid, signal.SIGSTOP)
    record = svc.sign_minutes(secretary, meeting, P12_PASSPHRASE)
    assert record.signatures == 1
    report = run_cpu_bound(verify_pdf, read_signed_revision(record), trust_roots_pem(), SIGNING_CHAIN)
    assert report.ok and report.trusted

    connection = redis_connection()
    (job_id,) = CanceledJobRegistry(queue=Queue(QUEUE, connection=connection)).get_job_ids()
    job = Queue(QUEUE, connection=connection).fetch_job(job_id)
    path, ticket, sealed = job.args
    assert path == minutes_signing_job.JOB_PATH
    assert connection.get(minutes_signing_job._claim_key(ticket)) == b"server"
    assert sealed.startswith(b"gAAAAA")  # a Fernet token
    from meetings.services.minutes_records import credential_of, signer_provider

    secrets = [
        P12_PASSPHRASE.encode(),
        "Khai mạc phiên họp".encode(),  # the minutes' text
        signer_provider(secretary).p12[-64:],  # the credential, opened or as stored
        credential_of(secretary).encrypted_p12[-64:],
    ]
    for key in connection.keys("*"):
        kind = connection.type(key)
        values = {
            b"string": lambda k: [connection.get(k)],
            b"hash": lambda k: list(connection.hgetall(k).values()),
            b"list": lambda k: connection.lrange(k, 0, -1),
            b"zset": lambda k: connection.zrange(k, 0, -1),
            b"set": lambda k: list(connection.smembers(k)),
        }.get(kind, lambda k: [])(key)
        for value in values:
            blobs = [value]
            try:
                blobs.append(zlib.decompress(value))  # RQ keeps a job's data as compressed pickle
            except zlib.error:
                pass
            for blob in blobs:
                assert not any(secret in blob for secret in secrets), key
    assert P12_PASSPHRASE.encode() not in pickle.dumps(job.args)

    # the worker, once it runs again, leaves the job the server claimed alone
    assert minutes_signing_job.run_signing_job(ticket, sealed) == "the server signed it itself"
    assert connection.llen(minutes_signing_job._outcome_key(ticket)) == 0


def test_a_job_that_fails_before_it_starts_leaves_the_signature_to_the_server(app, store, worker, monkeypatch):
    """A worker that cannot run the job (an older release without the function, during a deploy):
    the job fails without an outcome; the server sees it, claims the job and signs itself at once."""
    processes, _process = worker
    monkeypatch.setattr(minutes_signing_job, "JOB_PATH", "meetings.services.minutes_signing_job:not_in_this_release")
    monkeypatch.setitem(app.config, "SIGNING_JOB_PICKUP_SECONDS", 60)  # not the pickup delay: the failure
    meeting, secretary, _chair = _locked()
    record = svc.sign_minutes(secretary, meeting, P12_PASSPHRASE)
    assert record.signatures == 1
    report = run_cpu_bound(verify_pdf, read_signed_revision(record), trust_roots_pem(), SIGNING_CHAIN)
    assert report.ok and report.trusted
    assert "not_in_this_release" in processes.logs()


def test_an_order_older_than_its_time_to_live_is_refused_by_the_worker(app, worker, monkeypatch):
    """The sealed order carries its time: a job run late (a worker back after an outage) signs nothing."""
    import time

    from app.jobs import redis_connection
    from documents.credentials import encrypt_secret

    sealed = encrypt_secret(b"irrelevant", minutes_signing_job.PURPOSE)
    monkeypatch.setitem(app.config, "SIGNING_JOB_TTL_SECONDS", 1)
    time.sleep(2.1)
    assert minutes_signing_job.run_signing_job("late-ticket", sealed) == "refused"
    (outcome,) = redis_connection().lrange(minutes_signing_job._outcome_key("late-ticket"), 0, -1)
    assert not json.loads(outcome)["ok"] and "quá hạn" in json.loads(outcome)["error"]
