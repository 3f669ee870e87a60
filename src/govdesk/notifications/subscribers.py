"""Notifications follow the change log once its transaction has committed, so nobody
is told about something that was rolled back."""

from django.urls import reverse
from django.utils import timezone

from govdesk.annotations.models import Annotation, SupervisionTask
from govdesk.audit.dispatch import subscribe
from govdesk.audit.models import Change
from govdesk.core.models import Export
from govdesk.items.models import Item
from govdesk.notifications import webhooks
from govdesk.notifications.models import Kind
from govdesk.notifications.recipients import item_people, unit_people
from govdesk.notifications.services import notify, notify_people
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
    notify_people(
        users=unit_people([task.unit_id]),
        kind=kind,
        title=title.format(task=task, change=change),
        body=body.format(task=task, change=change),
        url=reverse("annotations:task", args=[task.pk]),
        sender=change.actor,
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


@subscribe("solicitation.urged", after_commit=True)
def solicitation_urged(change) -> None:
    solicitation = Solicitation.objects.get(pk=change.target_id)
    notify_people(
        users=unit_people(change.details["unit_ids"]),
        kind=Kind.SOLICITATION_URGED,
        title=f"催办：约稿“{solicitation.topic}”请于"
        f"{timezone.localtime(solicitation.deadline):%m月%d日 %H:%M}前报送",
        body=f"{change.actor}催办。{solicitation.requirements}",
        url=reverse("solicitations:detail", args=[solicitation.pk]),
        sender=change.actor,
    )


@subscribe("export.", after_commit=True)
def export_finished(change) -> None:
    """A worker-built export is ready (or failed): its owner hears of it."""
    export = Export.objects.select_related("user").get(pk=change.target_id)
    notify(
        user=export.user, kind=Kind.EXPORT_READY, title=change.summary, url=reverse("web:exports")
    )


def _publish(event: str):
    """A subscriber that publishes ``event`` about the change's object to webhooks."""

    def publish(change) -> None:
        # Most events (every submission) have no address at all: one narrow read of the
        # subscriptions spares loading the object and its office for nothing.
        if not webhooks.event_subscribed(event):
            return
        obj = change.target_type.get_object_for_this_type(pk=change.target_id)
        webhooks.event_publish(event=event, change=change, obj=obj)

    publish.__name__ = f"webhook_{event.replace('.', '_')}"
    return publish


for _event, (_label, _action) in webhooks.EVENTS.items():
    if _action != "emergency.received":
        subscribe(_action, after_commit=True)(_publish(_event))


@subscribe("emergency.received", after_commit=True)
def webhook_emergency_report(change) -> None:
    """A written report files the event (unless it was phoned in first), follows it
    up, or closes it (终报)."""
    event = change.target_type.get_object_for_this_type(pk=change.target_id)
    report = event.reports.get(pk=change.details["report_id"])
    phoned = Change.objects.filter(
        action="emergency.phoned", target_type=change.target_type, target_id=event.pk
    ).exists()
    if report.is_final:
        code = "emergency.closed"
    elif not phoned and event.reports.filter(received_at__isnull=False).count() == 1:
        code = "emergency.filed"
    else:
        code = "emergency.updated"
    webhooks.event_publish(event=code, change=change, obj=event)
