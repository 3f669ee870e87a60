"""Writes to publications and columns. Adoption itself is ``items.services.item_adopt``."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from govdesk import policy
from govdesk.audit.services import model_diff, record
from govdesk.publications.models import AdoptionKind, Column, Publication
from govdesk.publications.presets import get_preset
from govdesk.units.models import Level, Unit, UnitKind


def distribution_overlap(*, send_units, copy_units) -> str:
    """The refusal for a unit both sent to and copied, or "" when there is none."""
    copied = set(copy_units)
    both = [u for u in send_units if u in copied]
    if not both:
        return ""
    names = "、".join(u.display_name for u in both)
    return f"{names}不能既报送又抄送，请只选其一。"


@transaction.atomic
def publications_install_preset(*, actor, office: Unit, preset: str) -> list[Publication]:
    """Give ``office`` the publications and columns of a preset (``county``, ``city``).

    Idempotent: a publication the office already has (same code or same name) is kept
    as the office configured it; only missing publications and columns are added, and
    only additions are written to the audit log. Returns the preset's publications in
    preset order.
    """
    spec = get_preset(preset)
    if not office.is_office:
        raise ValueError(f"{office}不是政府办公室，不能主办刊物。")
    result: list[Publication] = []
    for order, pub_spec in enumerate(spec.publications, start=1):
        publication = (
            Publication.objects.filter(office=office)
            .filter(Q(code=pub_spec.code) | Q(name=pub_spec.name))
            .order_by("id")
            .first()
        )
        created = publication is None
        if created:
            publication = Publication.objects.create(
                office=office,
                name=pub_spec.name,
                code=pub_spec.code,
                description=pub_spec.description,
                adoption_kinds=list(pub_spec.adoption_kinds),
                sort_order=order * 10,
            )
        existing = set(publication.columns.values_list("name", flat=True))
        new_columns = []
        for col_order, col_spec in enumerate(pub_spec.columns, start=1):
            if col_spec.name in existing:
                continue
            Column.objects.create(
                publication=publication,
                name=col_spec.name,
                adoption_kinds=list(col_spec.adoption_kinds),
                sort_order=col_order * 10,
            )
            new_columns.append(col_spec.name)
        if created:
            record(
                actor=actor,
                action="publication.created",
                target=publication,
                summary=f"{office.name}新增刊物《{publication.name}》（预设：{spec.label}）",
                preset=spec.key,
                office=office.name,
                adoption_kinds=list(pub_spec.adoption_kinds),
                columns=new_columns,
                source=pub_spec.source,
            )
        elif new_columns:
            record(
                actor=actor,
                action="publication.columns_added",
                target=publication,
                summary=f"《{publication.name}》新增栏目：{'、'.join(new_columns)}（预设：{spec.label}）",
                preset=spec.key,
                columns=new_columns,
            )
        result.append(publication)
    return result


@transaction.atomic
def publication_set_distribution(
    *, actor, publication_id: int, send_users=(), send_units=(), copy_units=()
) -> Publication:
    """Set the default distribution (报送领导、报送单位、抄送单位) new issues start from."""
    publication = Publication.objects.select_for_update().get(pk=publication_id)
    policy.require(actor, "publication.configure", publication)
    if refusal := distribution_overlap(send_units=send_units, copy_units=copy_units):
        raise ValidationError(refusal)
    fields = {
        "default_send_users": send_users,
        "default_send_units": send_units,
        "default_copy_units": copy_units,
    }
    before = {
        name: sorted(getattr(publication, name).values_list("pk", flat=True)) for name in fields
    }
    after = {name: sorted(obj.pk for obj in chosen) for name, chosen in fields.items()}
    changes = model_diff(before, after)
    if not changes:
        return publication
    for name, chosen in fields.items():
        getattr(publication, name).set(chosen)
    record(
        actor=actor,
        action="publication.distribution_set",
        target=publication,
        summary=f"设置{publication}默认报送、抄送范围",
        changes=changes,
    )
    return publication


# --- a publication's name and columns (刊物与栏目) -------------------------------------
#
# The office's chief editor or administrator (``publication.configure``) changes them
# on 刊物与栏目; each change goes into the change log under the codes the configuration
# admin writes for the same rows (``admin.added`` / ``admin.changed`` / ``admin.deleted``
# with the model's label), so one history shows them whichever page made them.

_VERBS = {"added": "新增", "changed": "修改", "deleted": "删除"}


def _record_config(actor, what: str, obj, **details) -> None:
    record(
        actor=actor,
        action=f"admin.{what}",
        target=obj,
        summary=f"配置管理：{_VERBS[what]}{obj._meta.verbose_name}“{obj}”",
        model=obj._meta.label_lower,
        **details,
    )


def _plain_name(value: str, noun: str) -> str:
    name = (value or "").strip().strip("《》").strip()
    if not name:
        raise ValidationError({"name": f"请填写{noun}名称。"})
    if len(name) > 50:
        raise ValidationError({"name": f"{noun}名称不能超过50个字。"})
    return name


@transaction.atomic
def publication_update(*, actor, publication: Publication, name: str, description: str = ""):
    """Rename a publication or change its description. Its issues and adoptions keep
    pointing at it, so they follow the new name."""
    policy.require(actor, "publication.configure", publication)
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    name = _plain_name(name, "刊物")
    description = (description or "").strip()
    if len(description) > 200:
        raise ValidationError({"description": "说明不能超过200个字。"})
    taken = Publication.objects.filter(office_id=publication.office_id, name=name)
    if taken.exclude(pk=publication.pk).exists():
        raise ValidationError({"name": f"本办已有刊物《{name}》，请换一个名称。"})
    before = {"name": publication.name, "description": publication.description}
    changes = model_diff(before, {"name": name, "description": description})
    if not changes:
        return publication
    publication.name, publication.description = name, description
    publication.save(update_fields=list(changes))
    _record_config(actor, "changed", publication, changes=changes)
    return publication


def _column_name_free(publication: Publication, name: str, exclude_pk=None) -> None:
    taken = publication.columns.filter(name=name).exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError({"name": f"{publication}已有栏目“{name}”。"})


@transaction.atomic
def column_add(*, actor, publication: Publication, name: str) -> Column:
    """A new column, placed last."""
    policy.require(actor, "publication.configure", publication)
    name = _plain_name(name, "栏目")
    _column_name_free(publication, name)
    last = publication.columns.order_by("-sort_order").values_list("sort_order", flat=True)
    column = Column.objects.create(
        publication=publication, name=name, sort_order=(last.first() or 0) + 10
    )
    _record_config(actor, "added", column, name=name, publication=str(publication))
    return column


@transaction.atomic
def column_update(*, actor, column: Column, name: str | None = None, is_active=None) -> Column:
    """Rename a column, retire it (no longer offered when adopting; its adoptions and
    their points stay) or bring it back."""
    policy.require(actor, "publication.configure", column.publication)
    column = Column.objects.select_for_update().select_related("publication").get(pk=column.pk)
    after = {}
    if name is not None:
        after["name"] = _plain_name(name, "栏目")
        _column_name_free(column.publication, after["name"], exclude_pk=column.pk)
    if is_active is not None:
        after["is_active"] = bool(is_active)
    changes = model_diff({k: getattr(column, k) for k in after}, after)
    if not changes:
        return column
    for field, value in after.items():
        setattr(column, field, value)
    column.save(update_fields=list(changes))
    _record_config(actor, "changed", column, changes=changes)
    return column


@transaction.atomic
def column_move(*, actor, column: Column, offset: int) -> Column:
    """Move a column one place up (``offset`` -1) or down (+1) among its publication's;
    the columns are renumbered 10, 20 … and each one that moved is logged."""
    publication = column.publication
    policy.require(actor, "publication.configure", publication)
    columns = list(publication.columns.select_for_update().order_by("sort_order", "id"))
    at = next(i for i, c in enumerate(columns) if c.pk == column.pk)
    to = at + offset
    if offset not in (-1, 1) or not 0 <= to < len(columns):
        return column
    columns[at], columns[to] = columns[to], columns[at]
    for position, each in enumerate(columns, start=1):
        if each.sort_order != position * 10:
            changes = {"sort_order": [each.sort_order, position * 10]}
            each.sort_order = position * 10
            each.save(update_fields=["sort_order"])
            _record_config(actor, "changed", each, changes=changes)
    return columns[to]


def column_delete_refusal(column: Column) -> str | None:
    """Why ``column`` may not be deleted (it was used), or None."""
    adoptions = column.adoptions.count()
    if adoptions:
        return (
            f"栏目“{column.name}”已有{adoptions}条采用记录，不能删除；"
            "可以停用：停用后采用时不再出现，已有的采用和计分不变。"
        )
    if column.issueentry_set.exists():
        return f"栏目“{column.name}”已用于刊期文章，不能删除；可以停用。"
    return None


@transaction.atomic
def column_delete(*, actor, column: Column) -> None:
    """Delete a column nobody has used; a used one can only be retired."""
    policy.require(actor, "publication.configure", column.publication)
    column = Column.objects.select_for_update().select_related("publication").get(pk=column.pk)
    if refusal := column_delete_refusal(column):
        raise ValidationError(refusal)
    _record_config(actor, "deleted", column, name=column.name)
    column.delete()


# --- publications above the deployment (省、国务院) -------------------------------------

EXTERNAL_FIELDS = ("name", "code", "level", "issuer", "description", "adoption_kinds")


def external_problems(publication: Publication) -> dict[str, str]:
    """What is wrong with ``publication`` as an external one, by field."""
    problems = {}
    tops = Unit.objects.filter(depth=1, kind=UnitKind.OFFICE).exclude(level=None)
    highest = max((u.level for u in tops), default=0)
    if publication.level not in Level.values:
        problems["level"] = "请选择刊物层级。"
    elif publication.level <= highest:
        problems["level"] = (
            f"本系统最高为{Level(highest).label}，外部刊物须高于该层级"
            "（本系统内的刊物请在主办办公室下配置）。"
        )
    unknown = [k for k in publication.adoption_kinds if k not in AdoptionKind.values]
    if unknown:
        problems["adoption_kinds"] = f"采用类型无效：{'、'.join(map(str, unknown))}。"
    others = Publication.objects.filter(office=None).exclude(pk=publication.pk)
    if others.filter(code=publication.code).exists():
        problems["code"] = f"代码“{publication.code}”已被其他外部刊物使用。"
    if others.filter(level=publication.level, name=publication.name).exists():
        problems["name"] = f"{Level(publication.level).label}刊物《{publication.name}》已存在。"
    return problems


def _external_save(publication: Publication) -> None:
    problems = external_problems(publication)
    try:
        publication.full_clean(exclude=["office"])
    except ValidationError as error:
        problems = {**error.message_dict, **problems}
    if problems:
        raise ValidationError(problems)
    publication.save()


@transaction.atomic
def publication_external_create(
    *,
    actor,
    name: str,
    level: int,
    code: str = "",
    issuer: str = "",
    description: str = "",
    adoption_kinds=(),
) -> Publication:
    """A publication above this deployment (省、国务院刊物) that editors record adoptions
    by (``adoption_record_external``); its level prices those adoptions. A blank code
    is made from the level and a number."""
    policy.require_of(actor, "publication.manage_external", None, "只有管理员可以新增外部刊物。")
    count = Publication.objects.filter(office=None).count()
    publication = Publication(
        office=None,
        name=name.strip(),
        level=level,
        code=code.strip() or f"ext-{level}-{count + 1}",
        issuer=issuer.strip(),
        description=description.strip(),
        adoption_kinds=list(adoption_kinds),
    )
    _external_save(publication)
    level_label = Level(level).label
    record(
        actor=actor,
        action="publication.created",
        target=publication,
        summary=f"新增{level_label}外部刊物{publication}"
        + (f"（{publication.issuer}）" if publication.issuer else ""),
        level=level,
        issuer=publication.issuer,
        adoption_kinds=publication.adoption_kinds,
    )
    return publication


@transaction.atomic
def publication_external_update(*, actor, publication_id: int, **fields) -> Publication:
    """Change an external publication's name, code, level, issuer, description, kinds
    or whether it is offered (``is_active``)."""
    policy.require_of(actor, "publication.manage_external", None, "只有管理员可以修改外部刊物。")
    publication = Publication.objects.select_for_update().get(pk=publication_id, office=None)
    unknown = set(fields) - {*EXTERNAL_FIELDS, "is_active", "sort_order"}
    if unknown:
        raise ValueError(f"not an external publication's field: {sorted(unknown)}")
    before = {name: getattr(publication, name) for name in fields}
    for name, value in fields.items():
        setattr(publication, name, value.strip() if isinstance(value, str) else value)
    changes = model_diff(before, {name: getattr(publication, name) for name in fields})
    if not changes:
        return publication
    _external_save(publication)
    record(
        actor=actor,
        action="publication.changed",
        target=publication,
        summary=f"修改外部刊物{publication}",
        changes=changes,
    )
    return publication
