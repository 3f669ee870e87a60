"""Issued notices (通报): a notice of a period saved with its 文号 and frozen, so what
the office sent out stays as sent even when the ledger or duty records change later."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from govdesk.lib import clock
from govdesk.units.models import Unit, UnitKind


class Kind(models.TextChoices):
    SCORING_MONTH = "scoring_month", "月度信息通报"
    SCORING_QUARTER = "scoring_quarter", "季度信息通报"
    SCORING_YEAR = "scoring_year", "年度信息通报"
    DUTY_MONTH = "duty_month", "月度值班抽查通报"


SCORING_KINDS = {Kind.SCORING_MONTH, Kind.SCORING_QUARTER, Kind.SCORING_YEAR}


class State(models.TextChoices):
    DRAFT = "draft", "草稿"
    ISSUED = "issued", "已签发"
    WITHDRAWN = "withdrawn", "已撤回"


# What issuing fixes for good; only the state and the withdrawal fields change later.
FROZEN_FIELDS = ("doc_number", "doc_year", "title", "content", "docx", "xlsx", "issued_at")


class Circular(models.Model):
    office = models.ForeignKey(
        Unit,
        verbose_name="发文单位",
        on_delete=models.PROTECT,
        related_name="circulars",
        limit_choices_to={"kind": UnitKind.OFFICE},
    )
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    # The scheme the scoring figures come from; duty notices have none.
    scheme = models.ForeignKey(
        "scoring.Scheme",
        verbose_name="考核方案",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    period_start = models.DateField("期间起")
    period_end = models.DateField("期间止")
    period_number = models.PositiveSmallIntegerField("期间序号", default=0)
    period_label = models.CharField("期间", max_length=40)
    doc_number = models.CharField("文号", max_length=50)
    # The year of the 文号 (〔2026〕): the year it was issued, which numbers restart in.
    doc_year = models.PositiveSmallIntegerField("文号年度", null=True, blank=True)
    title = models.CharField("标题", max_length=200)
    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.DRAFT)
    content = models.JSONField("签发时内容", default=dict, blank=True)
    docx = models.BinaryField("Word 文件", default=b"")
    xlsx = models.BinaryField("Excel 文件", default=b"")
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="拟稿人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="为空表示由系统在每月第一个工作日自动生成",
    )
    prepared_at = models.DateTimeField("拟稿时间", default=clock.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="签发人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField("签发时间", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="撤回人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdraw_reason = models.CharField("撤回原因", max_length=500, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "通报"
        ordering = ["-period_start", "kind", "-pk"]
        constraints = [
            # A 文号 once issued stays taken, even after the notice is withdrawn.
            models.UniqueConstraint(
                fields=["office", "doc_year", "doc_number"],
                condition=~Q(state="draft"),
                name="circular_number_unique_per_office_year",
                violation_error_message="该文号本年度已使用，请更换文号。",
            ),
            models.UniqueConstraint(
                fields=["office", "kind", "period_start", "period_end"],
                condition=Q(state="draft"),
                name="one_circular_draft_per_period",
            ),
            models.UniqueConstraint(
                fields=["office", "kind", "period_start", "period_end"],
                condition=Q(state="issued"),
                name="one_issued_circular_per_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.doc_number} {self.title}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values("state", *FROZEN_FIELDS).first()
            if stored and stored["state"] != State.DRAFT:
                changed = [
                    f for f in FROZEN_FIELDS if _plain(getattr(self, f)) != _plain(stored[f])
                ]
                if changed:
                    raise ValueError("已签发的通报不能修改，只能撤回。")
        super().save(*args, **kwargs)

    @property
    def is_scoring(self) -> bool:
        return self.kind in SCORING_KINDS


def _plain(value):
    # BinaryField values come back from the database as memoryview on PostgreSQL.
    return bytes(value) if isinstance(value, memoryview) else value
