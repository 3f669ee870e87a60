"""The emergency side of the worker (huey, ``govdesk run_huey``): the minute scan.
Deliveries themselves are the pipeline's (``notifications.tasks``)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from govdesk.emergencies import services


@db_periodic_task(crontab(minute="*"))
def scan() -> None:
    """Every minute: escalate unacknowledged alerts and remind units of reports due."""
    services.escalate_unacknowledged()
    services.remind_due()
