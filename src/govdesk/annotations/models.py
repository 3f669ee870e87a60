from django.conf import settings
from django.db import models
from django.db.models import Q

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
