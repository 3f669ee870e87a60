"""Scoring: schemes (考核方案) as rows, the ledger (计分明细) they produce, and the
reporting failures (报送失误) they deduct for. The engine that turns events into
ledger lines is ``engine.py``; ``ledger.py`` stores its output."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from govdesk.lib import clock
from govdesk.units.models import Level, Unit, UnitKind

POINTS = {"max_digits": 8, "decimal_places": 1}


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


class Combination(models.TextChoices):
    CUMULATIVE = "cumulative", "累计算分（各级采用分别计分）"
    HIGHEST = "highest", "就高不就低（同条信息只计最高采用分值，加分另计）"


class CombinedCredit(models.TextChoices):
    EACH = "each", "每家单位各按全额计分"
    SHARED = "shared", "各单位均分该条分值"


class SchemeStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    IN_FORCE = "in_force", "执行中"


class Scheme(models.Model):
    """An office's assessment scheme for one year; its rules, targets and settings
    are rows, so an office changes them in the admin without code."""

    office = models.ForeignKey(
        Unit,
        verbose_name="考核单位",
        on_delete=models.PROTECT,
        related_name="schemes",
        limit_choices_to={"kind": UnitKind.OFFICE},
    )
    year = models.PositiveSmallIntegerField("考核年度")
    name = models.CharField("方案名称", max_length=100)
    status = models.CharField(
        "状态", max_length=16, choices=SchemeStatus.choices, default=SchemeStatus.DRAFT
    )
    combination = models.CharField("多级采用计分方式", max_length=16, choices=Combination.choices)
    propagate_direct_reports = models.BooleanField(
        "直报点得分计入所在县和对口部门",
        default=False,
        help_text="基层信息直报点的每条计分同时计入其所在县（市、区）政府办公室和对口上级部门",
    )
    quarter_shares = models.JSONField(
        "季度目标分解（%）",
        default=list,
        blank=True,
        help_text="四个季度各占年度目标的百分比，如 [25, 25, 25, 25]；为空表示不分季度考核",
    )
    rank_by_category = models.BooleanField(
        "按类别分组排名", default=False, help_text="不选时只按单位类型（乡镇、部门……）分组"
    )
    mandatory_publications = models.JSONField(
        "必采刊物",
        default=list,
        blank=True,
        help_text='每个单位全年须至少被其中一种刊物采用1条，如 ["专报信息", "工作交流"]',
    )
    combined_credit = models.CharField(
        "综合信息计分",
        max_length=16,
        choices=CombinedCredit.choices,
        default=CombinedCredit.EACH,
        help_text="一篇综合信息合编多家单位的信息时，各单位的计分方式",
    )
    weekly_min_items = models.PositiveSmallIntegerField(
        "每周基础分报送条数",
        default=2,
        help_text="一周内报送不少于此数的单位得“每周报送基础分”规则的分值（无该规则则不计）",
    )
    missed_solicitations_limit = models.PositiveSmallIntegerField(
        "未完成约稿清零次数",
        default=0,
        help_text=(
            "全年未按时完成约稿达到此数的单位全年得分清零（须有“约稿未完成清零”规则）；0 表示不适用"
        ),
    )
    quota_items_per_officer = models.PositiveSmallIntegerField(
        "每名信息员全年报送条数", default=0, help_text="0 表示不考核"
    )
    quota_adoption_rate = models.DecimalField(
        "采用率下限（%）", max_digits=4, decimal_places=1, null=True, blank=True
    )
    quota_portal_per_month = models.PositiveSmallIntegerField(
        "每月主动公开信息条数",
        default=0,
        help_text=(
            "0 表示不考核；有“门户网站月度达标分”规则时，当月网站发布达此数的单位得该规则分值，"
            "否则只标注是否达标"
        ),
    )
    source = models.CharField("依据", max_length=300, blank=True)
    # Set by a rebuild: from then on the month summaries (UnitMonth) are complete and
    # kept current with the ledger, and rankings of whole months read them.
    summarised = models.BooleanField("已生成月度汇总", default=False, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "考核方案"
        ordering = ["-year", "office__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "year"],
                condition=Q(status="in_force"),
                name="one_scheme_in_force_per_office_year",
                violation_error_message="该办公室本年度已有执行中的考核方案，请先将其改为草稿。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.name}"


class RuleKind(models.TextChoices):
    ADOPTION = "adoption", "采用计分"
    RESEARCH = "research", "调研类加分"
    ANNOTATION = "annotation", "领导批示加分"
    SOLICITED = "solicited", "约稿采用加分"
    FORWARD = "forward", "转报加分"
    PENALTY = "penalty", "报送失误扣分"
    QUARTER_MISS = "quarter_miss", "未完成季度目标扣分"
    WEEKLY = "weekly", "每周报送基础分"
    ZEROED = "zeroed", "约稿未完成清零"
    PORTAL = "portal", "门户网站月度达标分"


class Rule(models.Model):
    """One priced event. Blank match fields match anything; of several matching rules
    of one kind the most specific (most filled match fields) wins.

    ``level`` is the adopting publication's level (adoption, research, solicited),
    the leader's level (annotation) or the receiving office's level (forward)."""

    scheme = models.ForeignKey(
        Scheme, verbose_name="考核方案", on_delete=models.CASCADE, related_name="rules"
    )
    kind = models.CharField("规则类型", max_length=16, choices=RuleKind.choices)
    level = models.PositiveSmallIntegerField("层级", choices=Level.choices, null=True, blank=True)
    publication = models.CharField(
        "刊物名称", max_length=50, blank=True, help_text="不含书名号；批示规则指被批示信息所在刊物"
    )
    column = models.CharField("栏目名称", max_length=50, blank=True)
    adoption_kind = models.CharField("采用类型", max_length=16, blank=True)
    penalty_kind = models.CharField(
        "失误类型", max_length=16, choices=PenaltyKind.choices, blank=True
    )
    serious_only = models.BooleanField("仅限造成重大影响的", default=False)
    points = models.DecimalField("分值", **POINTS)
    label = models.CharField("规则说明", max_length=100)
    source = models.CharField("依据", max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "计分规则"
        ordering = ["scheme", "kind", "-level", "publication", "column", "id"]

    def __str__(self) -> str:
        return self.label


class Target(models.Model):
    """Annual target points (全年考核积分指标) for the units of a kind and/or category."""

    scheme = models.ForeignKey(
        Scheme, verbose_name="考核方案", on_delete=models.CASCADE, related_name="targets"
    )
    unit_kind = models.CharField("单位类型", max_length=16, choices=UnitKind.choices, blank=True)
    category = models.CharField("考核类别", max_length=16, blank=True)
    points = models.DecimalField("全年目标分值", **POINTS)
    source = models.CharField("依据", max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "考核目标"
        ordering = ["scheme", "unit_kind", "category"]

    def __str__(self) -> str:
        who = " ".join(x for x in [self.get_unit_kind_display(), self.category] if x) or "全部"
        return f"{who}：{self.points}分"


class PointCounty(models.Model):
    """The county a grassroots direct-report point (基层信息直报点) lies in. The point
    reports straight to the city office, so the unit tree does not say it."""

    point = models.OneToOneField(
        Unit,
        verbose_name="基层信息直报点",
        on_delete=models.CASCADE,
        related_name="scoring_county",
        limit_choices_to={"kind": UnitKind.GRASSROOTS},
    )
    county = models.ForeignKey(
        Unit,
        verbose_name="所在县（市、区）政府办公室",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": UnitKind.OFFICE},
    )

    class Meta:
        verbose_name = verbose_name_plural = "直报点所在县"

    def __str__(self) -> str:
        return f"{self.point} → {self.county}"


class LedgerLine(models.Model):
    """One line of a unit's score (计分明细): which event, under which rule, how many
    points. Written only by ``ledger.py`` from the engine's output."""

    # Fewer indexes, faster rebuilds: the scheme is the head of the two composite
    # indexes below; rule, adoption, annotation and source point are never searched
    # by (only the rare cascade of a deleted row scans for them).
    scheme = models.ForeignKey(
        Scheme,
        verbose_name="考核方案",
        on_delete=models.CASCADE,
        related_name="lines",
        db_index=False,
    )
    unit = models.ForeignKey(
        Unit, verbose_name="计分单位", on_delete=models.PROTECT, related_name="ledger_lines"
    )
    # Lines are derived rows: whatever they point at may go, a rebuild restores them.
    rule = models.ForeignKey(
        Rule, verbose_name="规则", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    points = models.DecimalField("分值", **POINTS)
    on = models.DateField("计分日期")
    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("月份")
    level = models.PositiveSmallIntegerField("层级", choices=Level.choices, null=True)
    # The chain of forwards the event belongs to: recomputed together.
    origin = models.ForeignKey("items.Item", null=True, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(
        "items.Item", verbose_name="信息", null=True, on_delete=models.CASCADE, related_name="+"
    )
    adoption = models.ForeignKey(
        "publications.Adoption",
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    annotation = models.ForeignKey(
        "annotations.Annotation",
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    penalty = models.ForeignKey(Penalty, null=True, on_delete=models.CASCADE, related_name="+")
    propagated_from = models.ForeignKey(
        Unit,
        verbose_name="来自直报点",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    cause = models.CharField("计分事由", max_length=200)
    note = models.CharField("说明", max_length=200, blank=True)
    # Set by engine.with_prior_adoptions: with these the ranking counts adopted items
    # with plain filtered counts (distinct counts cost most of its time).
    prior_adoption_on = models.DateField("此前采用日期", null=True)
    prior_level_adoption_on = models.DateField("此前同级采用日期", null=True)

    class Meta:
        verbose_name = verbose_name_plural = "计分明细"
        ordering = ["on", "id"]
        indexes = [
            models.Index(fields=["scheme", "unit", "on"]),
            models.Index(fields=["scheme", "on"]),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.on} {self.cause} {self.points}"


class UnitMonth(models.Model):
    """A unit's month under a scheme in force: the sums of its ledger lines and the
    items it sent the office, kept current with its lines (``ledger.refresh_months``)
    so rankings of whole months read some 12 rows per unit instead of every line."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    month = models.PositiveSmallIntegerField("月份")
    points = models.DecimalField("得分", **POINTS)
    submitted = models.PositiveIntegerField("报送条数", default=0)
    # Of those, the items adopted whenever: the 采用率's numerator without reading items.
    sent_adopted = models.PositiveIntegerField("报送已采用条数", default=0)
    annotations = models.PositiveIntegerField("批示条数", default=0)
    quarter_misses = models.PositiveSmallIntegerField("季度扣分", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "单位月度汇总"
        constraints = [
            models.UniqueConstraint(fields=["scheme", "unit", "month"], name="unit_month_once")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.month}月 {self.points}"


class UnitMonthAdoptions(models.Model):
    """Adoption lines of a unit's month at a level, by the month of the unit's
    previous adoption line of the item (``prior_month``) and of the item at that level
    (``prior_level_month``; 0: none). A period of whole months from M counts, among
    its months' rows, those whose prior month is before M: the item's first adoption
    line in the period (see ``engine.with_prior_adoptions``)."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    month = models.PositiveSmallIntegerField("月份")
    level = models.PositiveSmallIntegerField("层级", choices=Level.choices, null=True)
    prior_month = models.PositiveSmallIntegerField("此前采用月份")
    prior_level_month = models.PositiveSmallIntegerField("此前同级采用月份")
    count = models.PositiveIntegerField("条数")

    class Meta:
        verbose_name = verbose_name_plural = "单位月度采用汇总"
        indexes = [models.Index(fields=["scheme", "month"])]

    def __str__(self) -> str:
        return f"{self.unit} {self.month}月 采用{self.count}条"
