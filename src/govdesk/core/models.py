"""The shared plumbing's rows. They moved here from ``web`` and ``annotations`` with
state-only migrations: each keeps its table (``db_table``), so no data moved."""

import uuid

from django.conf import settings
from django.db import models

from govdesk.lib import clock


class RequestKey(models.Model):
    """A request already handled, so a double click, a resent POST or an API retry is
    not acted on twice: the repeat gets the first one's ``result``. The result is
    written in the transaction of the work itself (``govdesk.core.idempotency``); an
    empty result is a claim, taken over by a retry once it is older than the claim
    timeout (its request died before committing)."""

    key = models.UUIDField(primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=300)
    result = models.CharField(max_length=500, blank=True)
    claimed_at = models.DateTimeField(default=clock.now, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "表单提交记录"
        db_table = "web_requestkey"  # moved from the web app without moving data

    def __str__(self) -> str:
        return f"{self.key} {self.path}"


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
        db_table = "web_export"  # moved from the web app without moving data
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name or self.kind


class CalendarDay(models.Model):
    """A day an administrator entered for a year the holiday package does not know:
    a holiday (not working) or an adjusted working weekend day (调休上班). Entering any
    day of a year marks that year as known; its other days follow the week."""

    day = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("上班", default=False)
    note = models.CharField("说明", max_length=50, blank=True, help_text="如：国庆节、调休上班")

    class Meta:
        verbose_name = verbose_name_plural = "节假日安排"
        db_table = "annotations_calendarday"  # moved from annotations without moving data
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {'上班' if self.is_workday else '休息'} {self.note}"
