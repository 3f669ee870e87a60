from django.conf import settings
from django.db import models

from govdesk.lib import clock
from govdesk.units.models import Unit


class PenaltyKind(models.TextChoices):
    """Reporting failures the seeds deduct for (范文2 第8条: 漏报、误报、迟报、不实)."""

    MISSED = "missed", "漏报"
    LATE = "late", "迟报"
    WRONG = "wrong", "误报"
    UNTRUE = "untrue", "不实信息"


class LearnedFrom(models.TextChoices):
    SYSTEM = "system", "系统自动判定"
    MEDIA = "media", "媒体报道"
    SUPERIOR = "superior", "上级通报"
    PUBLIC = "public", "群众反映"
    OTHER = "other", "其他"


class Penalty(models.Model):
    """A reporting failure charged to a unit; the scheme in force decides its points."""

    unit = models.ForeignKey(
        Unit, verbose_name="责任单位", on_delete=models.PROTECT, related_name="penalties"
    )
    kind = models.CharField("类型", max_length=16, choices=PenaltyKind.choices)
    item = models.ForeignKey(
        "items.Item",
        verbose_name="相关信息",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="penalties",
    )
    occurred_on = models.DateField("发生日期", db_index=True)
    learned_from = models.CharField(
        "获知途径", max_length=16, choices=LearnedFrom.choices, default=LearnedFrom.OTHER
    )
    serious_impact = models.BooleanField("造成重大影响", default=False)
    description = models.TextField("情况说明")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="记录人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="为空表示系统自动记录（如紧急信息迟报）",
    )
    recorded_at = models.DateTimeField("记录时间", default=clock.now)
    withdrawn = models.BooleanField("已撤销", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "报送失误记录"
        ordering = ["-occurred_on", "-id"]

    def __str__(self) -> str:
        return f"{self.unit} {self.get_kind_display()} {self.occurred_on}"
