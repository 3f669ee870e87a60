"""The web app's background work (huey, run by ``govdesk run_huey``): the worker's
heartbeat (idempotency keys and exports: ``govdesk.core.tasks``)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, on_startup

from govdesk.web import health


@on_startup()
def first_heartbeat() -> None:
    """A worker that just started is healthy at once, not after its first minute."""
    health.heartbeat()


@db_periodic_task(crontab(minute="*"))
def heartbeat() -> None:
    health.heartbeat()
