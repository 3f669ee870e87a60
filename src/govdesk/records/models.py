import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from govdesk.lib import clock
from govdesk.records.workbook import Problem

# What an import counts, in the order people read it.
COUNT_LABELS = {
    "units": "单位",
    "categories": "考核类别",
    "people": "账号",
    "memberships": "角色",
    "schemes": "考核方案",
    "targets": "年度目标",
    "items": "信息",
    "adoptions": "采用",
    "annotations": "批示",
    "penalties": "扣分",
    "solicitations": "约稿",
    "responses": "约稿回应",
    "combined": "合编稿",
}


def counts_summary(counts: dict[str, int]) -> str:
    """ "单位 1 条、信息 20 条": the non-zero counts in reading order."""
    parts = [f"{label} {counts[key]} 条" for key, label in COUNT_LABELS.items() if counts.get(key)]
    return "、".join(parts) or "没有新增记录"


class ImportBatch(models.Model):
    """One applied import of past records (往年台账): who brought it in, from which file,
    and how many rows of each kind it created."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,  # a command run by the system
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("导入时间", default=clock.now)
    file_name = models.CharField("文件名", max_length=200, blank=True)
    counts = models.JSONField("导入条数", default=dict)

    class Meta:
        verbose_name = verbose_name_plural = "台账导入记录"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name or '往年台账'}（{self.created_at:%Y-%m-%d %H:%M}）"

    @property
    def summary(self) -> str:
        return counts_summary(self.counts)


class ImportedRecord(models.Model):
    """The source marker: this row was brought in from another system by ``batch``,
    under the old system's number ``source_key``; everything else about it is ordinary."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="records")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    source_key = models.CharField("原系统编号", max_length=50, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "导入的记录"
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="imported_once_per_object"
            )
        ]

    def __str__(self) -> str:
        return f"{self.content_type.name} {self.object_id}（{self.batch}）"


class RunState(models.TextChoices):
    QUEUED = "queued", "排队等待检查"
    CHECKING = "checking", "正在检查"
    CHECKED = "checked", "检查通过，待导入"
    PROBLEMS = "problems", "发现问题，未导入"
    APPLY_QUEUED = "apply_queued", "排队等待导入"
    APPLYING = "applying", "正在导入"
    APPLIED = "applied", "已导入"
    FAILED = "failed", "处理中断，未导入"


# The worker holds these; one found in them past its lease has lost its worker.
RUNNING_STATES = (RunState.CHECKING, RunState.APPLYING)
WAITING_STATES = (RunState.QUEUED, RunState.APPLY_QUEUED, *RUNNING_STATES)


def _run_path(run, filename: str) -> str:
    return f"records/{run.token}.{filename.rsplit('.', 1)[-1].lower()}"


class ImportRun(models.Model):
    """One uploaded records file on its way through the worker: checked (dry run), then,
    when the person confirms, applied all or nothing. ``attempt`` counts the worker's
    claims of the current step (check, then apply), so a worker that outlived its
    lease cannot commit over a retry."""

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("上传时间", default=clock.now, db_index=True)
    file = models.FileField("文件", upload_to=_run_path, max_length=200)
    file_name = models.CharField("文件名", max_length=200)
    state = models.CharField(
        "状态", max_length=16, choices=RunState.choices, default=RunState.QUEUED, db_index=True
    )
    attempt = models.PositiveSmallIntegerField("处理次数", default=0)
    started_at = models.DateTimeField("本次开始", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    problems = models.JSONField("问题", default=list, blank=True)
    counts = models.JSONField("条数", default=dict, blank=True)
    error = models.CharField("中断原因", max_length=300, blank=True)
    batch = models.OneToOneField(
        ImportBatch,
        verbose_name="导入记录",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="run",
    )

    class Meta:
        verbose_name = verbose_name_plural = "台账导入任务"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name}（{self.get_state_display()}）"

    @property
    def summary(self) -> str:
        return counts_summary(self.counts)

    @property
    def waiting(self) -> bool:
        return self.state in WAITING_STATES

    @property
    def problem_lines(self) -> list[str]:
        return [str(Problem(*p)) for p in self.problems]
