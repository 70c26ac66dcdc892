"""The demo's one running task is a standing duty reported every quarter: it falls due with the next
quarterly report, whatever year the demo is run in, and never in under a fortnight."""

from __future__ import annotations

from datetime import date

import pytest

from demo.tasks import TASKS, next_quarterly_report


@pytest.mark.parametrize(
    "today, due",
    [
        (date(2026, 11, 26), date(2026, 12, 31)),
        (date(2026, 12, 17), date(2026, 12, 31)),  # exactly a fortnight left
        (date(2026, 12, 18), date(2027, 3, 31)),  # too close: the next quarter's report
        (date(2027, 1, 1), date(2027, 3, 31)),
        (date(2026, 3, 31), date(2026, 6, 30)),
        (date(2028, 2, 20), date(2028, 3, 31)),
    ],
)
def test_next_quarterly_report(today, due):
    assert next_quarterly_report(today) == due


def test_only_the_standing_duty_is_left_open():
    running = [spec for spec in TASKS if spec.done_on is None]
    assert len(running) == 1 and running[0].deadline is None and "hằng quý" in running[0].title
    assert all(spec.done_on <= spec.deadline for spec in TASKS if spec.done_on)
