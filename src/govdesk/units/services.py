from django.core.exceptions import ValidationError
from django.db import transaction

from govdesk import policy
from govdesk.audit.services import model_diff, record
from govdesk.units.models import Unit, UnitCategory, UnitKind


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


def unit_problems(*, unit: Unit, kind: str, level: int | None) -> dict[str, str]:
    """What is wrong with giving ``unit`` this kind and level, by field."""
    problems = {}
    if kind == UnitKind.OFFICE and level is None:
        problems["level"] = "政府办公室须填写行政层级。"
    if kind != UnitKind.OFFICE and unit.pk and Unit.objects.get_children(unit).exists():
        problems["kind"] = f"“{unit.name}”下设有报送单位，只能是政府办公室。"
    return problems


@transaction.atomic
def unit_update(*, actor, unit: Unit, parent: Unit | None = None, **fields) -> Unit:
    """Change a unit's attributes and, when ``parent`` is another office, move it there."""
    policy.require_of(actor, "unit.manage", unit, f"您无权管理“{unit.name}”。")
    problems = unit_problems(
        unit=unit, kind=fields.get("kind", unit.kind), level=fields.get("level", unit.level)
    )
    deactivating = unit.is_active and fields.get("is_active") is False
    if deactivating and Unit.objects.get_children(unit).filter(is_active=True).exists():
        problems["is_active"] = f"“{unit.name}”下设有启用的报送单位，请先停用或调整下级单位。"
    if problems:
        raise ValidationError(problems)
    # Compare by attname, so a foreign key is logged as its id, not as an object.
    attnames = {name: unit._meta.get_field(name).attname for name in fields}
    before = {name: getattr(unit, attname) for name, attname in attnames.items()}
    for name, value in fields.items():
        setattr(unit, name, value)
    changes = model_diff(before, {name: getattr(unit, a) for name, a in attnames.items()})
    if changes:
        unit.full_clean()
        unit.save()
        labels = "、".join(str(Unit._meta.get_field(name).verbose_name) for name in changes)
        record(
            actor=actor,
            action="unit.changed",
            target=unit,
            summary=f"修改单位“{unit.name}”：{labels}",
            changes=changes,
        )
    if parent is not None and parent != Unit.objects.get_parent(unit):
        unit = unit_move(actor=actor, unit=unit, parent=parent)
    return unit


@transaction.atomic
def unit_move(*, actor, unit: Unit, parent: Unit, before: Unit | None = None) -> Unit:
    """Put ``unit`` under the office ``parent``: last, or just ahead of its child ``before``."""
    policy.require_of(actor, "unit.manage", unit, f"您无权管理“{unit.name}”。")
    policy.require_of(actor, "unit.manage", parent, f"您无权管理“{parent.name}”。")
    if not parent.is_office:
        raise ValidationError(f"“{parent.name}”不是政府办公室，不能下设报送单位。")
    if parent.path.startswith(unit.path):
        raise ValidationError("不能把单位移到它自己或它的下级单位之下。")
    if before is not None and Unit.objects.get_parent(before) != parent:
        raise ValueError("before 必须是 parent 的下级单位")
    old_parent = Unit.objects.get_parent(unit)
    if before is not None:
        Unit.objects.move(unit, before, pos="left")
    else:
        Unit.objects.move(unit, parent, pos="last-child")
    unit.refresh_from_db()
    old_name = old_parent.name if old_parent else "无"
    summary = (
        f"调整单位“{unit.name}”的排列顺序"
        if old_parent == parent
        else f"单位“{unit.name}”改由“{parent.name}”管理（原上级：{old_name}）"
    )
    record(
        actor=actor,
        action="unit.moved",
        target=unit,
        summary=summary,
        from_parent=old_name,
        to_parent=parent.name,
    )
    return unit


@transaction.atomic
def unit_delete(*, actor, unit: Unit) -> None:
    """Delete a unit that has no units under it (anything it has written protects it)."""
    policy.require_of(actor, "unit.manage", unit, f"您无权管理“{unit.name}”。")
    if Unit.objects.get_children(unit).exists():
        raise ValidationError(f"“{unit.name}”下设有报送单位，不能删除；请先调整或删除下级单位。")
    record(
        actor=actor,
        action="unit.deleted",
        target=unit,
        summary=f"删除单位“{unit.name}”",
        kind=unit.kind,
        path=unit.path,
    )
    unit.delete()


CATEGORY_YEARS = (2000, 2100)  # the years the settings page's form accepts


@transaction.atomic
def unit_category_set(*, actor, unit: Unit, year: int, category: str, note: str = "") -> None:
    """Put ``unit`` in an assessment category (A/B/C …) for ``year``; a blank category
    takes it out of any (it is then assessed by its kind alone)."""
    policy.require_of(actor, "unit.manage", unit, f"您无权管理“{unit.name}”。")
    category = category.strip().upper()
    note = note.strip() if category else ""  # no category, nothing to explain
    problems = {}
    if not CATEGORY_YEARS[0] <= year <= CATEGORY_YEARS[1]:
        problems["year"] = f"考核年度须在 {CATEGORY_YEARS[0]}—{CATEGORY_YEARS[1]} 之间。"
    if len(category) > 16:
        problems["category"] = "类别最多 16 个字符，如 A、B、C。"
    if len(note) > 200:
        problems["note"] = "说明最多 200 个字符。"
    if problems:
        raise ValidationError(problems)
    kept = UnitCategory.objects.select_for_update().filter(unit=unit, year=year).first()
    before = [kept.category, kept.note] if kept else ["", ""]
    if [category, note] == before:
        return
    if not category:
        kept.delete()
    else:
        UnitCategory.objects.update_or_create(
            unit=unit, year=year, defaults={"category": category, "note": note}
        )
    record(
        actor=actor,
        action="unit.category_set",
        target=unit,
        summary=f"{unit.name}{year}年考核类别："
        + (f"{category}类" if category else f"取消（原{before[0]}类）"),
        year=year,
        changes={"category": [before[0], category], "note": [before[1], note]},
    )


def unit_counterpart_set(*, actor, unit: Unit, counterpart: Unit | None) -> Unit:
    """Pair ``unit`` (a direct-report point) with its 条块 counterpart department, whose
    score its adoptions also count for under schemes that say so; None clears it."""
    if counterpart is not None:
        if counterpart.pk == unit.pk:
            raise ValidationError({"counterpart": "对口上级部门不能是本单位。"})
        if counterpart.kind != UnitKind.DEPARTMENT or not counterpart.is_active:
            raise ValidationError(
                {"counterpart": f"“{counterpart.name}”不是启用的部门，不能作为对口上级部门。"}
            )
    return unit_update(actor=actor, unit=unit, counterpart=counterpart)
