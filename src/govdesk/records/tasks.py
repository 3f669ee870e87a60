"""The records import's background work (huey, run by ``govdesk run_huey``): checking
and applying uploaded files, and taking back runs whose worker died."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from govdesk.records.runs import import_run_work, import_runs_recover


@db_task()
def import_run_task(run_id: int) -> None:
    import_run_work(run_id=run_id)


@db_periodic_task(crontab(minute="*/5"))
def import_runs_recover_task() -> int:
    return import_runs_recover()
