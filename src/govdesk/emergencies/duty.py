"""Writes for 值班: the daily roster of each unit and the duty office's spot checks."""

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
