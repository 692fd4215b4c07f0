"""Reporting periods and the pure date arithmetic of deadlines (section 6.2–6.3).

Nothing here touches the database: the deadline rules' numbers are passed in, so
every function can be unit-tested for every quarter, the year boundary included.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    quarter: int

    def __post_init__(self) -> None:
        if self.quarter not in ROMAN:
            raise ValueError(f"Квартал должен быть от 1 до 4, а не {self.quarter}.")

    @classmethod
    def of(cls, day: datetime.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.quarter - 2, 1)

    @property
    def end(self) -> datetime.date:
        month = 3 * self.quarter
        return datetime.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def label(self) -> str:
        """«IV квартал 2026 г.»"""
        return f"{ROMAN[self.quarter]} квартал {self.year} г."

    @property
    def short_label(self) -> str:
        """«IV кв. 2026»"""
        return f"{ROMAN[self.quarter]} кв. {self.year}"

    @property
    def index(self) -> int:
        """A running number: consecutive quarters differ by one."""
        return self.year * 4 + self.quarter - 1

    def previous(self) -> Quarter:
        return self.shift(-1)

    def next(self) -> Quarter:
        return self.shift(1)

    def shift(self, quarters: int) -> Quarter:
        index = self.index + quarters
        return Quarter(index // 4, index % 4 + 1)

    def contains(self, day: datetime.date | None) -> bool:
        return day is not None and self.start <= day <= self.end


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    """(year, month) ``months`` after the given month (negative goes back)."""
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def clamp_day(year: int, month: int, day: int) -> datetime.date:
    """The date ``day`` of the month, or the month's last day when it is shorter."""
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def quarterly_report_due(period: Quarter, *, day: int = 1, months_after: int = 1) -> datetime.date:
    """The day a quarter's report is due: by default the 1st of the month after the quarter.

    Q1 → 1 April, Q2 → 1 July, Q3 → 1 October, Q4 → 1 January of the next year.
    """
    year, month = add_months(period.year, 3 * period.quarter, months_after)
    return clamp_day(year, month, day)


def yearly_due(year: int, *, month: int, day: int) -> datetime.date:
    """A yearly deadline, e.g. the self-assessment by 20 November, sent by 1 December."""
    return clamp_day(year, month, day)


def days_word(days: int) -> str:
    """«1 день», «3 дня», «5 дней» — Russian plural of a number of days."""
    n = abs(days)
    if n % 10 == 1 and n % 100 != 11:
        word = "день"
    elif 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        word = "дня"
    else:
        word = "дней"
    return f"{days} {word}"
