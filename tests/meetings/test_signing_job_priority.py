"""The signing job gives way to the server: its process lowers its own CPU priority before the work
(meetings/services/minutes_signing_job.py). os.nice is recorded, not called: it cannot be undone."""

from __future__ import annotations

from meetings.services import minutes_signing_job


def test_the_signing_job_lowers_its_own_priority_by_the_setting(app, monkeypatch):
    calls = []
    monkeypatch.setattr(minutes_signing_job.os, "nice", calls.append)
    with app.app_context():
        assert app.config["SIGNING_JOB_NICENESS"] == 10
        minutes_signing_job._yield_to_the_room()
        monkeypatch.setitem(app.config, "SIGNING_JOB_NICENESS", 0)
        minutes_signing_job._yield_to_the_room()  # 0: left as it is
    assert calls == [10]


def test_it_is_lowered_before_the_order_is_opened(app, monkeypatch):
    """In the job, the priority drops first: the decryption and the signature both run lowered."""
    order = []
    monkeypatch.setattr(minutes_signing_job.os, "nice", lambda n: order.append(("nice", n)))
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
    assert order == [("nice", 10), ("open",), ("outcome",)]
