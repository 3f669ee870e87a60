from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from govdesk.lib import clock

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
