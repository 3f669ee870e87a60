"""The change log as the audit administrator reads it (page and API alike)."""

from datetime import date, timedelta

from django.db.models import QuerySet

from govdesk import policy
from govdesk.audit.actions import action_filter
from govdesk.lib import clock


def changes_for(
    *,
    viewer,
    actor: str = "",
    action: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet:
    """What ``viewer`` may read of the log (``policy.visible_changes``), newest first:
    by one actor (user name or full name), one action group (a prefix of
    ``ACTION_GROUPS``) and a span of days (both ends included)."""
    changes = policy.visible_changes(viewer).order_by("-id")
    if actor:
        changes = changes.filter(actor__username=actor) | changes.filter(actor__full_name=actor)
    if action:
        changes = changes.filter(action_filter(action))
    if since:
        changes = changes.filter(at__gte=clock.midnight(since))
    if until:
        changes = changes.filter(at__lt=clock.midnight(until + timedelta(days=1)))
    return changes
