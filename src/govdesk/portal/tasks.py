"""The worker publishes scheduled articles (定时发布) within a minute of their time."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from govdesk.portal.services import articles_publish_due


@db_periodic_task(crontab(minute="*"))
def publish_due_articles() -> int:
    return articles_publish_due()
