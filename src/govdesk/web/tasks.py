"""The web app's background work (huey, run by ``govdesk run_huey``): the worker's
heartbeat, purging idempotency keys, and building and purging large exports."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, on_startup

from govdesk.web import health, idempotency
from govdesk.web.services import export_build, exports_purge


@on_startup()
def first_heartbeat() -> None:
    """A worker that just started is healthy at once, not after its first minute."""
    health.heartbeat()


@db_periodic_task(crontab(minute="*"))
def heartbeat() -> None:
    health.heartbeat()


@db_periodic_task(crontab(minute="17"))
def purge_request_keys() -> None:
    idempotency.purge()


@db_task()
def export_build_task(export_id: int) -> None:
    export_build(export_id=export_id)


@db_periodic_task(crontab(minute="7"))
def exports_purge_task() -> int:
    return exports_purge()
