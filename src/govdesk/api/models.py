"""The API's call log: one compact row per call (who, which endpoint, the result, how
long), kept for ``GOVDESK_API_CALL_RETENTION_DAYS``. It is not the change log: reads
are logged too, and rows are purged by the worker."""

from django.conf import settings
from django.db import models

from govdesk.lib import clock


class ApiCall(models.Model):
    at = models.DateTimeField("时间", default=clock.now)
    client = models.ForeignKey(
        "accounts.ApiClient",
        verbose_name="客户端",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calls",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="调用用户",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The token called with: a personal token's rate is counted by it.
    token = models.ForeignKey(
        "accounts.ApiToken",
        verbose_name="接口令牌",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    method = models.CharField("方法", max_length=7)
    endpoint = models.CharField("接口", max_length=120)
    status = models.PositiveSmallIntegerField("结果")
    duration_ms = models.PositiveIntegerField("耗时（毫秒）")

    class Meta:
        verbose_name = verbose_name_plural = "接口调用记录"
        ordering = ["-at", "-id"]
        indexes = [
            # A client's calls page and its per-minute rate count.
            models.Index(fields=["client", "at"], name="api_call_by_client"),
            models.Index(fields=["token", "at"], name="api_call_by_token"),  # its rate
            models.Index(fields=["at"], name="api_call_by_time"),  # the retention purge
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.endpoint} {self.status}"
