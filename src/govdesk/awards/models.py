"""Awards (评先评优) as data: per scheme and year, awards made of criteria the system
evaluates from its own records (``evaluation.py``), the editors' attestations for
what it cannot know, the chief editor's overrides and the confirmed list."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from govdesk.lib import clock
from govdesk.scoring.models import Scheme
from govdesk.units.models import Unit


class Subject(models.TextChoices):
    UNIT = "unit", "单位"
    OFFICER = "officer", "个人"


class Award(models.Model):
    """One award of a scheme's year; awards are decided in ``position`` order, so an
    exclusion criterion can read the winners of the awards before it."""

    scheme = models.ForeignKey(
        Scheme, verbose_name="考核方案", on_delete=models.CASCADE, related_name="awards"
    )
    code = models.SlugField("代码", max_length=40)
    name = models.CharField("奖项名称", max_length=100)
    subject = models.CharField("评选对象", max_length=16, choices=Subject.choices)
    position = models.PositiveSmallIntegerField("评定顺序", default=0)
    source = models.CharField("依据", max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "评先奖项"
        ordering = ["scheme", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="award_code_per_scheme")
        ]

    def __str__(self) -> str:
        return f"{self.scheme.year}年{self.name}"


class CriterionKind(models.TextChoices):
    TARGET = "target", "完成（超额完成）全年目标"
    ADOPTIONS = "adoptions", "上级采用或领导批示条数"
    MONTHLY_ADOPTION = "monthly_adoption", "每月有采用或批示"
    MONTHLY_SUBMISSION = "monthly_submission", "每月有报送（连续性）"
    RANK = "rank", "组内排名"
    NO_FAILURES = "no_failures", "无漏报、迟报、误报"
    SOLICITATIONS = "solicitations", "按时完成约稿"
    FEEDBACK = "feedback", "批示办理反馈完成"
    BODY_TEXT = "body_text", "以正文形式报送"
    MANDATORY = "mandatory", "必采刊物采用"
    NO_ZERO_QUARTER = "no_zero_quarter", "无季度得分为零"
    RANK_RISE = "rank_rise", "排名同比上升"
    NOT_AWARDED = "not_awarded", "未获更高奖项"
    OFFICER_ROUTE = "officer_route", "先进个人推荐条件"
    OFFICER_ADOPTIONS = "officer_adoptions", "个人信息被采用"
    ATTESTED = "attested", "编辑核实"


class Criterion(models.Model):
    """One condition of an award. ``params`` holds its numbers (see ``evaluation.py``
    for each kind's keys), so an office changes them in the admin without code."""

    award = models.ForeignKey(
        Award, verbose_name="奖项", on_delete=models.CASCADE, related_name="criteria"
    )
    kind = models.CharField("条件类型", max_length=24, choices=CriterionKind.choices)
    params = models.JSONField("参数", default=dict, blank=True)
    label = models.CharField("条件", max_length=200)
    position = models.PositiveSmallIntegerField("顺序", default=0)
    source = models.CharField("依据", max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "评选条件"
        ordering = ["award", "position", "id"]

    def __str__(self) -> str:
        return self.label


class AboutSubject(models.Model):
    """Who a check or a decision is about: a unit, or one of its officers."""

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="个人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True


class Attestation(AboutSubject):
    """An editor's word on a criterion the records cannot show (e.g. 配备专职信息工作人员)."""

    criterion = models.ForeignKey(
        Criterion, verbose_name="条件", on_delete=models.CASCADE, related_name="attestations"
    )
    met = models.BooleanField("符合")
    note = models.CharField("核实说明", max_length=300)
    attested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="核实人", on_delete=models.PROTECT, related_name="+"
    )
    attested_at = models.DateTimeField("核实时间", default=clock.now)

    class Meta:
        verbose_name = verbose_name_plural = "条件核实"
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "unit", "officer"], name="one_attestation_per_subject"
            ),
            models.UniqueConstraint(
                fields=["criterion", "unit"],
                condition=Q(officer=None),
                name="one_attestation_per_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}：{'符合' if self.met else '不符合'}"


class Override(AboutSubject):
    """The chief editor's decision against (or to settle) the system's proposal."""

    award = models.ForeignKey(
        Award, verbose_name="奖项", on_delete=models.CASCADE, related_name="overrides"
    )
    granted = models.BooleanField("授予")
    reason = models.CharField("理由", max_length=300)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="决定人", on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("决定时间", default=clock.now)

    class Meta:
        verbose_name = verbose_name_plural = "主编调整"
        constraints = [
            models.UniqueConstraint(
                fields=["award", "unit", "officer"], name="one_override_per_subject"
            ),
            models.UniqueConstraint(
                fields=["award", "unit"], condition=Q(officer=None), name="one_override_per_unit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award}：{'授予' if self.granted else '不授予'}"


class Confirmation(models.Model):
    """The chief editor's confirmation of a scheme's list; ``Winner`` rows are its
    snapshot, which the commendation notice prints. The notice's 成文日期 is the day
    of confirmation, so every download of it carries the same date."""

    scheme = models.OneToOneField(
        Scheme, verbose_name="考核方案", on_delete=models.CASCADE, related_name="award_confirmation"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="确认人", on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField("确认时间", default=clock.now)
    written_on = models.DateField("成文日期")

    class Meta:
        verbose_name = verbose_name_plural = "评先名单确认"

    def __str__(self) -> str:
        return f"{self.scheme}评先名单"


class Winner(AboutSubject):
    confirmation = models.ForeignKey(
        Confirmation, verbose_name="确认", on_delete=models.CASCADE, related_name="winners"
    )
    award = models.ForeignKey(
        Award, verbose_name="奖项", on_delete=models.CASCADE, related_name="winners"
    )
    position = models.PositiveSmallIntegerField("顺序")
    overridden = models.BooleanField("主编调整", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "获奖名单"
        ordering = ["award__position", "position"]

    def __str__(self) -> str:
        who = self.officer.full_name if self.officer_id else self.unit.name
        return f"{self.award.name}：{who}"
