"""The worker's daily purge of the API call log (GOVDESK_API_CALL_RETENTION_DAYS)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from govdesk.api.clients import calls_purge


@db_periodic_task(crontab(minute="20", hour="3"))
def purge_api_calls() -> int:
    return calls_purge()
