from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from govdesk import policy
from govdesk.accounts.models import Role
from govdesk.annotations.models import SupervisionTask, TaskState
from govdesk.bulletins.models import IssueState
from govdesk.items.models import Item
from govdesk.lib import clock

STATUSES = {
    "open": Q(state__lt=TaskState.CLOSED),
    "overdue": Q(state=TaskState.OPEN),  # narrowed by date in ``_filter``
    "closed": Q(state=TaskState.CLOSED),
    "all": Q(),
}


def _filter(qs, status: str):
    qs = qs.filter(STATUSES.get(status, STATUSES["open"]))
    if status == "overdue":
        qs = qs.filter(deadline__lt=timezone.localdate(clock.now()))
    return qs


def task_list(*, viewer, status: str = "open"):
    """Supervision tasks the viewer may see: their offices' and their own units'."""
    return _filter(policy.visible_tasks(viewer), status).order_by("deadline", "id")


def task_counts(*, viewer) -> dict[str, int]:
    qs = policy.visible_tasks(viewer)
    return {status: _filter(qs, status).count() for status in ("open", "overdue", "closed")}


def awaiting_annotation(*, viewer, days: int = 30):
    """Items of the issues released to the leader in the last ``days`` days that they
    have not annotated (批示) yet, newest issue first."""
    since = clock.now() - timedelta(days=days)
    issues = policy.visible_issues(viewer).filter(state=IssueState.RELEASED, released_at__gte=since)
    return (
        Item.objects.filter(issue_entries__issue__in=issues.values("pk"))
        .exclude(annotations__leader=viewer)
        .select_related("unit")
        .distinct()
        .order_by("-decided_at", "-id")
    )


def overdue_for_leader(*, viewer):
    """Overdue supervision of the leader's own annotations and of their offices."""
    offices = policy.roles(viewer).units_with(Role.LEADER)
    mine = Q(annotation__leader=viewer) | Q(office_id__in=offices)
    return _filter(
        SupervisionTask.objects.filter(mine).select_related("annotation__item", "unit"),
        "overdue",
    ).order_by("deadline", "id")


def unit_tasks(*, viewer):
    """Open supervision (督办) the viewer's units must act on, by deadline."""
    units = policy.roles(viewer).units_with(policy.FEEDBACK_ROLES)
    qs = policy.visible_tasks(viewer).filter(unit_id__in=units)
    return _filter(qs, "open").order_by("deadline", "id")
