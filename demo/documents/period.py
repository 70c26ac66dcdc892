"""The period the upcoming demo meeting's documents speak of, derived from the meeting's day.

The demo's next regular meeting is dated relative to today, so its documents are too: a report
covers the last quarter completed before the meeting, a plan is for the meeting's year (or the
next one when it is submitted in the fourth quarter), and each document is dated some working
days before the meeting. The same day always gives the same period, hence the same PDF bytes.

The documents' text (demo/content/) names these values as ``{reported}``, ``{plan_year}`` …:
:meth:`Period.values` lists them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

ROMAN = ("I", "II", "III", "IV")
# solar public holidays (Tết Dương lịch, 30/4, 1/5, Quốc khánh): no document is dated, no work is due
HOLIDAYS = ((1, 1), (4, 30), (5, 1), (9, 2))


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and (day.month, day.day) not in HOLIDAYS


def working_days_from(day: date, count: int) -> date:
    """The working day ``count`` working days after ``day`` (before it when ``count`` is negative)."""
    step = 1 if count >= 0 else -1
    left = abs(count)
    while left:
        day += timedelta(days=step)
        if is_working_day(day):
            left -= 1
    return day


def short_date(day: date) -> str:
    """01/5/2027: the day padded, the month not, as in the tables of administrative documents."""
    return f"{day.day:02d}/{day.month}/{day.year}"


@dataclass(frozen=True)
class Period:
    meeting_day: date

    # -- the reporting quarter: the last one completed before the meeting --------------------
    @property
    def quarter(self) -> int:
        return (quarter_of(self.meeting_day) - 2) % 4 + 1

    @property
    def quarter_year(self) -> int:
        return self.meeting_day.year - (1 if quarter_of(self.meeting_day) == 1 else 0)

    @property
    def reported(self) -> str:
        """'quý III năm 2026'"""
        return f"quý {ROMAN[self.quarter - 1]} năm {self.quarter_year}"

    @property
    def reported_short(self) -> str:
        """'Quý III/2026' (a table header)"""
        return f"Quý {ROMAN[self.quarter - 1]}/{self.quarter_year}"

    @property
    def ahead(self) -> str:
        """The quarter after the reported one, the meeting's own: 'quý IV năm 2026'."""
        return f"quý {ROMAN[quarter_of(self.meeting_day) - 1]} năm {self.meeting_day.year}"

    # -- years ---------------------------------------------------------------------------------
    @property
    def plan_year(self) -> int:
        """A plan submitted in the fourth quarter is for the next year."""
        return self.meeting_day.year + (1 if quarter_of(self.meeting_day) == 4 else 0)

    @property
    def budget_year(self) -> int:
        """A supplementary estimate (bổ sung dự toán) amends the running year's budget."""
        return self.meeting_day.year

    @property
    def statistics_year(self) -> int:
        """The latest land statistics (thống kê đất đai) are those of the year before the meeting."""
        return self.meeting_day.year - 1

    # -- dates ---------------------------------------------------------------------------------
    def issued(self, working_days_before: int) -> date:
        """A document's date: this many working days before the meeting."""
        return working_days_from(self.meeting_day, -working_days_before)

    def handover_days(self) -> tuple[date, date, date]:
        """Three hand-over dates half a month apart, the first about a month after the meeting: the
        1st or the 15th of a month, or the next working day when that is a weekend or a holiday."""
        day = self.meeting_day + timedelta(days=28)
        day = date(day.year, day.month, 1 if day.day == 1 else 15) if day.day <= 15 else _first_of_next(day)
        days = [day]
        for _ in range(2):
            day = date(day.year, day.month, 15) if day.day == 1 else _first_of_next(day)
            days.append(day)
        first, second, third = (working_days_from(d, 1) if not is_working_day(d) else d for d in days)
        return first, second, third

    # -- what the documents' text may name ---------------------------------------------------
    def values(self) -> dict[str, str | int]:
        """Every value a document of the upcoming meeting may name as ``{name}``."""
        first, second, third = self.handover_days()
        agreed = first - timedelta(days=1)  # the communes sign with the post office the day before
        review = first + timedelta(days=183)  # phase 3 is reviewed six months after the first hand-over
        return {
            "reported": self.reported,
            "reported_short": self.reported_short,
            "ahead": self.ahead,
            "ahead_upper": self.ahead.upper(),
            "quarter": self.quarter,
            "quarter_year": self.quarter_year,
            "plan_year": self.plan_year,
            "budget_year": self.budget_year,
            "previous_budget_year": self.budget_year - 1,
            "statistics_year": self.statistics_year,
            "previous_statistics_year": self.statistics_year - 1,
            "first_handover": short_date(first),
            "second_handover": short_date(second),
            "third_handover": short_date(third),
            "handover_year": first.year,
            "list_deadline": short_date(working_days_from(self.meeting_day, 5)),
            "agreement_deadline": short_date(agreed),
            "agreement_month": f"{agreed.month}/{agreed.year}",
            "review_month": f"{review.month}/{review.year}",
        }


def _first_of_next(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)
