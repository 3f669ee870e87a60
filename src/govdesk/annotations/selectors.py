from django.db.models import Q
from django.utils import timezone

from govdesk import policy
from govdesk.annotations.models import TaskState
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
