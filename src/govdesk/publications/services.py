"""Writes to publications and columns. Adoption itself is ``items.services.item_adopt``."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from govdesk import policy
from govdesk.audit.services import model_diff, record
from govdesk.publications.issues import distribution_overlap
from govdesk.publications.models import AdoptionKind, Column, Publication
from govdesk.publications.presets import get_preset
from govdesk.units.models import Level, Unit, UnitKind


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
