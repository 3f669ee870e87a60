"""The one append-only change log: audit trail, item history and (later) notification source."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from govdesk.lib import clock


class Change(models.Model):
    """Who did what to which object, when, and what it was before and after.

    Rows are written by ``govdesk.audit.services.record`` only and never updated
    or deleted: ``save`` refuses an update and ``delete`` refuses outright. Each row
    carries the digest of the one before it and its own (``govdesk.audit.chain``), so
    an edit made behind the application's back shows in ``govdesk audit verify``.
    Events about no stored object (a failed login with an unknown user name) have no
    target.
    """

    at = models.DateTimeField("时间", default=clock.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField("操作", max_length=48, db_index=True)
    target_type = models.ForeignKey(
        ContentType,
        verbose_name="对象类型",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_id = models.PositiveBigIntegerField("对象编号", null=True, blank=True)
    summary = models.CharField("摘要", max_length=500)
    details = models.JSONField("详情", default=dict, blank=True)
    prev_digest = models.CharField("前一条摘要值", max_length=64, blank=True, editable=False)
    digest = models.CharField("摘要值", max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "操作日志"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.summary}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("操作日志只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("操作日志只能追加，不能删除。")
