"""Working-day deadlines with the administrator's calendar entries applied."""

from datetime import date, timedelta

from govdesk.annotations.models import CalendarDay
from govdesk.lib.workdays import Deadline, add_workdays, is_workday


def _entered() -> tuple[dict[date, bool], frozenset]:
    entered = dict(CalendarDay.objects.values_list("day", "is_workday"))
    return entered, frozenset(day.year for day in entered)


def deadline_after(start: date, workdays: int) -> Deadline:
    entered, years = _entered()
    return add_workdays(start, workdays, overrides=entered, entered_years=years)


def workdays_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (the inverse of
    ``deadline_after``)."""
    entered, years = _entered()
    days = (start + timedelta(days=n) for n in range(1, (end - start).days + 1))
    return sum(is_workday(day, overrides=entered, entered_years=years)[0] for day in days)
