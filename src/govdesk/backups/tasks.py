"""The worker's daily backup (GOVDESK_BACKUP_HOUR, local time) with retention."""

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from govdesk.backups import services
from govdesk.backups.archive import BackupError
from govdesk.lib import clock

log = logging.getLogger(__name__)


# Hourly rather than once a day: a worker that was down at the backup hour makes the
# day's backup at its next run (services.backup_due).
@db_periodic_task(crontab(minute="0"))
def daily_backup() -> str | None:
    try:
        made = services.backup_scheduled(now=clock.now())
    except BackupError as error:
        log.error("定时备份失败：%s", error)
        raise
    return made.path.name if made else None
