"""The CPU of a minutes signature (render the 30 pages, the PAdES signature) in the RQ worker's
process instead of the server's (issue 11; docs/performance.md, "Signing: the profile").

In the server, rendering and signing run on gevent's native thread pool — off the event loop, but in
the same process: pure Python that holds the GIL, so the loop that fans page turns out to the room
waits its turn (page-turn p99 ×4–13 while signing). The worker is another process, on the other core.

The request stays synchronous for the signer: :func:`sign_in_worker` queues one job, waits for its
outcome (the greenlet blocks on Redis, the loop keeps serving) and returns what the store kept; the
signing service then records the revision in its short write, with its 409 checks and the audit,
exactly as when the signature is made in the server. It returns None — "sign here instead" — when
there is no Redis, no live worker, a credential that is not a PKCS#12, or when no worker picked the
job up within ``SIGNING_JOB_PICKUP_SECONDS``: then the server claims the job first, so a worker that
reaches it later does nothing (:func:`_claim`: one ``SET NX``, whoever is first signs).

Nothing readable is left in Redis: the job's single argument is a Fernet token (a key derived from
the app's ``SECRET_KEY``, purpose ``minutes-signing-job``) sealing the passphrase, the credential and
the minutes; the worker refuses a token older than ``SIGNING_JOB_TTL_SECONDS``; the job keeps no
result (``result_ttl=0``) and the outcome list (a key, a size, a hash, or an error message) expires.
The worker writes the signed PDF under a key of its own, so a late worker can never overwrite a
revision the server made itself; an object nobody recorded is discarded by the server, or stays an
unreferenced orphan if the worker finished after the server gave up.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import time
import uuid
from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _

from app.errors import ValidationError
from documents.credentials import decrypt_fresh, encrypt_secret
from documents.signing import Pkcs12Provider
from documents.storage import StoredObject

log = logging.getLogger(__name__)

PURPOSE = b"minutes-signing-job"
JOB_PATH = "meetings.services.minutes_signing_job:run_signing_job"
CONTENT_TYPE = "application/pdf"


@dataclass(frozen=True)
class _Order:
    """What the worker needs; only ever in Redis sealed (:data:`PURPOSE`)."""

    plan: object  # minutes_signing._SigningPlan
    passphrase: str
    key: str  # where the worker puts the signed PDF
    reason: str
    tsa_url: str | None
    locale: str


def _setting(name: str, default: float) -> float:
    return float(current_app.config.get(name) or default)


def _claim_key(ticket: str) -> str:
    return f"phonghop:minutes-signing:{ticket}:claim"


def _outcome_key(ticket: str) -> str:
    return f"phonghop:minutes-signing:{ticket}:outcome"


def _claim(connection, ticket: str, who: str) -> bool:
    """True for the first of the server and the worker to ask; the other then leaves the job alone."""
    return bool(connection.set(_claim_key(ticket), who, nx=True, ex=3600))


def _worker_alive() -> bool:
    from app.jobs import health

    return health()["workers"] > 0


def sign_in_worker(plan, passphrase: str, reason: str, tsa_url: str | None):
    """(key, StoredObject) of the signed revision made by the job worker, or None: sign here."""
    from redis.exceptions import RedisError

    from app.jobs import get_queue, redis_connection, run_job
    from meetings.services import minutes_records

    if not current_app.config.get("SIGNING_IN_WORKER", True) or not isinstance(plan.provider, Pkcs12Provider):
        return None
    connection = redis_connection()
    if connection is None or not _worker_alive():
        return None
    ticket = uuid.uuid4().hex
    order = _Order(
        plan=plan,
        passphrase=passphrase,
        key=minutes_records.signed_object_key(plan.meeting_id, plan.count + 1),
        reason=reason,
        tsa_url=tsa_url,
        locale=str(get_locale() or current_app.config.get("BABEL_DEFAULT_LOCALE") or "vi"),
    )
    sealed = encrypt_secret(pickle.dumps(order), PURPOSE)
    ttl = int(_setting("SIGNING_JOB_TTL_SECONDS", 120))
    try:
        job = get_queue().enqueue(
            run_job,
            JOB_PATH,
            ticket,
            sealed,
            job_id=f"minutes-sign-{ticket}",
            description="minutes signing",
            result_ttl=0,
            failure_ttl=600,
            ttl=ttl,
            job_timeout=ttl,
        )
    except (RedisError, OSError):
        log.warning("could not queue the minutes signature; signing in the server", exc_info=True)
        return None if _claim_or_unknown(connection, ticket) else _wait(connection, ticket, order.key, None)
    return _wait(connection, ticket, order.key, job)


def _claim_or_unknown(connection, ticket: str) -> bool:
    """After a failed enqueue: True when the server may sign itself (it claimed the job, or Redis is
    unreachable for the worker too, which cannot claim it then)."""
    from redis.exceptions import RedisError

    try:
        return _claim(connection, ticket, "server")
    except (RedisError, OSError):
        return True


def _wait(connection, ticket: str, key: str, job):
    """Wait for the worker's outcome (the greenlet blocks on Redis one second at a time)."""
    from redis.exceptions import RedisError

    from meetings.services import minutes_records

    started = time.monotonic()
    pickup = _setting("SIGNING_JOB_PICKUP_SECONDS", 5)
    timeout = _setting("SIGNING_JOB_TIMEOUT_SECONDS", 90)
    taken = False
    try:
        while True:
            got = connection.blpop([_outcome_key(ticket)], timeout=1)
            if got:
                outcome = json.loads(got[1])
                break
            waited = time.monotonic() - started
            if _job_ended(job):  # the job died without an outcome (a worker without this code, killed…)
                if not taken and _claim(connection, ticket, "server"):
                    log.warning("minutes signature job %s failed before starting; signing in the server", ticket)
                    return None
                minutes_records.discard_signed_object(key)
                raise ValidationError(
                    _("Không ký được biên bản; chữ ký chưa được lưu. Vui lòng thử lại."), status_code=503
                )
            if not taken and waited >= pickup:
                if _claim(connection, ticket, "server"):  # no worker started it: sign in the server
                    log.warning("no worker took minutes signature %s in %.1f s; signing in the server", ticket, waited)
                    _cancel(job)
                    return None
                taken = True  # a worker has it: wait for its outcome
            if waited >= timeout:
                minutes_records.discard_signed_object(key)  # if the worker got that far
                raise ValidationError(
                    _("Máy chủ ký số không trả lời kịp; chữ ký chưa được lưu. Vui lòng thử lại sau ít phút."),
                    status_code=503,
                )
    except (RedisError, OSError) as exc:
        log.warning("lost the job queue while waiting for minutes signature %s", ticket, exc_info=True)
        minutes_records.discard_signed_object(key)
        raise ValidationError(
            _("Mất kết nối tới hàng đợi ký số; chữ ký chưa được lưu. Vui lòng thử lại."), status_code=503
        ) from exc
    if not outcome.get("ok"):
        raise ValidationError(outcome.get("error") or _("Không ký được biên bản."), status_code=outcome.get("status"))
    return key, StoredObject(key=key, size=outcome["size"], sha256=outcome["sha256"], content_type=CONTENT_TYPE)


