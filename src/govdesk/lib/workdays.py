"""Working days in mainland China: statutory holidays and 调休 (weekend days worked in
exchange) from the chinese-calendar package, plus days an administrator entered for
years the package does not know yet (the State Council publishes each year's plan in
November or December, after the package's release).

Django-free: callers pass the administrator's entries in as ``overrides``. A date in
a year nobody knows falls back to "Monday to Friday" and the result says so, so a
deadline is always computed and the page can show a warning instead of failing.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar


@dataclass(frozen=True)
class Deadline:
    day: date
    # True when some day counted lay beyond every known calendar (weekends only).
    estimated: bool

    @property
    def warning(self) -> str:
        if not self.estimated:
            return ""
        return "该期限所在年度的法定节假日尚未录入，暂按周一至周五推算，请管理员及时录入。"


def is_workday(
    day: date, *, overrides: Mapping[date, bool] = {}, entered_years: frozenset = frozenset()
) -> tuple[bool, bool]:
    """Whether ``day`` is a working day, and whether that answer is known (not guessed)."""
    if day in overrides:
        return overrides[day], True
    if day.year in entered_years:
        # The administrator entered this year: days not entered follow the week.
        return day.weekday() < 5, True
    try:
        return chinese_calendar.is_workday(day), True
    except NotImplementedError:
        return day.weekday() < 5, False


def add_workdays(
    start: date,
    count: int,
    *,
    overrides: Mapping[date, bool] = {},
    entered_years: frozenset = frozenset(),
) -> Deadline:
    """The ``count``-th working day after ``start`` (``start`` itself not counted)."""
    if count < 1:
        raise ValueError("count must be at least 1")
    day, left, estimated = start, count, False
    while left:
        day += timedelta(days=1)
        working, known = is_workday(day, overrides=overrides, entered_years=entered_years)
        estimated |= not known
        left -= working
    return Deadline(day, estimated)
