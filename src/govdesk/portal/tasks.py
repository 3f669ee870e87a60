"""The worker publishes scheduled articles (定时发布) within a minute of their time,
warns of stale columns daily, and keeps the static copy (GOVDESK_PORTAL_EXPORT_DIR)
current."""

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from govdesk.portal.export import site_export
from govdesk.portal.reminders import stale_columns_warn
from govdesk.portal.services import articles_publish_due


@db_periodic_task(crontab(minute="*"))
def publish_due_articles() -> int:
    return articles_publish_due()


@db_periodic_task(crontab(minute="30", hour="8"))
def warn_stale_columns() -> int:
    """Daily, in office hours: each column at or near its freshness limit, once per
    person per staleness period."""
    return stale_columns_warn()


@db_task()
@HUEY.lock_task("portal-export")
def refresh_export() -> None:
    """Rewrite the static copy; one at a time (each run exports the whole site as it
    is then, so a refresh that finds another running loses nothing by waiting)."""
    if settings.GOVDESK_PORTAL_EXPORT_DIR:
        site_export(
            directory=settings.GOVDESK_PORTAL_EXPORT_DIR,
            base_url=settings.GOVDESK_PORTAL_EXPORT_URL,
        )
