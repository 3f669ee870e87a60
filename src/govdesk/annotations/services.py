"""Write services for annotations (批示) and the supervision (督办) they open."""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from govdesk import policy
from govdesk.annotations.models import (
    Annotation,
    Feedback,
    SupervisionTask,
    TaskState,
)
from govdesk.audit.services import record, require_quiet
from govdesk.core.calendar import deadline_after
from govdesk.items import attachments
from govdesk.items.models import Item
from govdesk.lib import clock
from govdesk.units.models import Level, Unit

DEFAULT_WORKDAYS = 5


def _responsible_units(item: Item, unit_ids: list[int] | None) -> list[Unit]:
    if not unit_ids:
        return [item.origin.unit]
    units = list(Unit.objects.filter(pk__in=unit_ids, is_active=True).order_by("path"))
    if len(units) != len(set(unit_ids)):
        raise ValidationError({"units": "请选择有效的承办单位。"})
    return units


@transaction.atomic
def annotation_create(
    *,
    actor,
    item_id: int,
    text: str,
    requires_action: bool = False,
    unit_ids: list[int] | None = None,
    workdays: int = DEFAULT_WORKDAYS,
    on_behalf: bool = False,
    leader_name: str = "",
    leader_level: int | None = None,
    annotated_at: datetime | None = None,
    evidence: str = "",
) -> Annotation:
    """A leader annotates an item, or an editor enters a leader's annotation made on
    paper or above this deployment (``on_behalf``, with its evidence)."""
    item = Item.objects.select_related("unit", "office").get(pk=item_id)
    text = text.strip()
    if not text:
        raise ValidationError({"text": "请填写批示内容。"})
    now = clock.now()
    if on_behalf:
        if not policy.can(actor, "item.annotate_on_behalf", item):
            raise PermissionDenied("只有本办编辑可以代为录入批示。")
        if not leader_name.strip() or leader_level not in Level.values or not evidence.strip():
            raise ValidationError({"leader_name": "代录批示须填写领导姓名职务、层级和依据。"})
        leader = None
    else:
        leader_level = policy.leader_level(actor, item)
        if leader_level is None:
            raise PermissionDenied("您不能批示这条信息。")
        leader, leader_name = actor, actor.full_name or actor.username
    if workdays < 1:
        raise ValidationError({"workdays": "办理期限至少一个工作日。"})
    annotation = Annotation.objects.create(
        item=item,
        leader=leader,
        leader_name=leader_name.strip(),
        leader_level=leader_level,
        text=text,
        annotated_at=annotated_at or now,
        requires_action=requires_action,
        on_behalf=on_behalf,
        evidence=evidence.strip(),
        entered_by=actor,
        created_at=now,
    )
    record(
        actor=actor,
        action="annotation.created",
        target=annotation,
        summary=f"{annotation.leader_name}批示《{item.title}》"
        + ("（代为录入）" if on_behalf else ""),
        item_id=item.pk,
        unit_id=item.origin.unit_id,
        leader_level=leader_level,
        on_behalf=on_behalf,
        requires_action=requires_action,
    )
    if requires_action:
        start = timezone.localdate(annotation.annotated_at)
        deadline = deadline_after(start, workdays)
        for unit in _responsible_units(item, unit_ids):
            _open_task(actor, annotation, unit, deadline)
    return annotation


def _open_task(actor, annotation: Annotation, unit: Unit, deadline) -> SupervisionTask:
    task = SupervisionTask.objects.create(
        annotation=annotation,
        unit=unit,
        office=annotation.item.office,
        deadline=deadline.day,
        deadline_estimated=deadline.estimated,
        opened_at=clock.now(),
    )
    record(
        actor=actor,
        action="supervision.opened",
        target=task,
        summary=f"督办{unit}落实{annotation.leader_name}批示，期限{deadline.day:%Y-%m-%d}",
        unit_id=unit.pk,
        deadline=deadline.day.isoformat(),
        estimated=deadline.estimated,
    )
    return task


@transaction.atomic
def feedback_add(*, actor, task_id: int, text: str, upload=None) -> Feedback:
    """A responsible unit reports what it did (反馈落实情况), with an optional file."""
    task = SupervisionTask.objects.select_for_update().get(pk=task_id)
    policy.require(actor, "task.feedback", task)
    if task.state == TaskState.CLOSED:
        raise ValidationError({"text": "该督办事项已办结。"})
    if not text.strip():
        raise ValidationError({"text": "请填写落实情况。"})
    now = clock.now()
    feedback = Feedback(task=task, text=text.strip(), author=actor, created_at=now)
    if upload is not None:
        # The same intake as item attachments: type by content, size limit, safe name.
        try:
            feedback.original_name, _kind, _mime = attachments.inspect(upload)
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from exc
        feedback.file = upload
    feedback.save()
    late = task.deadline < timezone.localdate(now)
    task.state = TaskState.ANSWERED
    task.answered_at = task.answered_at or now
    task.save()
    record(
        actor=actor,
        action="supervision.feedback",
        target=task,
        summary=f"{task.unit}反馈批示落实情况" + ("（逾期）" if late else ""),
        feedback_id=feedback.pk,
        late=late,
    )
    return feedback


@transaction.atomic
def task_close(*, actor, task_id: int) -> SupervisionTask:
    task = SupervisionTask.objects.select_for_update().get(pk=task_id)
    policy.require(actor, "task.close", task)
    if task.state != TaskState.ANSWERED:
        raise ValidationError({"state": "承办单位反馈后才能办结。"})
    task.state = TaskState.CLOSED
    task.closed_at = clock.now()
    task.save()
    record(actor=actor, action="supervision.closed", target=task, summary=f"{task.unit}督办办结")
    return task


@transaction.atomic
def task_urge(*, actor, task_id: int) -> SupervisionTask:
    """催办: the office reminds the responsible unit now, before the deadline's own
    reminder; the reminder goes out through the ``supervision.urged`` subscriber."""
    task = SupervisionTask.objects.select_for_update().select_related("annotation__item")
    task = task.get(pk=task_id)
    policy.require(actor, "task.urge", task)
    if task.state != TaskState.OPEN:
        raise ValidationError({"state": "只能催办尚未反馈的督办。"})
    require_quiet(
        action="supervision.urged",
        target=task,
        minutes=settings.GOVDESK_URGE_INTERVAL_MINUTES,
        what="催办",
    )
    record(
        actor=actor,
        action="supervision.urged",
        target=task,
        summary=f"催办{task.unit}：{task.annotation.item.title}"[:500],
    )
    return task
