"""The worker prepares last month's draft notices (see ``services.monthly_drafts``);
``govdesk prepare_circulars`` does the same by hand."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from govdesk.circulars import services
from govdesk.lib import clock


# Hourly rather than once: a worker that was down at the first run of the first working
# day catches up at the next; preparing is idempotent.
@db_periodic_task(crontab(minute="7"))
def monthly_drafts() -> int:
    return len(services.monthly_drafts(today=timezone.localdate(clock.now())))
