from django.db import models


class WorkerHeartbeat(models.Model):
    """When a background worker host last proved it runs periodic tasks (/healthz)."""

    host = models.CharField("主机", max_length=255, primary_key=True)
    beat_at = models.DateTimeField("心跳时间")

    class Meta:
        verbose_name = verbose_name_plural = "后台任务心跳"

    def __str__(self) -> str:
        return f"{self.host} {self.beat_at:%Y-%m-%d %H:%M:%S}"
