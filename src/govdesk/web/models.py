import uuid

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


class ExportState(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "生成中"
    READY = "ready", "可下载"
    FAILED = "failed", "生成失败"


def _export_path(export, filename: str) -> str:
    return f"exports/{export.user_id}/{export.token}.xlsx"


class Export(models.Model):
    """A large list export built by the worker: what was asked (the list ``kind`` and
    its query string), its state, and the file until ``expires_at``."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="导出人", on_delete=models.CASCADE, related_name="+"
    )
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField("列表", max_length=40)
    params = models.JSONField("筛选条件", default=dict, blank=True)
    name = models.CharField("文件名", max_length=200, blank=True)
    rows = models.PositiveIntegerField("行数", default=0)
    state = models.CharField(
        "状态", max_length=8, choices=ExportState.choices, default=ExportState.QUEUED
    )
    error = models.CharField("失败原因", max_length=300, blank=True)
    file = models.FileField("文件", upload_to=_export_path, max_length=200, blank=True)
    created_at = models.DateTimeField("申请时间", default=clock.now, db_index=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    expires_at = models.DateTimeField("保留至", null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "导出文件"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name or self.kind
