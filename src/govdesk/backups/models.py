from django.db import models

from govdesk.lib import clock


class Trigger(models.TextChoices):
    MANUAL = "manual", "手动"
    SCHEDULED = "scheduled", "定时"
    BEFORE_RESTORE = "before_restore", "恢复前"


class Backup(models.Model):
    """One archive made (or restored from) on this system: what the change log points at.

    The archive files in the backup directory are the truth; a restore replaces this
    table with the archive's copy, then adds the row of the archive it came from."""

    name = models.CharField("文件名", max_length=100, unique=True)
    created_at = models.DateTimeField("备份时间", default=clock.now)
    trigger = models.CharField("方式", max_length=16, choices=Trigger.choices)
    size = models.PositiveBigIntegerField("大小")
    sha256 = models.CharField("SHA-256 校验值", max_length=64)

    class Meta:
        verbose_name = verbose_name_plural = "备份"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name
