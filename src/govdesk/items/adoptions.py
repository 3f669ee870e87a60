"""Adoptions recorded by hand: an item used by a publication outside this deployment
(省、国务院刊物), entered by an editor with the evidence."""

from datetime import date, datetime, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from govdesk import policy
from govdesk.audit.services import record
from govdesk.items.models import Item
from govdesk.publications.models import Adoption, AdoptionKind, Publication


def can_record_external(user, item: Item) -> bool:
    """The desk of the office that received the item, or of the office whose own copy
    (转报) went upward."""
    offices = [item.office] + ([item.unit] if item.unit.is_office else [])
    return any(policy.can(user, "office.desk", office) for office in offices)


@transaction.atomic
def adoption_record_external(
    *,
    actor,
    item_id: int,
    publication: Publication,
    source_issue: str,
    source_date: date,
    kind: str = AdoptionKind.GENERAL,
    note: str = "",
) -> Adoption:
    item = (
        Item.objects.select_for_update(of=("self",))
        .select_related("unit", "office")
        .get(pk=item_id)
    )
    policy.require(actor, "item.view", item)
    if not can_record_external(actor, item):
        raise PermissionDenied("只有本办编辑可以登记上级采用。")
    if not publication.is_external:
        raise ValidationError({"publication": "本系统内的刊物请直接在采编工作台采用。"})
    if not source_issue.strip() or source_date is None:
        raise ValidationError({"source_issue": "请填写刊载期号和日期。"})
    if kind not in dict(publication.kind_choices()):
        raise ValidationError({"kind": f"{publication}不支持该采用类型。"})
    if item.adoptions.filter(publication=publication).exists():
        raise ValidationError({"publication": f"该信息已登记被{publication}采用。"})
    adoption = Adoption.objects.create(
        item=item,
        publication=publication,
        kind=kind,
        adopted_by=actor,
        # Counted in the period it was printed in, not when it was typed in.
        adopted_at=timezone.make_aware(datetime.combine(source_date, time(12))),
        note=note.strip()[:200],
        source_issue=source_issue.strip()[:50],
        source_date=source_date,
    )
    record(
        actor=actor,
        action="adoption.external",
        target=adoption,
        summary=f"登记{publication}（{publication.get_level_display()}）采用《{item.title}》"
        f"，{source_issue}",
        item_id=item.pk,
        unit_id=item.origin.unit_id,
        level=publication.level,
        kind=kind,
        source_issue=adoption.source_issue,
        source_date=source_date.isoformat(),
    )
    return adoption
