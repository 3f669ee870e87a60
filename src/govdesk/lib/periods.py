"""Periods of an assessment year (month, quarter, half, year, any date range), read
from a query string. Django-free."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    label: str
    kind: str  # month / quarter / half / year / range
    number: int = 0

    def previous(self) -> "Period":
        """The period of the same kind just before (the same length, for a range)."""
        if self.kind == "month":
            return month(self.start.year, self.number - 1) if self.number > 1 else _before(self)
        if self.kind == "quarter":
            return quarter(self.start.year, self.number - 1) if self.number > 1 else _before(self)
        if self.kind == "half":
            return half(self.start.year, 1) if self.number == 2 else _before(self)
        return _before(self)

    def month_span(self) -> tuple[int, int] | None:
        """(first, last) month when the period is whole months of one year."""
        whole = (
            self.start.day == 1
            and (self.end + timedelta(days=1)).day == 1
            and self.start.year == self.end.year
        )
        return (self.start.month, self.end.month) if whole else None

    def months(self) -> list[tuple[int, int]]:
        """(year, month) of every month the period touches."""
        first = self.start.year * 12 + self.start.month - 1
        last = self.end.year * 12 + self.end.month - 1
        return [(n // 12, n % 12 + 1) for n in range(first, last + 1)]


def _before(period: Period) -> Period:
    length = period.end - period.start
    end = period.start - timedelta(days=1)
    return Period(end - length, end, "上一期", "range")


def month(year: int, number: int) -> Period:
    last = calendar.monthrange(year, number)[1]
    return Period(
        date(year, number, 1), date(year, number, last), f"{year}年{number}月", "month", number
    )


def quarter(year: int, number: int) -> Period:
    first = 3 * number - 2
    end = month(year, first + 2).end
    return Period(date(year, first, 1), end, f"{year}年第{number}季度", "quarter", number)


def half(year: int, number: int) -> Period:
    start, end = (
        (date(year, 1, 1), date(year, 6, 30))
        if number == 1
        else (date(year, 7, 1), date(year, 12, 31))
    )
    return Period(start, end, f"{year}年{'上' if number == 1 else '下'}半年", "half", number)


def whole_year(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31), f"{year}年全年", "year")


def _int(value, low: int, high: int) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


def from_query(params, year: int, today: date) -> Period:
    """``?month=3``, ``?quarter=2``, ``?half=1``, ``?period=year`` or ``?start=…&end=…``
    (ISO dates, clipped to the year); by default the current month of the year, or
    December for a past year."""
    if (number := _int(params.get("month"), 1, 12)) is not None:
        return month(year, number)
    if (number := _int(params.get("quarter"), 1, 4)) is not None:
        return quarter(year, number)
    if (number := _int(params.get("half"), 1, 2)) is not None:
        return half(year, number)
    if params.get("period") == "year":
        return whole_year(year)
    try:
        start = max(date.fromisoformat(params.get("start", "")), date(year, 1, 1))
        end = min(date.fromisoformat(params.get("end", "")), date(year, 12, 31))
    except ValueError:
        return month(year, today.month if today.year == year else 12)
    if start > end:
        start, end = end, start
    return Period(start, end, f"{start:%Y-%m-%d}至{end:%Y-%m-%d}", "range")
