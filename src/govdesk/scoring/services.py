from datetime import date

from django.db import transaction

from govdesk import policy
from govdesk.audit.services import record
from govdesk.scoring.models import LearnedFrom, Penalty
from govdesk.units.models import Unit


@transaction.atomic
def penalty_record(
    *,
    actor,
    unit: Unit,
    kind: str,
    occurred_on: date,
    description: str,
    item=None,
    learned_from: str = LearnedFrom.OTHER,
    serious_impact: bool = False,
) -> Penalty:
    """Charge a reporting failure to a unit. ``actor`` None means the system (e.g. an
    emergency report past its deadline); otherwise an editor of the unit's office."""
    office = unit.superior_office()
    if actor is not None and not (office and policy.can(actor, "office.desk", office)):
        raise policy.PermissionDenied("只有上级办公室的编辑可以记录报送失误。")
    penalty = Penalty.objects.create(
        unit=unit,
        kind=kind,
        item=item,
        occurred_on=occurred_on,
        learned_from=learned_from,
        serious_impact=serious_impact,
        description=description.strip(),
        recorded_by=actor,
    )
    record(
        actor=actor,
        action="penalty.recorded",
        target=penalty,
        summary=f"记录{unit.name}{penalty.get_kind_display()}（{occurred_on:%Y-%m-%d}）",
        unit_id=unit.pk,
        kind=kind,
        item_id=item.pk if item else None,
    )
    return penalty
