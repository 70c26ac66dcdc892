"""bench/report.py: what a run carries over from the last one — values it did not measure, and an
old scenario's error only while that scenario has not run again."""

from __future__ import annotations

import json

from bench import report


def test_an_old_error_goes_once_the_scenario_ran_again(tmp_path, monkeypatch):
    previous = {
        "measured_at": "2026-12-01 03:01 UTC",
        "minutes_sign_s": 3.1,
        "details": {"fanout_error": "rate_limited", "session_error": "launcher exited"},
    }
    monkeypatch.setattr(report, "RESULTS", tmp_path / "results.json")
    (tmp_path / "results.json").write_text(json.dumps(previous))
    results = {"fanout_ratio_500": 0.6}  # the fan-out ran and worked; the session did not run
    details = {"scenario_s": {"fanout": 58.0}, "fanout_500": {}}
    report._carry_over(results, details)
    assert "fanout_error" not in details  # ran this time: its old error is not carried
    assert details["session_error"] == "launcher exited"  # not run: what stands is the last run's
    assert results["minutes_sign_s"] == 3.1 and details["carried_over"]["keys"] == ["minutes_sign_s"]
