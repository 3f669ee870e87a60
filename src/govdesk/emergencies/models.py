"""Emergency events and their written reports, the alerts they raise and the
deliveries that carry them, and the duty rosters and spot checks of 值班."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q

from govdesk.lib import clock
from govdesk.notifications.models import Message
from govdesk.units.models import Unit


class Category(models.TextChoices):
    NATURAL = "natural", "自然灾害"
    ACCIDENT = "accident", "事故灾难"
    HEALTH = "health", "公共卫生"
    SECURITY = "security", "社会安全"


class Severity(models.IntegerChoices):
    """突发事件分级, most severe first."""

    EXTRAORDINARY = 1, "特别重大（Ⅰ级）"
    MAJOR = 2, "重大（Ⅱ级）"
    LARGE = 3, "较大（Ⅲ级）"
    ORDINARY = 4, "一般（Ⅳ级）"


class ReportingLimit(models.Model):
    """How long after the event the first written report may arrive, per office. A
    blank category or severity matches any; the most specific row wins."""

    office = models.ForeignKey(
        Unit, verbose_name="办公室", on_delete=models.CASCADE, related_name="reporting_limits"
    )
    category = models.CharField("事件类别", max_length=16, choices=Category.choices, blank=True)
    severity = models.PositiveSmallIntegerField(
        "事件级别", choices=Severity.choices, null=True, blank=True
    )
    hours = models.DecimalField("报送时限（小时）", max_digits=5, decimal_places=2)
    basis = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "紧急信息报送时限"
        constraints = [
            models.UniqueConstraint(
                fields=["office", "category", "severity"], name="one_limit_per_case"
            )
        ]

    def __str__(self) -> str:
        return f"{self.office} {self.get_category_display() or '各类'} {self.hours} 小时"

    @property
    def limit(self) -> timedelta:
        return timedelta(hours=float(self.hours))


class AlertSettings(models.Model):
    """Who an office alerts besides its duty officers, and when it escalates."""

    office = models.OneToOneField(
        Unit, verbose_name="办公室", on_delete=models.CASCADE, related_name="alert_settings"
    )
    leaders = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="同时提醒的领导", blank=True, related_name="+"
    )
    duty_officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="提醒的值班员",
        blank=True,
        related_name="+",
        help_text="不选则提醒本办全部值班员",
    )
    email = models.BooleanField(
        "同时发送电子邮件", default=True, help_text="发往被提醒人员账号中登记的邮箱"
    )
    escalate_after_minutes = models.PositiveIntegerField("无人确认多少分钟后升级", default=15)
    remind_before_minutes = models.PositiveIntegerField("报告到期前多少分钟提醒", default=60)
    follow_up_hours = models.PositiveIntegerField(
        "续报间隔（小时）",
        default=6,
        help_text="每次报告后多少小时内须续报；0 为不限；日报为 24 小时",
    )

    class Meta:
        verbose_name = verbose_name_plural = "紧急信息提醒设置"

    def __str__(self) -> str:
        return f"{self.office} 提醒设置"

    def follow_up(self, *, daily: bool) -> timedelta | None:
        if daily:
            return timedelta(days=1)
        return timedelta(hours=self.follow_up_hours) if self.follow_up_hours else None


class Event(models.Model):
    """One emergency: opened by a phone pre-report or by the first written report,
    followed up (续报) until a final report (终报) closes it."""

    office = models.ForeignKey(
        Unit, verbose_name="接收办公室", on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name="报告单位", on_delete=models.PROTECT, related_name="emergency_events"
    )
    title = models.CharField("事件", max_length=200)
    category = models.CharField("事件类别", max_length=16, choices=Category.choices)
    severity = models.PositiveSmallIntegerField(
        "事件级别", choices=Severity.choices, default=Severity.ORDINARY
    )
    place = models.CharField("地点", max_length=200, blank=True)
    occurred_at = models.DateTimeField("事发时间")
    learned_at = models.DateTimeField("接报时间")
    report_due_at = models.DateTimeField("书面报告时限")
    # 先电话后书面: the duty officer's record of the call, when there was one.
    phone_caller = models.CharField("来电人", max_length=50, blank=True)
    phone_at = models.DateTimeField("来电时间", null=True, blank=True)
    phone_summary = models.TextField("电话报告内容", blank=True)
    phone_taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接电话值班员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    daily_reporting = models.BooleanField("日报（每日续报）", default=False)
    next_due_at = models.DateTimeField("下次报告时限", null=True, blank=True, db_index=True)
    reminded_for = models.DateTimeField("已提醒的时限", null=True, blank=True)
    last_report_at = models.DateTimeField("最近报告时间", null=True, blank=True)
    closed_at = models.DateTimeField("终报时间", null=True, blank=True)
    opened_at = models.DateTimeField("立案时间", default=clock.now)

    class Meta:
        verbose_name = verbose_name_plural = "突发事件"
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(
                fields=["office", "occurred_at"],
                name="open_event_by_office",
                condition=Q(closed_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.next_due_at is not None and self.next_due_at < clock.now()


class EmergencyReport(models.Model):
    """The emergency facts of one written report (an Item of kind 紧急)."""

    item = models.OneToOneField(
        "items.Item",
        verbose_name="信息",
        on_delete=models.PROTECT,
        related_name="emergency",
    )
    event = models.ForeignKey(
        Event, verbose_name="事件", on_delete=models.PROTECT, related_name="reports"
    )
    sequence = models.PositiveSmallIntegerField("序号", help_text="0 为首报，1、2…… 为续报")
    is_final = models.BooleanField("终报", default=False)
    occurred_at = models.DateTimeField("事发时间")
    learned_at = models.DateTimeField("接报时间")
    place = models.CharField("地点", max_length=200)
    category = models.CharField("事件类别", max_length=16, choices=Category.choices)
    severity = models.PositiveSmallIntegerField("事件级别", choices=Severity.choices)
    casualties = models.CharField("伤亡情况", max_length=200, blank=True)
    trend = models.CharField("发展趋势", max_length=200, blank=True)
    leaders_on_site = models.CharField("到场领导", max_length=200, blank=True)
    measures = models.TextField("已采取措施", blank=True)
    due_at = models.DateTimeField("报送时限", null=True, blank=True)
    received_at = models.DateTimeField("送达时间", null=True, blank=True)
    is_late = models.BooleanField("迟报", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "紧急信息报告"
        ordering = ["event", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["event", "sequence"], name="one_report_per_sequence")
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.label}"

    @property
    def label(self) -> str:
        if self.is_final:
            return "终报"
        return "首报" if self.sequence == 0 else f"续报{self.sequence}"


class Reason(models.TextChoices):
    PHONE = "phone", "电话报告"
    REPORT = "report", "书面报告"
    ESCALATION = "escalation", "无人确认升级"
    REMINDER = "reminder", "报告到期提醒"


class EventMessage(Message):
    """A message about an event (its subject, text and deliveries are the
    ``Message``'s), alerted to people in the app until they acknowledge it."""

    event = models.ForeignKey(
        Event, verbose_name="事件", on_delete=models.CASCADE, related_name="messages"
    )
    report = models.ForeignKey(
        EmergencyReport, verbose_name="报告", null=True, blank=True, on_delete=models.CASCADE
    )
    reason = models.CharField("原因", max_length=16, choices=Reason.choices)
    escalated_at = models.DateTimeField("升级时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "紧急信息提醒"
        ordering = ["-created_at", "-id"]


class Alert(models.Model):
    """A notification in one person's in-app alert list, until they acknowledge it."""

    message = models.ForeignKey(
        EventMessage, verbose_name="提醒", on_delete=models.CASCADE, related_name="alerts"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="接收人", on_delete=models.CASCADE, related_name="+"
    )
    acknowledged_at = models.DateTimeField("确认时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "站内提醒"
        constraints = [
            models.UniqueConstraint(fields=["message", "recipient"], name="one_alert_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.recipient}：{self.message}"


class DutyRoster(models.Model):
    unit = models.ForeignKey(
        Unit, verbose_name="单位", on_delete=models.CASCADE, related_name="duty_rosters"
    )
    day = models.DateField("日期")
    leader = models.CharField("带班领导", max_length=50)
    officer = models.CharField("值班员", max_length=50)
    phone = models.CharField("值班电话", max_length=30)

    class Meta:
        verbose_name = verbose_name_plural = "值班表"
        ordering = ["day", "unit"]
        constraints = [models.UniqueConstraint(fields=["unit", "day"], name="one_roster_a_day")]

    def __str__(self) -> str:
        return f"{self.unit} {self.day}"


class SpotCheck(models.Model):
    """A call by the duty office to a unit's duty phone outside office hours."""

    office = models.ForeignKey(
        Unit, verbose_name="抽查单位", on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name="被抽查单位", on_delete=models.PROTECT, related_name="spot_checks"
    )
    checked_at = models.DateTimeField("抽查时间")
    number = models.CharField("拨打号码", max_length=30)
    answered = models.BooleanField("接听")
    answered_by = models.CharField("接听人", max_length=50, blank=True)
    notes = models.CharField("情况说明", max_length=500, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="抽查人", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = verbose_name_plural = "值班抽查"
        ordering = ["-checked_at"]

    def __str__(self) -> str:
        return f"{self.unit} {self.checked_at:%Y-%m-%d %H:%M}"
