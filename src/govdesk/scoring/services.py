"""Writes of the scoring app: penalties (报送失误), schemes (考核方案) with their
rules and targets, and ledger rebuilds. The admin, the API, the pages and the
commands call these; each checks the policy, validates, audits and keeps the ledger
following the scheme in force."""

from collections.abc import Callable
from copy import copy
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from govdesk import policy
from govdesk.audit.services import model_diff, record
from govdesk.scoring import ledger
from govdesk.scoring.models import (
    Combination,
    LearnedFrom,
    Penalty,
    PointCounty,
    Rule,
    RuleKind,
    Scheme,
    SchemeStatus,
    Target,
)
from govdesk.scoring.presets import get_preset, preset_names
from govdesk.units.models import Unit, UnitKind


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


# --- schemes (考核方案) -------------------------------------------------------------
#
# An office's chief editor or administrator (``"scheme.manage"``) configures its
# schemes; the admin and the API call these functions. Every change is audited on the
# scheme with before/after values, and a scheme in force (or one that just left force)
# has its year rebuilt once per change, so the ledger never runs on rules nobody sees.

SCHEME_SETTINGS = (
    "name",
    "combination",
    "propagate_direct_reports",
    "quarter_shares",
    "rank_by_category",
    "mandatory_publications",
    "combined_credit",
    "weekly_min_items",
    "missed_solicitations_limit",
    "quota_items_per_officer",
    "quota_adoption_rate",
    "quota_portal_per_month",
    "source",
)
# Changing only these leaves every score as it is: no rebuild.
COSMETIC = {"name", "source"}
RULE_FIELDS = (
    "kind",
    "level",
    "publication",
    "column",
    "adoption_kind",
    "penalty_kind",
    "serious_only",
    "points",
    "label",
    "source",
)
TARGET_FIELDS = ("unit_kind", "category", "points", "source")
MANAGE_DENIED = "只有本办主编或管理员可以制定、修改考核方案。"
YEARS = (2000, 2100)


