"""What the office asks units for: solicitations (约稿) with a deadline, and reporting
key points (报送要点) that items cite."""

from django.conf import settings
from django.db import models

from govdesk.lib import clock


class Solicitation(models.Model):
    office = models.ForeignKey(
        "units.Unit", verbose_name="约稿单位", on_delete=models.PROTECT, related_name="+"
    )
    topic = models.CharField("主题", max_length=200)
    requirements = models.TextField("要求", blank=True)
    deadline = models.DateTimeField("截止时间", db_index=True)
    units = models.ManyToManyField(
        "units.Unit", verbose_name="约稿对象", related_name="solicitations"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("发起时间", default=clock.now)

    class Meta:
        verbose_name = verbose_name_plural = "约稿"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.topic


class SolicitationResponse(models.Model):
    """A unit answers by linking one of its submitted items. Scoring reads these rows
    for the solicitation bonus once the item is adopted."""

    solicitation = models.ForeignKey(
        Solicitation, verbose_name="约稿", on_delete=models.CASCADE, related_name="responses"
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name="回应单位", on_delete=models.PROTECT, related_name="+"
    )
    item = models.ForeignKey(
        "items.Item", verbose_name="信息", on_delete=models.PROTECT, related_name="solicited_by"
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="关联人", on_delete=models.PROTECT, related_name="+"
    )
    linked_at = models.DateTimeField("回应时间", default=clock.now)

    class Meta:
        verbose_name = verbose_name_plural = "约稿回应"
        ordering = ["solicitation", "linked_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["solicitation", "item"], name="item_answers_once")
        ]

    def __str__(self) -> str:
        return f"{self.unit}：{self.item}"


class KeyPointKind(models.TextChoices):
    FOCUS = "focus", "重点"
    HOT = "hot", "热点"
    HARD = "hard", "难点"
    BRIGHT = "bright", "亮点"


class KeyPoint(models.Model):
    """报送要点: what leaders need now, for a period."""

    office = models.ForeignKey(
        "units.Unit", verbose_name="发布单位", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("类别", max_length=8, choices=KeyPointKind.choices)
    title = models.CharField("要点", max_length=200)
    description = models.TextField("说明", blank=True)
    starts_on = models.DateField("起始日期")
    ends_on = models.DateField("截止日期")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发布人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("发布时间", default=clock.now)
    items = models.ManyToManyField(
        "items.Item", verbose_name="相关信息", blank=True, related_name="key_points"
    )

    class Meta:
        verbose_name = verbose_name_plural = "报送要点"
        ordering = ["-starts_on", "kind", "id"]

    def __str__(self) -> str:
        return f"【{self.get_kind_display()}】{self.title}"
