import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from govdesk.lib import clock
from govdesk.units.models import Level


class Annotation(models.Model):
    """A leader's annotation (批示) on an item. Scoring prices it by ``leader_level``;
    an annotation that asks for action opens supervision for the responsible units.

    Leaders with an account annotate themselves; annotations made on paper, or by
    leaders above this deployment (province, State Council), are entered by an editor
    (``entered_by``) with the leader's name and level and ``on_behalf`` set."""

    item = models.ForeignKey(
        "items.Item", verbose_name="信息", on_delete=models.PROTECT, related_name="annotations"
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="批示领导",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="annotations_made",
    )
    leader_name = models.CharField("领导姓名职务", max_length=100)
    leader_level = models.PositiveSmallIntegerField("领导层级", choices=Level.choices)
    text = models.TextField("批示内容")
    annotated_at = models.DateTimeField("批示时间", db_index=True)
    requires_action = models.BooleanField("需办理落实", default=False)
    on_behalf = models.BooleanField("代为录入", default=False)
    evidence = models.CharField(
        "依据", max_length=200, blank=True, help_text="代录时注明来源，如纸质批件编号"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("录入时间", default=clock.now)

    class Meta:
        verbose_name = verbose_name_plural = "领导批示"
        ordering = ["-annotated_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(on_behalf=True) | Q(leader__isnull=False),
                name="annotation_by_leader_or_entered_for_one",
            )
        ]

    def __str__(self) -> str:
        return f"{self.leader_name}批示：{self.text[:20]}"


class TaskState(models.IntegerChoices):
    OPEN = 0, "办理中"
    ANSWERED = 10, "已反馈"
    CLOSED = 20, "已办结"


class SupervisionTask(models.Model):
    """督办: one responsible unit's duty to act on an annotation by a deadline counted in
    working days (see ``govdesk.lib.workdays``)."""

    annotation = models.ForeignKey(
        Annotation, verbose_name="批示", on_delete=models.PROTECT, related_name="tasks"
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name="承办单位", on_delete=models.PROTECT, related_name="+"
    )
    office = models.ForeignKey(
        "units.Unit", verbose_name="督办单位", on_delete=models.PROTECT, related_name="+"
    )
    deadline = models.DateField("办理期限", db_index=True)
    deadline_estimated = models.BooleanField("期限按周末推算", default=False)
    state = models.PositiveSmallIntegerField(
        "状态", choices=TaskState.choices, default=TaskState.OPEN
    )
    opened_at = models.DateTimeField("督办时间", default=clock.now)
    answered_at = models.DateTimeField("反馈时间", null=True, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "批示督办"
        ordering = ["state", "deadline", "id"]
        constraints = [
            models.UniqueConstraint(fields=["annotation", "unit"], name="one_task_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.unit} 办理 {self.annotation}"

    @property
    def is_overdue(self) -> bool:
        return self.state == TaskState.OPEN and self.deadline < timezone.localdate(clock.now())


def _feedback_path(instance: "Feedback", filename: str) -> str:
    # Stored names never derive from the uploader's file name.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"feedback/{clock.now():%Y/%m}/{uuid.uuid4().hex}.{ext}"


class Feedback(models.Model):
    """反馈落实情况: what a unit did about an annotation."""

    task = models.ForeignKey(
        SupervisionTask, verbose_name="督办", on_delete=models.CASCADE, related_name="feedback"
    )
    text = models.TextField("落实情况")
    file = models.FileField("附件", upload_to=_feedback_path, max_length=200, blank=True)
    original_name = models.CharField("文件名", max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="反馈人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("反馈时间", default=clock.now)

    class Meta:
        verbose_name = verbose_name_plural = "落实反馈"
        ordering = ["task", "created_at", "id"]

    def __str__(self) -> str:
        return self.text[:30]