def _plain(value):
    """A field value as the change log's JSON holds it (points with their one place)."""
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.1"))) if value.is_finite() else str(value)
    if isinstance(value, date):
        return str(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _snapshot(obj, names) -> dict:
    return {name: _plain(getattr(obj, name)) for name in names}


def _apply(obj, changes: dict, allowed) -> None:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValueError(f"不能修改的字段：{sorted(unknown)}")
    for name, value in changes.items():
        field = obj._meta.get_field(name)
        if value is None and field.get_internal_type() == "CharField" and not field.null:
            value = ""  # null for a text field means "clear it"
        if isinstance(value, str):
            value = value.strip()
        elif name == "quarter_shares" and isinstance(value, list):
            value = [_number(v) for v in value]  # a JSON column: no Decimals
        elif name == "mandatory_publications" and isinstance(value, list):
            value = [v.strip().strip("《》") if isinstance(v, str) else v for v in value]
        setattr(obj, name, value)


def _number(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def scheme_check_settings(values: dict) -> None:
    """What the model's field types do not say: the four quarter shares add up to 100,
    mandatory publications are names, a rate is a percentage, a year is plausible.
    ``values`` may hold any subset of the settings (the admin form passes its own)."""
    errors = {}
    shares = values.get("quarter_shares")
    if shares:
        numbers = isinstance(shares, list) and all(
            isinstance(s, (int, float, Decimal)) and not isinstance(s, bool) and s >= 0
            for s in shares
        )
        if not numbers or len(shares) != 4 or sum(Decimal(str(s)) for s in shares) != 100:
            errors["quarter_shares"] = (
                "季度目标分解须为四个季度的百分比，合计100，如 [25, 25, 25, 25]；"
                "不分季度考核请留空。"
            )
    names = values.get("mandatory_publications")
    if names and not (
        isinstance(names, list) and all(isinstance(n, str) and n.strip() for n in names)
    ):
        errors["mandatory_publications"] = (
            '必采刊物须为刊物名称的列表，如 ["专报信息", "工作交流"]。'
        )
    rate = values.get("quota_adoption_rate")
    if rate is not None and not 0 <= rate <= 100:
        errors["quota_adoption_rate"] = "采用率下限须在0至100之间。"
    year = values.get("year")
    if year is not None and not YEARS[0] <= year <= YEARS[1]:
        errors["year"] = f"考核年度须在{YEARS[0]}至{YEARS[1]}年之间。"
    if "name" in values and not (values["name"] or "").strip():
        errors["name"] = "请填写方案名称。"
    if errors:
        raise ValidationError(errors)


def _validate_scheme(scheme: Scheme) -> None:
    scheme_check_settings({f: getattr(scheme, f) for f in (*SCHEME_SETTINGS, "year")})
    # Field values, then "one scheme in force per office and year" (the model's message).
    scheme.full_clean()


def _office_of_scheme(office: Unit) -> None:
    if not (office.is_office and office.is_active):
        raise ValidationError({"office": "考核单位须为启用的政府办公室。"})


def scheme_rescore(*, actor, scheme: Scheme, reason: str) -> int | None:
    """Rebuild the scheme's year if it is in force, or has just left force (its lines
    go); returns the number of lines, or None when nothing was rebuilt."""
    if scheme.status == SchemeStatus.IN_FORCE or scheme.lines.exists():
        return ledger_rebuild(actor=actor, scheme=scheme, reason=reason)
    return None


def _preset_settings(spec: dict) -> dict:
    return {
        "name": spec["name"],
        "combination": spec["combination"],
        "propagate_direct_reports": spec["propagate_direct_reports"],
        "quarter_shares": spec["quarter_shares"],
        "rank_by_category": spec["rank_by_category"],
        "mandatory_publications": spec["mandatory_publications"],
        "source": spec["source"],
    }


def _preset_rows(scheme: Scheme, spec: dict) -> None:
    rule_fields = {f.name for f in Rule._meta.fields} - {"id", "scheme"}
    Rule.objects.bulk_create(
        Rule(scheme=scheme, **{k: v for k, v in rule.items() if k in rule_fields})
        for rule in spec["rules"]
    )
    Target.objects.bulk_create(Target(scheme=scheme, **target) for target in spec["targets"])


@transaction.atomic
def scheme_install_preset(*, actor, office: Unit, year: int, preset: str) -> Scheme:
    """Create ``office``'s scheme for ``year`` from a seed preset (``county``, ``city``),
    in force unless the office already has one in force that year (then a draft)."""
    spec = get_preset(preset)
    if not office.is_office:
        raise ValueError(f"{office}不是政府办公室，不能制定考核方案。")
    policy.require_of(actor, "scheme.manage", Scheme(office=office), MANAGE_DENIED)
    taken = ledger.in_force(office.pk, year)
    scheme = Scheme.objects.create(
        office=office,
        year=year,
        status=SchemeStatus.DRAFT if taken.exists() else SchemeStatus.IN_FORCE,
        **_preset_settings(spec),
    )
    _preset_rows(scheme, spec)
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
def scheme_create(
    *,
    actor,
    office: Unit,
    year: int,
    preset: str = "",
    status: str = SchemeStatus.DRAFT,
    **settings,
) -> Scheme:
    """A new scheme for ``office`` and ``year``: blank (no rules yet) or a copy of a
    seed preset's rules and targets; ``settings`` override the preset's. A draft by
    default; created in force only if the office has none in force that year."""
    _office_of_scheme(office)
    policy.require_of(actor, "scheme.manage", Scheme(office=office), MANAGE_DENIED)
    values = {"combination": Combination.CUMULATIVE, "name": ""}
    spec = None
    if preset:
        try:
            spec = get_preset(preset)
        except ValueError:
            raise ValidationError(
                {"preset": f"没有名为“{preset}”的预设方案，可选：{'、'.join(preset_names())}。"}
            ) from None
        values.update(_preset_settings(spec))
    scheme = Scheme(office=office, year=year, status=status)
    _apply(scheme, {**values, **settings}, SCHEME_SETTINGS)
    _validate_scheme(scheme)
    scheme.save()
    if spec is not None:
        _preset_rows(scheme, spec)
    record(
        actor=actor,
        action="scheme.created",
        target=scheme,
        summary=(
            f"{office.name}建立{scheme}（{scheme.get_status_display()}"
            f"{'，预设“' + spec['label'] + '”' if spec else '，空白方案'}）"
        ),
        preset=preset,
        after=_snapshot(scheme, ("year", "status", *SCHEME_SETTINGS)),
        rules=scheme.rules.count(),
        targets=scheme.targets.count(),
    )
    scheme_rescore(actor=actor, scheme=scheme, reason=f"建立方案“{scheme}”")
    return scheme


@transaction.atomic
def scheme_update(*, actor, scheme: Scheme, **changes) -> Scheme:
    """Change a scheme's settings (and its year); status has ``scheme_set_status``."""
    policy.require_of(actor, "scheme.manage", scheme, MANAGE_DENIED)
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    names = [n for n in changes if n in (*SCHEME_SETTINGS, "year")]
    before = _snapshot(scheme, names)
    _apply(scheme, changes, (*SCHEME_SETTINGS, "year"))
    _validate_scheme(scheme)
    diff = model_diff(before, _snapshot(scheme, names))
    if not diff:
        return scheme
    scheme.save(update_fields=list(diff))
    record(
        actor=actor,
        action="scheme.changed",
        target=scheme,
        summary=f"修改考核方案“{scheme}”：{'、'.join(_verbose(Scheme, n) for n in diff)}",
        changes=diff,
    )
    if set(diff) - COSMETIC:
        scheme_rescore(actor=actor, scheme=scheme, reason=f"修改方案“{scheme}”设置")
    return scheme


@transaction.atomic
def scheme_set_status(*, actor, scheme: Scheme, status: str) -> Scheme:
    """Put a scheme in force (its year is scored from then on) or back to draft (its
    lines go). One scheme in force per office and year: the other goes back first."""
    policy.require_of(actor, "scheme.manage", scheme, MANAGE_DENIED)
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    if status not in SchemeStatus.values:
        raise ValidationError({"status": f"状态无效，可选：{'、'.join(SchemeStatus.values)}。"})
    if scheme.status == status:
        return scheme
    before = scheme.status
    scheme.status = status
    scheme.validate_constraints()
    scheme.save(update_fields=["status"])
    record(
        actor=actor,
        action="scheme.status_changed",
        target=scheme,
        summary=f"考核方案“{scheme}”改为{scheme.get_status_display()}",
        changes={"status": [before, status]},
    )
    scheme_rescore(actor=actor, scheme=scheme, reason=f"方案改为{scheme.get_status_display()}")
    return scheme


def _verbose(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def _validate_rule(rule: Rule) -> None:
    errors = {}
    if rule.penalty_kind and rule.kind != RuleKind.PENALTY:
        errors["penalty_kind"] = "只有“报送失误扣分”规则可以指定失误类型。"
    if rule.serious_only and rule.kind != RuleKind.PENALTY:
        errors["serious_only"] = "只有“报送失误扣分”规则可以限定造成重大影响的。"
    if not (rule.label or "").strip():
        errors["label"] = "请填写规则说明（计分明细中显示）。"
    if errors:
        raise ValidationError(errors)
    rule.full_clean(exclude=["scheme"])


def _validate_target(target: Target) -> None:
    if target.points is not None and target.points < 0:
        raise ValidationError({"points": "全年目标分值不能为负数。"})
    target.full_clean(exclude=["scheme"])


@dataclass(frozen=True)
class _RowKind:
    """A scheme's rows of one model (rules, targets): what may be set and checked, and
    how the change log names them."""

    name: str  # rule / target: the audit actions and the id's key
    noun: str
    fields: tuple[str, ...]
    validate: Callable


_RULES = _RowKind("rule", "规则", RULE_FIELDS, _validate_rule)
_TARGETS = _RowKind("target", "考核目标", TARGET_FIELDS, _validate_target)
_KINDS = {Rule: _RULES, Target: _TARGETS}


def _row_changed(*, actor, scheme: Scheme, kind: _RowKind, row, what: str, rescore=True, **details):
    """Audit a row's change on its scheme, then (unless the caller rebuilds once for
    several rows) rebuild the scheme."""
    label = f"{kind.noun}“{row}”"
    record(
        actor=actor,
        action=f"scheme.{kind.name}_{what}",
        target=scheme,
        summary=f"考核方案“{scheme}”{_ROW_VERBS[what]}{label}",
        **{f"{kind.name}_id": row.pk, **details},
    )
    if rescore:
        scheme_rescore(actor=actor, scheme=scheme, reason=f"{_ROW_VERBS[what]}{label}")


_ROW_VERBS = {"added": "新增", "changed": "修改", "deleted": "删除"}


@transaction.atomic
def _row_add(actor, scheme: Scheme, model, fields: dict):
    kind = _KINDS[model]
    policy.require_of(actor, "scheme.manage", scheme, MANAGE_DENIED)
    row = model(scheme=scheme)
    _apply(row, fields, kind.fields)
    kind.validate(row)
    row.save()
    row.refresh_from_db()  # points as stored (one decimal place)
    after = _snapshot(row, kind.fields)
    _row_changed(actor=actor, scheme=scheme, kind=kind, row=row, what="added", after=after)
    return row


@transaction.atomic
def _row_update(actor, row, changes: dict, rescore=True):
    kind, scheme = _KINDS[type(row)], row.scheme
    policy.require_of(actor, "scheme.manage", scheme, MANAGE_DENIED)
    row = type(row).objects.select_for_update().get(pk=row.pk)
    before = _snapshot(row, changes.keys() & set(kind.fields))
    _apply(row, changes, kind.fields)
    kind.validate(row)
    diff = model_diff(before, _snapshot(row, before))
    if not diff:
        return row
    row.save(update_fields=list(diff))
    row.refresh_from_db()
    _row_changed(
        actor=actor,
        scheme=scheme,
        kind=kind,
        row=row,
        what="changed",
        rescore=rescore,
        changes=diff,
    )
    return row


@transaction.atomic
def _row_delete(actor, row) -> None:
    kind, scheme = _KINDS[type(row)], row.scheme
    policy.require_of(actor, "scheme.manage", scheme, MANAGE_DENIED)
    before = _snapshot(row, kind.fields)
    gone = copy(row)  # its pk and label, for the change log
    row.delete()  # its ledger lines cascade; the rebuild recomputes the rest
    _row_changed(actor=actor, scheme=scheme, kind=kind, row=gone, what="deleted", before=before)


def rule_add(*, actor, scheme: Scheme, **fields) -> Rule:
    return _row_add(actor, scheme, Rule, fields)


def rule_update(*, actor, rule: Rule, **changes) -> Rule:
    return _row_update(actor, rule, changes)


@transaction.atomic
def rules_set_points(*, actor, scheme: Scheme, points: dict[int, Decimal]) -> list[Rule]:
    """Set the points of several of ``scheme``'s rules (rule id -> points) as one
    change: each changed rule is logged (``scheme.rule_changed``), then the year is
    rebuilt once. Returns the rules that changed."""
    policy.require_of(actor, "scheme.manage", scheme, MANAGE_DENIED)
    rules = scheme.rules.in_bulk(list(points))
    if len(rules) != len(points):
        raise ValidationError("规则不属于该考核方案，请刷新页面后重试。")
    changed = []
    for rule_id, value in points.items():
        rule = rules[rule_id]
        if rule.points == value:
            continue
        changed.append(_row_update(actor, rule, {"points": value}, rescore=False))
    if changed:
        scheme_rescore(actor=actor, scheme=scheme, reason=f"修改{len(changed)}条规则的分值")
    return changed


@transaction.atomic
def rules_follow_rename(*, actor, office: Unit, publication: str, new_name: str, column=None):
    """A publication (or, with ``column`` = (old, new), one of its columns) of ``office``
    was renamed: the rules of the office's schemes that price it by name follow, so its
    adoptions keep their points. Rules at another level name another office's
    publication of the same name and stay."""
    rules = Rule.objects.filter(scheme__office=office, publication=publication).filter(
        Q(level=office.level) | Q(level__isnull=True)
    )
    if column is not None:
        rules = rules.filter(column=column[0])
        changes = {"column": column[1]}
    else:
        changes = {"publication": new_name}
    touched = {}
    for rule in rules.select_related("scheme"):
        _row_update(actor, rule, changes, rescore=False)
        touched[rule.scheme_id] = rule.scheme
    for scheme in touched.values():
        scheme_rescore(actor=actor, scheme=scheme, reason="刊物或栏目改名，规则随之改名")
    return len(touched)


def rule_delete(*, actor, rule: Rule) -> None:
    _row_delete(actor, rule)


def target_add(*, actor, scheme: Scheme, **fields) -> Target:
    return _row_add(actor, scheme, Target, fields)


def target_update(*, actor, target: Target, **changes) -> Target:
    return _row_update(actor, target, changes)


def target_delete(*, actor, target: Target) -> None:
    _row_delete(actor, target)


@transaction.atomic
def ledger_rebuild(*, actor, scheme: Scheme, reason: str) -> int:
    """Recompute a scheme's year from the events (after its rules changed, or to
    check the ledger); returns the number of lines."""
    policy.require_of(actor, "scheme.manage", scheme, MANAGE_DENIED)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请填写重算原因。"})
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


@transaction.atomic
def point_county_set(*, actor, point: Unit, county: Unit | None) -> None:
    """Say which county office a direct-report point (基层信息直报点) lies in: it
    reports straight to the city, so the tree does not say it, and schemes that pass
    points' scores on credit that county. None clears it."""
    policy.require_of(actor, "unit.manage", point, f"您无权管理“{point.name}”。")
    if point.kind != UnitKind.GRASSROOTS:
        raise ValidationError({"point": f"“{point.name}”不是基层信息直报点。"})
    if county is not None and (not county.is_office or not county.is_active):
        raise ValidationError({"county": f"“{county.name}”不是启用的政府办公室。"})
    kept = PointCounty.objects.select_for_update().filter(point=point).first()
    before = kept.county if kept else None
    if before == county:
        return
    if county is None:
        kept.delete()
    else:
        PointCounty.objects.update_or_create(point=point, defaults={"county": county})
    record(
        actor=actor,
        action="unit.county_set",
        target=point,
        summary=f"{point.name}所在县：" + (county.name if county else f"取消（原{before.name}）"),
        changes={"county": [before.pk if before else None, county.pk if county else None]},
    )
