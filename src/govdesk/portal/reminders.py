"""Stale-column warnings (issue 17: "a stale column warns the portal editor and the
chief before its limit"), sent through the one outbound pipeline. The worker runs
this daily; each person hears about a column once per staleness period — the key
names the column and the date its limit falls on, which moves on when the column
gets a new article."""

from django.urls import reverse
from django.utils import timezone

from govdesk.accounts.models import Role
from govdesk.notifications.models import Kind
from govdesk.notifications.recipients import unit_people
from govdesk.notifications.services import notify
from govdesk.portal.models import PortalColumn
from govdesk.portal.selectors import column_freshness
from govdesk.units.models import Unit

# Who keeps the site fresh: the centre's editor, and the chief who answers for it.
WARNED_ROLES = {Role.PORTAL_EDITOR, Role.CHIEF}


def warning_text(freshness) -> str:
    column = freshness.column
    if freshness.last is None:
        return (
            f"网站栏目“{column.name}”尚无文章，请尽快更新（更新时限 {column.freshness_days} 天）。"
        )
    last = timezone.localdate(freshness.last)
    due = timezone.localdate(freshness.due)
    return (
        f"网站栏目“{column.name}”最近一次更新在 {last:%Y年%-m月%-d日}，"
        f"{'已于' if freshness.stale else '将于'} {due:%Y年%-m月%-d日}超过更新时限"
        f"（{column.freshness_days} 天），请尽快更新。"
    )


def stale_columns_warn() -> int:
    """Tell each office's 网站编辑 and 主编 about every column at or near its limit;
    the number of people told (a warning sent before is not sent again)."""
    sent = 0
    with_columns = PortalColumn.objects.filter(is_active=True).values("office_id")
    for office in Unit.objects.filter(pk__in=with_columns):
        warned = [f for f in column_freshness(office) if f.warn]
        people = list(unit_people([office.pk], WARNED_ROLES)) if warned else []
        for freshness in warned:
            period = f"{freshness.due:%Y%m%d}" if freshness.due else "none"
            for user in people:
                sent += bool(
                    notify(
                        user=user,
                        kind=Kind.PORTAL_STALE,
                        title=f"网站栏目临近更新时限：{freshness.column.name}",
                        body=warning_text(freshness),
                        url=reverse("portal:desk"),
                        key=f"portal-stale-{freshness.column.pk}-{period}",
                    )
                )
    return sent
