from django.db import transaction

from govdesk.audit.services import record
from govdesk.units.models import Unit, UnitKind


@transaction.atomic
def unit_create(*, actor, parent: Unit | None, **fields) -> Unit:
    """Add a unit under ``parent`` (an office), or a top-level office when parent is None."""
    unit = Unit(**fields)
    if parent is None:
        if unit.kind != UnitKind.OFFICE:
            raise ValueError("顶级单位必须是政府办公室。")
        unit = Unit.objects.add_root(instance=unit)
    else:
        if not parent.is_office:
            raise ValueError(f"{parent}不是政府办公室，不能下设报送单位。")
        unit = Unit.objects.add_child(parent, instance=unit)
    record(
        actor=actor,
        action="unit.created",
        target=unit,
        summary=f"新增单位“{unit.name}”" + (f"（上级：{parent.name}）" if parent else ""),
        kind=unit.kind,
    )
    return unit
