"""The signing job gives way to the server: its process lowers its own CPU priority before the work
(meetings/services/minutes_signing_job.py). os.nice and os.sched_setscheduler are recorded, not
called: neither can be undone by this process."""

from __future__ import annotations

import os

from meetings.services import minutes_signing_job


def test_the_signing_job_lowers_its_own_priority_by_the_setting(app, monkeypatch):
    calls = []
    monkeypatch.setattr(minutes_signing_job.os, "nice", calls.append)
    monkeypatch.setattr(
        minutes_signing_job.os, "sched_setscheduler", lambda pid, policy, param: calls.append((pid, policy))
    )
    with app.app_context():
        assert app.config["SIGNING_JOB_NICENESS"] == 10 and app.config["SIGNING_JOB_SCHED_IDLE"] is True
        minutes_signing_job._yield_to_the_room()
        monkeypatch.setitem(app.config, "SIGNING_JOB_NICENESS", 0)
        monkeypatch.setitem(app.config, "SIGNING_JOB_SCHED_IDLE", False)
        minutes_signing_job._yield_to_the_room()  # both off: left as it is
    assert calls == [10, (0, os.SCHED_IDLE)]


def test_a_sandbox_refusing_sched_idle_leaves_the_niceness(app, monkeypatch):
    calls = []
    monkeypatch.setattr(minutes_signing_job.os, "nice", calls.append)

    def refused(*_args):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(minutes_signing_job.os, "sched_setscheduler", refused)
    with app.app_context():
        minutes_signing_job._yield_to_the_room()  # no error: the job still signs
    assert calls == [10]


def test_sched_idle_really_applies_to_a_forked_process():
    """The kernel takes it from an unprivileged process (a child, so this one is left as it was)."""
    pid = os.fork()
    if pid == 0:  # the child: lower itself, report the policy in its exit status
        try:
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
            os._exit(0 if os.sched_getscheduler(0) == os.SCHED_IDLE else 1)
        except BaseException:  # noqa: BLE001 - never return into pytest from the child
            os._exit(2)
    _pid, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_it_is_lowered_before_the_order_is_opened(app, monkeypatch):
    """In the job, the priority drops first: the decryption and the signature both run lowered."""
    order = []
    monkeypatch.setattr(minutes_signing_job.os, "nice", lambda n: order.append(("nice", n)))
    monkeypatch.setattr(minutes_signing_job.os, "sched_setscheduler", lambda *a: order.append(("idle",)))
    monkeypatch.setattr(minutes_signing_job, "_claim", lambda *a: True)
    monkeypatch.setattr(minutes_signing_job, "decrypt_fresh", lambda *a: order.append(("open",)) or None)

    class Redis:
        def rpush(self, *a):
            order.append(("outcome",))

        def expire(self, *a):
            pass

    monkeypatch.setattr("app.jobs.redis_connection", lambda: Redis())
    with app.app_context():
        assert minutes_signing_job.run_signing_job("t", b"sealed") == "refused"  # expired: refused
    assert order == [("nice", 10), ("idle",), ("open",), ("outcome",)]
