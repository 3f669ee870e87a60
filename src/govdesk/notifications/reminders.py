"""Reminders before and after deadlines. Each carries a key, so running this every
few minutes tells each person once."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from govdesk.annotations.models import SupervisionTask, TaskState
from govdesk.audit.services import history_of, record
from govdesk.lib import clock
from govdesk.notifications.models import Kind
from govdesk.notifications.recipients import desk_people, unit_people
from govdesk.notifications.services import notify
from govdesk.solicitations.models import Solicitation

SOLICITATION_WARNING = timedelta(hours=24)
SUPERVISION_WARNING_DAYS = 1


def send_reminders() -> int:
    return _solicitations_due() + _supervision_due()


def _solicitations_due() -> int:
    now = clock.now()
    sent = 0
    due = Solicitation.objects.filter(deadline__gt=now, deadline__lte=now + SOLICITATION_WARNING)
    for solicitation in due.prefetch_related("units"):
        answered = set(solicitation.responses.values_list("unit_id", flat=True))
        waiting = [u.pk for u in solicitation.units.all() if u.pk not in answered]
        for user in unit_people(waiting):
            sent += bool(
                notify(
                    user=user,
                    kind=Kind.SOLICITATION_DUE,
                    title=f"约稿即将截止：{solicitation.topic}",
                    url=reverse("solicitations:detail", args=[solicitation.pk]),
                    key=f"solicitation-due-{solicitation.pk}",
                )
            )
    return sent


def _record_overdue(task) -> None:
    """Once per task: the change that webhooks subscribed to 督办逾期 follow."""
    if not history_of(task).filter(action="supervision.overdue").exists():
        record(
            actor=None,
            action="supervision.overdue",
            target=task,
            summary=f"督办逾期（{task.unit.display_name}，{task.deadline:%m月%d日}到期）："
            f"{task.annotation.item.title}"[:500],
        )


def _supervision_due() -> int:
    today = timezone.localdate(clock.now())
    sent = 0
    tasks = SupervisionTask.objects.filter(
        state=TaskState.OPEN, deadline__lte=today + timedelta(days=SUPERVISION_WARNING_DAYS)
    ).select_related("annotation__item", "unit")
    for task in tasks:
        overdue = task.deadline < today
        people = list(unit_people([task.unit_id]))
        if overdue:  # the office follows up overdue tasks
            people += list(desk_people(task.office_id))
            _record_overdue(task)
        kind = Kind.SUPERVISION_OVERDUE if overdue else Kind.SUPERVISION_DUE
        label = "已逾期" if overdue else "即将到期"
        for user in people:
            sent += bool(
                notify(
                    user=user,
                    kind=kind,
                    title=f"批示督办{label}（{task.unit.display_name}）："
                    f"{task.annotation.item.title}",
                    url=reverse("annotations:task", args=[task.pk]),
                    key=f"{kind}-{task.pk}",
                )
            )
    return sent
