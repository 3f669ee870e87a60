"""Working-day deadlines with the administrator's calendar entries applied."""

from datetime import date

from govdesk.annotations.models import CalendarDay
from govdesk.lib.workdays import Deadline, add_workdays


def deadline_after(start: date, workdays: int) -> Deadline:
    entered = dict(CalendarDay.objects.values_list("day", "is_workday"))
    years = frozenset(day.year for day in entered)
    return add_workdays(start, workdays, overrides=entered, entered_years=years)
