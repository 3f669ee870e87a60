"""Write services for solicitations (约稿) and reporting key points (报送要点)."""

from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from govdesk import policy
from govdesk.audit.services import record, require_quiet
from govdesk.items.models import Item
from govdesk.lib import clock
from govdesk.solicitations.models import KeyPoint, Solicitation, SolicitationResponse
from govdesk.units.models import Unit


@transaction.atomic
def solicitation_create(
    *, actor, office: Unit, topic: str, requirements: str, deadline: datetime, unit_ids: list[int]
) -> Solicitation:
    if not policy.can(actor, "office.desk", office):
        raise PermissionDenied("只有本办编辑可以约稿。")
    units = list(
        Unit.objects.filter(pk__in=unit_ids, path__startswith=office.path, is_active=True)
        .exclude(pk=office.pk)
        .order_by("path")
    )
    if not topic.strip() or not units or len(units) != len(set(unit_ids)):
        raise ValidationError({"units": "请填写主题并选择本办所属的约稿单位。"})
    if deadline <= clock.now():
        raise ValidationError({"deadline": "截止时间须晚于现在。"})
    solicitation = Solicitation.objects.create(
        office=office,
        topic=topic.strip(),
        requirements=requirements.strip(),
        deadline=deadline,
        created_by=actor,
        created_at=clock.now(),
    )
    solicitation.units.set(units)
    record(
        actor=actor,
        action="solicitation.created",
        target=solicitation,
        summary=f"约稿：{solicitation.topic}",
        unit_ids=[u.pk for u in units],
        deadline=deadline.isoformat(),
    )
    return solicitation


def waiting_units(solicitation: Solicitation) -> list[Unit]:
    """The units asked that have not answered yet."""
    answered = solicitation.responses.values("unit")
    return list(solicitation.units.exclude(pk__in=answered).order_by("path"))


@transaction.atomic
def solicitation_urge(*, actor, solicitation_id: int) -> list[Unit]:
    """催办: remind the units that have not answered, now; the reminder goes out
    through the ``solicitation.urged`` subscriber. Not twice within
    GOVDESK_URGE_INTERVAL_MINUTES."""
    solicitation = Solicitation.objects.select_for_update().get(pk=solicitation_id)
    if not policy.can(actor, "office.desk", solicitation.office):
        raise PermissionDenied("只有本办编辑可以催办约稿。")
    waiting = waiting_units(solicitation)
    if not waiting:
        raise ValidationError({"units": "各约稿单位均已回应，无需催办。"})
    require_quiet(
        action="solicitation.urged",
        target=solicitation,
        minutes=settings.GOVDESK_URGE_INTERVAL_MINUTES,
        what="催办",
    )
    record(
        actor=actor,
        action="solicitation.urged",
        target=solicitation,
        summary=f"催办约稿“{solicitation.topic}”：{'、'.join(u.name for u in waiting)}"[:500],
        unit_ids=[u.pk for u in waiting],
    )
    return waiting


@transaction.atomic
def solicitation_answer(*, actor, solicitation_id: int, item_id: int) -> SolicitationResponse:
    """A target unit answers with one of its items that has reached the office."""
    solicitation = Solicitation.objects.select_for_update().get(pk=solicitation_id)
    item = Item.objects.select_related("unit").get(pk=item_id)
    policy.require(actor, "item.view", item)
    if not policy.solicitation_answer_units(actor, solicitation).filter(pk=item.unit_id).exists():
        raise PermissionDenied("只能用本单位的信息回应向本单位的约稿。")
    if item.submission_count == 0 or item.office_id != solicitation.office_id:
        raise ValidationError({"item": "请先将信息报送约稿单位，再关联约稿。"})
    if solicitation.responses.filter(item=item).exists():
        raise ValidationError({"item": "该信息已关联此约稿。"})
    now = clock.now()
    response = SolicitationResponse.objects.create(
        solicitation=solicitation, unit=item.unit, item=item, linked_by=actor, linked_at=now
    )
    on_time = now <= solicitation.deadline
    record(
        actor=actor,
        action="solicitation.answered",
        target=solicitation,
        summary=f"{item.unit}回应约稿《{solicitation.topic}》" + ("" if on_time else "（逾期）"),
        unit_id=item.unit_id,
        item_id=item.pk,
        on_time=on_time,
    )
    return response


@transaction.atomic
def key_point_create(
    *, actor, office: Unit, kind: str, title: str, description: str, starts_on: date, ends_on: date
) -> KeyPoint:
    if not policy.can(actor, "office.desk", office):
        raise PermissionDenied("只有本办编辑可以发布报送要点。")
    if not title.strip() or ends_on < starts_on:
        raise ValidationError({"title": "请填写要点，截止日期不能早于起始日期。"})
    point = KeyPoint.objects.create(
        office=office,
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=actor,
        created_at=clock.now(),
    )
    record(actor=actor, action="keypoint.created", target=point, summary=f"发布报送要点{point}")
    return point


@transaction.atomic
def item_tag_key_points(*, actor, item_id: int, key_point_ids: list[int]) -> list[KeyPoint]:
    """Set the key points an item answers (only the office's, for the item's office)."""
    item = Item.objects.select_related("unit", "office").get(pk=item_id)
    policy.require(actor, "item.view", item)
    if not policy.can(actor, "item.tag_key_points", item):
        raise PermissionDenied("您不能标注这条信息。")
    points = list(KeyPoint.objects.filter(pk__in=key_point_ids, office=item.office))
    if len(points) != len(set(key_point_ids)):
        raise ValidationError({"key_points": "只能选择接收单位发布的报送要点。"})
    before = sorted(item.key_points.values_list("pk", flat=True))
    item.key_points.set(points)
    after = sorted(p.pk for p in points)
    if before != after:
        record(
            actor=actor,
            action="item.key_points",
            target=item,
            summary="标注报送要点：" + ("、".join(p.title for p in points) or "无"),
            changes={"key_points": [before, after]},
        )
    return points
