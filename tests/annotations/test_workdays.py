from datetime import date

from govdesk.core.calendar import deadline_after
from govdesk.core.models import CalendarDay
from govdesk.lib.workdays import add_workdays, is_workday


def test_national_day_2025_is_skipped():
    # 10月1日—8日放假; the first working day after 30 September is 9 October.
    assert add_workdays(date(2025, 9, 30), 1).day == date(2025, 10, 9)
    assert add_workdays(date(2025, 9, 30), 3).day == date(2025, 10, 11)


def test_adjusted_working_weekend_days_count():
    # 2025-09-28 (Sunday) and 2025-10-11 (Saturday) were 调休 working days.
    assert is_workday(date(2025, 9, 28)) == (True, True)
    assert add_workdays(date(2025, 9, 26), 1).day == date(2025, 9, 28)
    assert add_workdays(date(2025, 10, 10), 1).day == date(2025, 10, 11)


def test_unknown_year_falls_back_to_weekends_with_a_warning():
    deadline = add_workdays(date(2099, 9, 30), 3)
    assert deadline.day == date(2099, 10, 5)  # Thu, Fri, Mon: weekends only
    assert deadline.estimated and "暂按周一至周五推算" in deadline.warning
    assert not add_workdays(date(2025, 9, 30), 3).estimated


def test_administrator_entered_year_is_known(db):
    CalendarDay.objects.create(day=date(2099, 10, 1), is_workday=False, note="国庆节")
    CalendarDay.objects.create(day=date(2099, 10, 2), is_workday=False, note="国庆节")
    CalendarDay.objects.create(day=date(2099, 10, 3), is_workday=True, note="调休上班")
    deadline = deadline_after(date(2099, 9, 30), 2)
    # 10-01, 10-02 off; 10-03 (Saturday) worked; then Monday 10-05.
    assert deadline.day == date(2099, 10, 5)
    assert not deadline.estimated
