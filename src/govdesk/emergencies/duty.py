"""Writes for 值班: the daily roster of each unit and the duty office's spot checks."""

from calendar import monthrange
from datetime import date, timedelta

from django.db import transaction

from govdesk import policy
from govdesk.audit.services import model_diff, record
from govdesk.emergencies.models import DutyRoster, SpotCheck

ROSTER_FIELDS = ("leader", "officer", "phone")


@transaction.atomic
def roster_set(*, actor, unit, day, leader: str, officer: str, phone: str) -> DutyRoster:
    policy.require(actor, "unit.keep_roster", unit)
    roster, created = DutyRoster.objects.select_for_update().get_or_create(
        unit=unit, day=day, defaults={"leader": leader, "officer": officer, "phone": phone}
    )
    before = {f: getattr(roster, f) for f in ROSTER_FIELDS}
    if not created:
        roster.leader, roster.officer, roster.phone = leader, officer, phone
        roster.save()
    record(
        actor=actor,
        action="duty.roster",
        target=roster,
        summary=f"{unit.name} {day:%m月%d日}值班：{leader}带班，{officer}值班",
        changes=model_diff(
            {} if created else before, {f: getattr(roster, f) for f in ROSTER_FIELDS}
        ),
    )
    return roster


@transaction.atomic
def spot_check_record(
    *, actor, unit, checked_at, number: str, answered: bool, answered_by: str = "", notes: str = ""
) -> SpotCheck:
    office = unit.superior_office()
    policy.deny_unless(office is not None and policy.can(actor, "office.take_calls", office))
    check = SpotCheck.objects.create(
        office=office,
        unit=unit,
        checked_at=checked_at,
        number=number,
        answered=answered,
        answered_by=answered_by,
        notes=notes,
        checked_by=actor,
    )
    record(
        actor=actor,
        action="duty.spot_check",
        target=check,
        summary=f"抽查{unit.name}值班：{'在岗' if answered else '无人接听'}",
        answered=answered,
    )
    return check


def period_days(*, period: str, start: date) -> list[date]:
    """The days of the week starting on the Monday of ``start``'s week, or of
    ``start``'s month."""
    if period == "week":
        monday = start - timedelta(days=start.weekday())
        return [monday + timedelta(days=n) for n in range(7)]
    first = start.replace(day=1)
    return [first + timedelta(days=n) for n in range(monthrange(first.year, first.month)[1])]


def previous_day(day: date, *, period: str) -> date | None:
    """The day a roster is copied from: a week earlier, or the same date of the month
    before (None when that month is shorter)."""
    if period == "week":
        return day - timedelta(days=7)
    last_month = day.replace(day=1) - timedelta(days=1)
    return last_month.replace(day=day.day) if day.day <= last_month.day else None


def roster_fill(*, actor, unit, rows: list[dict]) -> int:
    """Save a week's or a month's rosters at once: each row (``day``, ``leader``,
    ``officer``, ``phone``) that differs from what is kept goes through ``roster_set``
    (checked and audited per day). Returns how many days changed."""
    policy.require(actor, "unit.keep_roster", unit)
    kept = {
        r.day: tuple(getattr(r, f) for f in ROSTER_FIELDS)
        for r in DutyRoster.objects.filter(unit=unit, day__in=[row["day"] for row in rows])
    }
    changed = [row for row in rows if kept.get(row["day"]) != tuple(row[f] for f in ROSTER_FIELDS)]
    with transaction.atomic():
        for row in changed:
            roster_set(actor=actor, unit=unit, **row)
    return len(changed)
