from django.conf import settings
from django.db import models

from govdesk.lib import clock


class RequestKey(models.Model):
    """A request already handled, so a double click, a resent POST or an API retry is
    not acted on twice: the repeat gets the first one's ``result``. The result is
    written in the transaction of the work itself (``govdesk.web.idempotency``); an
    empty result is a claim, taken over by a retry once it is older than the claim
    timeout (its request died before committing)."""

    key = models.UUIDField(primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=300)
    result = models.CharField(max_length=500, blank=True)
    claimed_at = models.DateTimeField(default=clock.now, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "表单提交记录"

    def __str__(self) -> str:
        return f"{self.key} {self.path}"


class WorkerHeartbeat(models.Model):
    """When a background worker host last proved it runs periodic tasks (/healthz)."""

    host = models.CharField("主机", max_length=255, primary_key=True)
    beat_at = models.DateTimeField("心跳时间")

    class Meta:
        verbose_name = verbose_name_plural = "后台任务心跳"

    def __str__(self) -> str:
        return f"{self.host} {self.beat_at:%Y-%m-%d %H:%M:%S}"
