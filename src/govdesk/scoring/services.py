from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from govdesk import policy
from govdesk.audit.services import record
from govdesk.scoring import ledger
from govdesk.scoring.models import LearnedFrom, Penalty, Rule, Scheme, SchemeStatus, Target
from govdesk.scoring.presets import get_preset
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
    _require_desk(actor, unit)
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


@transaction.atomic
def penalty_withdraw(*, actor, penalty: Penalty, reason: str) -> Penalty:
    """Cancel a penalty recorded in error; the row stays, its deduction goes."""
    _require_desk(actor, penalty.unit)
    if penalty.withdrawn:
        raise ValidationError("该记录已撤销。")
    if not reason.strip():
        raise ValidationError("请填写撤销理由。")
    penalty.withdrawn = True
    penalty.save(update_fields=["withdrawn"])
    record(
        actor=actor,
        action="penalty.withdrawn",
        target=penalty,
        summary=f"撤销{penalty.unit.name}{penalty.get_kind_display()}记录：{reason.strip()}",
        reason=reason.strip(),
    )
    return penalty


def _require_desk(actor, unit: Unit) -> None:
    office = unit.superior_office()
    if actor is not None and not (office and policy.can(actor, "office.desk", office)):
        raise policy.PermissionDenied("只有上级办公室的编辑可以记录报送失误。")


@transaction.atomic
def scheme_install_preset(*, actor, office: Unit, year: int, preset: str) -> Scheme:
    """Create ``office``'s scheme for ``year`` from a seed preset (``county``, ``city``),
    in force unless the office already has one in force that year (then a draft)."""
    spec = get_preset(preset)
    if not office.is_office:
        raise ValueError(f"{office}不是政府办公室，不能制定考核方案。")
    taken = Scheme.objects.filter(office=office, year=year, status=SchemeStatus.IN_FORCE)
    scheme = Scheme.objects.create(
        office=office,
        year=year,
        name=spec["name"],
        status=SchemeStatus.DRAFT if taken.exists() else SchemeStatus.IN_FORCE,
        combination=spec["combination"],
        propagate_direct_reports=spec["propagate_direct_reports"],
        quarter_shares=spec["quarter_shares"],
        rank_by_category=spec["rank_by_category"],
        mandatory_publications=spec["mandatory_publications"],
        source=spec["source"],
    )
    rule_fields = {f.name for f in Rule._meta.fields} - {"id", "scheme"}
    Rule.objects.bulk_create(
        Rule(scheme=scheme, **{k: v for k, v in rule.items() if k in rule_fields})
        for rule in spec["rules"]
    )
    Target.objects.bulk_create(Target(scheme=scheme, **target) for target in spec["targets"])
    record(
        actor=actor,
        action="scheme.installed",
        target=scheme,
        summary=f"{office.name}按预设“{spec['label']}”建立{scheme}（{scheme.get_status_display()}）",
        preset=preset,
        rules=len(spec["rules"]),
        targets=len(spec["targets"]),
    )
    if scheme.status == SchemeStatus.IN_FORCE:
        ledger.rebuild(scheme)
    return scheme


@transaction.atomic
def ledger_rebuild(*, actor, scheme: Scheme, reason: str) -> int:
    """Recompute a scheme's year from the events (after its rules changed, or to
    check the ledger); returns the number of lines."""
    before = scheme.lines.count()
    count = ledger.rebuild(scheme)
    record(
        actor=actor,
        action="scheme.rebuilt",
        target=scheme,
        summary=f"重算{scheme.office.name}{scheme}计分明细：{reason}",
        reason=reason,
        lines_before=before,
        lines_after=count,
    )
    return count
