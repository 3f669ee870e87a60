"""The background worker: huey tasks, run by ``govdesk run_huey``.

Embedded mode keeps the queue in a SQLite file in GOVDESK_VAR_DIR; scale mode
(GOVDESK_REDIS_URL) keeps it in Redis for several worker processes. Queued work is
only ever a delivery id or a scan: the database holds the state, so a task lost
with a killed worker is picked up again by the next scan.
"""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from govdesk.emergencies import delivery, services


@db_task()
def deliver(delivery_id: int) -> None:
    delay = delivery.attempt(delivery_id=delivery_id)
    if delay is not None:
        deliver.schedule((delivery_id,), delay=delay)


@db_periodic_task(crontab(minute="*"))
def scan() -> None:
    """Every minute: escalate unacknowledged alerts, remind units of reports due,
    and (re)queue deliveries that are due or whose worker died."""
    services.escalate_unacknowledged()
    services.remind_due()
    for delivery_id in delivery.due_for_sweep():
        deliver(delivery_id)
