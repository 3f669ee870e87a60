"""The worker's share of exports: build each requested one, purge old files hourly."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from govdesk.web.services import export_build, exports_purge


@db_task()
def export_build_task(export_id: int) -> None:
    export_build(export_id=export_id)


@db_periodic_task(crontab(minute="7"))
def exports_purge_task() -> int:
    return exports_purge()
