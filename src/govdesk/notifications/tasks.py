"""The worker's side of the one pipeline (huey, ``govdesk run_huey``).

Embedded mode keeps the queue in a SQLite file in GOVDESK_VAR_DIR; scale mode
(GOVDESK_REDIS_URL) keeps it in Redis for several worker processes. Queued work is
only ever delivery ids or a scan: the database holds the state, so a task lost
with a killed worker is picked up again by the next sweep. ``govdesk
send_reminders`` does by hand what ``reminders`` does every ten minutes.
"""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from govdesk.notifications import delivery, digests
from govdesk.notifications.reminders import send_reminders

# Deliveries per task from the sweep: a backlog spreads over the worker threads, and
# a batch's last delivery is sent well within its lease.
SWEEP_BATCH = 20
# Ahead of every other task (huey's default priority is 0): a burst of reports also
# queues a search-index task each, and an alert must not wait behind them.
PRIORITY = 100


@db_task(priority=PRIORITY)
def deliver(*delivery_ids: int) -> None:
    """One task per message (``services.queue``), not per delivery: a burst of alerts
    costs the queue a third of the tasks, and the batch one claim."""
    for delivery_id, delay in delivery.attempts(delivery_ids=delivery_ids).items():
        deliver.schedule((delivery_id,), delay=delay)


@db_periodic_task(crontab(minute="*"))
def sweep() -> None:
    """Every minute: (re)queue deliveries that are due or whose worker died."""
    due = delivery.due_for_sweep()
    for start in range(0, len(due), SWEEP_BATCH):
        deliver(*due[start : start + SWEEP_BATCH])


@db_periodic_task(crontab(minute="*/10"))
def reminders() -> int:
    return send_reminders()


@db_periodic_task(crontab(minute="0", hour="*"))
def daily_digests() -> int:
    """Every hour; each person who chose a digest gets one a day, at or after
    GOVDESK_DIGEST_HOUR local time."""
    return digests.send_due()
