"""The shared plumbing's background work (huey, run by ``govdesk run_huey``): purging
idempotency keys, and building and purging large exports."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from govdesk.core import idempotency
from govdesk.core.services import export_build, exports_purge


@db_periodic_task(crontab(minute="17"))
def purge_request_keys() -> None:
    idempotency.purge()


@db_task()
def export_build_task(export_id: int) -> None:
    export_build(export_id=export_id)


@db_periodic_task(crontab(minute="7"))
def exports_purge_task() -> int:
    return exports_purge()
