"""Notifications follow the change log once its transaction has committed, so nobody
is told about something that was rolled back."""

from django.urls import reverse

from govdesk.accounts.models import Role
from govdesk.annotations.models import Annotation, SupervisionTask
from govdesk.audit.dispatch import subscribe
from govdesk.circulars.models import Circular
from govdesk.circulars.models import Kind as CircularKind
from govdesk.core.models import Export
from govdesk.items.models import Item
from govdesk.notifications.models import Kind
from govdesk.notifications.recipients import desk_people, item_people, unit_people
from govdesk.notifications.services import notify
from govdesk.solicitations.models import Solicitation


def _item_url(item) -> str:
    return reverse("items:detail", args=[item.origin.pk])


@subscribe("item.return", after_commit=True)
def item_returned(change) -> None:
    item = Item.objects.get(pk=change.target_id)
    for user in item_people(item):
        notify(
            user=user,
            kind=Kind.ITEM_RETURNED,
            title=f"《{item.title}》被退回修改",
            body=change.details.get("reason", ""),
            url=_item_url(item),
        )


@subscribe("item.adopt", after_commit=True)
def item_adopted(change) -> None:
    item = Item.objects.get(pk=change.target_id)
    where = change.details.get("publication", "")
    for user in item_people(item):
        notify(
            user=user,
            kind=Kind.ITEM_ADOPTED,
            title=f"《{item.title}》被《{where}》采用" if where else f"《{item.title}》被采用",
            url=_item_url(item),
        )


@subscribe("annotation.created", after_commit=True)
def item_annotated(change) -> None:
    annotation = Annotation.objects.select_related("item").get(pk=change.target_id)
    for user in item_people(annotation.item):
        notify(
            user=user,
            kind=Kind.ITEM_ANNOTATED,
            title=f"《{annotation.item.title}》获{annotation.leader_name}批示",
            body=annotation.text,
            url=_item_url(annotation.item),
        )


@subscribe("solicitation.created", after_commit=True)
def solicitation_received(change) -> None:
    solicitation = Solicitation.objects.get(pk=change.target_id)
    url = reverse("solicitations:detail", args=[solicitation.pk])
    for user in unit_people(change.details["unit_ids"]):
        notify(
            user=user,
            kind=Kind.SOLICITATION,
            title=f"约稿：{solicitation.topic}（{solicitation.deadline:%m月%d日 %H:%M}前）",
            body=solicitation.requirements,
            url=url,
        )


def _tell_task_unit(change, kind: str, title: str, body: str = "") -> None:
    """Tell the writers and signers of the change's supervision task's unit;
    ``title`` and ``body`` are formatted with ``task`` and ``change``."""
    task = SupervisionTask.objects.select_related("annotation__item").get(pk=change.target_id)
    for user in unit_people([task.unit_id]):
        notify(
            user=user,
            kind=kind,
            title=title.format(task=task, change=change),
            body=body.format(task=task, change=change),
            url=reverse("annotations:task", args=[task.pk]),
        )


@subscribe("supervision.opened", after_commit=True)
def supervision_opened(change) -> None:
    _tell_task_unit(
        change,
        Kind.SUPERVISION,
        "请于{task.deadline:%m月%d日}前反馈批示落实情况：{task.annotation.item.title}",
        "{task.annotation.text}",
    )


@subscribe("supervision.urged", after_commit=True)
def supervision_urged(change) -> None:
    _tell_task_unit(
        change,
        Kind.SUPERVISION_URGED,
        "催办：请尽快反馈批示落实情况（{task.deadline:%m月%d日}前）：{task.annotation.item.title}",
        "{change.actor}催办。{task.annotation.text}",
    )


@subscribe("circular.prepare", after_commit=True)
def circular_draft_prepared(change) -> None:
    """A draft the worker prepared on its own (no actor) waits for whoever issues it:
    the duty office for a duty notice, the desk for a scoring one."""
    if change.actor_id is not None:
        return  # prepared by hand: its preparer is looking at it
    draft = Circular.objects.get(pk=change.target_id)
    if draft.kind == CircularKind.DUTY_MONTH:
        people = unit_people([draft.office_id], {Role.DUTY, Role.CHIEF})
    else:
        people = desk_people(draft.office_id)
    for person in people:
        notify(
            user=person,
            kind=Kind.CIRCULAR_DRAFT,
            title=f"{draft.title}（草稿）已生成，请核对后签发",
            url=reverse("circulars:detail", args=[draft.pk]),
            key=f"circular:{draft.pk}",
        )


@subscribe("export.", after_commit=True)
def export_finished(change) -> None:
    """A worker-built export is ready (or failed): its owner hears of it."""
    export = Export.objects.select_related("user").get(pk=change.target_id)
    notify(
        user=export.user, kind=Kind.EXPORT_READY, title=change.summary, url=reverse("web:exports")
    )
