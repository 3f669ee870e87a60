"""The holiday calendar (节假日安排): the days an administrator entered, and working-day
deadlines with those entries applied (批示 tasks, the first working day of circulars)."""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from govdesk import policy
from govdesk.audit.services import record
from govdesk.core.models import CalendarDay
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


CALENDAR_SPAN_DAYS = 31
CALENDAR_DENIED = "只有管理员可以维护节假日安排。"


@transaction.atomic
def calendar_days_set(*, actor, start, end, is_workday: bool, note: str) -> list[CalendarDay]:
    """Mark ``start``…``end`` (one holiday, or one adjusted working day when they are
    equal) as rest or as work, replacing what was entered for those days."""
    if actor is not None and not policy.can(actor, "calendar.manage", None):
        raise PermissionDenied(CALENDAR_DENIED)
    if end < start:
        raise ValidationError({"end": "结束日期不能早于开始日期。"})
    if (end - start).days >= CALENDAR_SPAN_DAYS:
        raise ValidationError({"end": f"一次最多登记{CALENDAR_SPAN_DAYS}天。"})
    days = []
    kind = "上班" if is_workday else "休息"
    note = note.strip()
    suffix = f"（{note}）" if note else ""
    for offset in range((end - start).days + 1):
        day = start + timedelta(days=offset)
        entry, created = CalendarDay.objects.update_or_create(
            day=day, defaults={"is_workday": is_workday, "note": note}
        )
        days.append(entry)
        record(
            actor=actor,
            action="calendar.set",
            target=entry,
            summary=f"{'登记' if created else '修改'}{day:%Y年%m月%d日}为{kind}{suffix}",
            day=str(day),
            is_workday=is_workday,
            note=entry.note,
        )
    return days


@transaction.atomic
def calendar_day_delete(*, actor, entry: CalendarDay) -> None:
    """Forget an entered day: it follows the week (or the holiday package) again."""
    if actor is not None and not policy.can(actor, "calendar.manage", None):
        raise PermissionDenied(CALENDAR_DENIED)
    record(
        actor=actor,
        action="calendar.deleted",
        target=entry,
        summary=f"删除{entry.day:%Y年%m月%d日}的节假日安排",
        day=str(entry.day),
    )
    entry.delete()
