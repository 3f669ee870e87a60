"""Writes to publications and columns. Adoption itself is ``items.services.item_adopt``."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from govdesk import policy
from govdesk.audit.services import model_diff, record
from govdesk.publications.models import Column, Publication
from govdesk.publications.presets import get_preset
from govdesk.units.models import Unit


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
