"""The worker sends reminders on its own; ``govdesk send_reminders`` does the same by hand.
Each reminder goes out once however often this runs."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from govdesk.notifications.reminders import send_reminders


@db_periodic_task(crontab(minute="*/10"))
def reminders() -> int:
    return send_reminders()