def _job_ended(job) -> bool:
    """The job failed, was stopped or cancelled: no outcome will come."""
    if job is None:
        return False
    from rq.job import JobStatus

    return job.get_status(refresh=True) in (JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED)


def _cancel(job) -> None:
    """Take the job off the queue (the claim already makes a worker skip it; this only tidies)."""
    if job is None:
        return
    try:
        job.cancel()
    except Exception:  # noqa: BLE001 - already started, expired or Redis gone: the claim still holds
        log.info("could not cancel minutes signing job %s", job.id, exc_info=True)


def run_signing_job(ticket: str, sealed: bytes) -> str:
    """In the worker (through app.jobs.run_job): render and sign what the server sealed, put it in the
    store, and hand the outcome back. Returns what happened, for the worker's log."""
    from app.jobs import redis_connection
    from meetings.services import minutes_records
    from meetings.services.minutes_signing import produce_signature

    connection = redis_connection()
    if not _claim(connection, ticket, "worker"):
        return "the server signed it itself"
    _yield_to_the_room()
    raw = decrypt_fresh(sealed, PURPOSE, int(_setting("SIGNING_JOB_TTL_SECONDS", 120)))
    if raw is None:
        outcome = {
            "ok": False,
            "status": 503,
            "error": _("Yêu cầu ký đã quá hạn; chữ ký chưa được lưu. Vui lòng thử lại."),
        }
    else:
        order: _Order = pickle.loads(raw)  # noqa: S301 - authenticated: sealed by this app's key
        with force_locale(order.locale):
            outcome = _sign(order, produce_signature, minutes_records)
    connection.rpush(_outcome_key(ticket), json.dumps(outcome))
    connection.expire(_outcome_key(ticket), 600)
    return "signed" if outcome["ok"] else "refused"


def _yield_to_the_room() -> None:
    """Give the room's page turns the CPU first. rq's ``Worker`` runs each job in a process forked
    for it, so only that process is lowered, and only for this job.

    ``SIGNING_JOB_SCHED_IDLE`` (default on, Linux): the job runs under ``SCHED_IDLE`` — the kernel
    hands it a core only when nothing else wants one, and the server, waking up to fan a page turn
    out, takes the core back at once. A niceness alone (``SIGNING_JOB_NICENESS``, also applied, and
    all that is left where SCHED_IDLE is refused) only shrinks the job's share: the server still
    waited for the job's slice to end before it ran (page turns ~2 ms slower while signing,
    docs/performance.md). The price: on cores kept 100 % busy the signature waits until they are not
    (the request waits with it, up to ``SIGNING_JOB_TTL_SECONDS``)."""
    niceness = int(current_app.config.get("SIGNING_JOB_NICENESS") or 0)
    if niceness > 0 and hasattr(os, "nice"):
        os.nice(niceness)
    if current_app.config.get("SIGNING_JOB_SCHED_IDLE", True) and hasattr(os, "SCHED_IDLE"):
        try:
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
        except OSError:  # a sandbox that forbids it: the niceness above still holds
            log.info("SCHED_IDLE refused for the signing job; running at niceness %s", niceness, exc_info=True)


def _sign(order: _Order, produce_signature, minutes_records) -> dict:
    plan = order.plan
    try:
        signed = produce_signature(plan, order.passphrase, order.reason, order.tsa_url)
        key, stored = minutes_records.put_signed_object(plan.meeting_id, signed, plan.count + 1, key=order.key)
    except ValidationError as exc:
        return {"ok": False, "status": exc.status_code, "error": str(exc)}
    except Exception:  # noqa: BLE001 - the signer needs one message; the log has the rest
        log.exception("minutes signature failed in the worker (meeting %s)", plan.meeting_id)
        return {"ok": False, "status": 500, "error": _("Không ký được biên bản; vui lòng thử lại.")}
    return {"ok": True, "size": stored.size, "sha256": stored.sha256}
